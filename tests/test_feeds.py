"""RSS 2.0 and Atom feeds: pure helpers, then real builds read back with feedparser, bs4 and lxml."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import DEFAULT_NOW
from feed_rules import feed_problems
from lxml import etree
from programme.outputs.absolute import absolute_html, absolute_srcset, element
from programme.outputs.feed_entries import Entry, FeedSite, entry_updated, newest_first

BASE = "https://sciences.orleans-metropole.fr"
TAG = "tag:sciences.orleans-metropole.fr,2026:"
ATOM = "http://www.w3.org/2005/Atom"
MRSS = "http://search.yahoo.com/mrss/"
FEEDS = ["flux/agenda", "flux/actualites", "flux/webtv", "flux/cycles/bar-des-sciences", "flux/cycles/conferences",
         "flux/projets/pollinisateurs"]
FEED_FILES = [f"{feed}.{extension}" for feed in FEEDS for extension in ("rss", "atom")]


def parse(site, relative: str) -> feedparser.FeedParserDict:
    parsed = feedparser.parse((site.output / relative).read_bytes())
    assert not parsed.bozo, (relative, parsed.get("bozo_exception"))
    return parsed


def entry_for(parsed, slug: str):
    return next(entry for entry in parsed.entries if entry.id.endswith(f"/{slug}"))


# --- pure helpers ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("body", "expected"), [
    ('<a href="/agenda/">a</a>', '<a href="https://x.fr/agenda/">a</a>'),
    ('<a href="../autre/">a</a>', '<a href="https://x.fr/evenements/autre/">a</a>'),
    ('<a href="#suite">a</a>', '<a href="https://x.fr/evenements/e/#suite">a</a>'),
    ('<a href="mailto:a@x.fr">a</a>', '<a href="mailto:a@x.fr">a</a>'),
    ('<img src="https://cdn.fr/i.jpg" alt="">', '<img src="https://cdn.fr/i.jpg" alt="">'),
    ('<img src="i.jpg" srcset="i-1.webp 1x, i-2.webp 2x" alt="">',
     '<img src="https://x.fr/evenements/e/i.jpg" srcset="https://x.fr/evenements/e/i-1.webp 1x, '
     'https://x.fr/evenements/e/i-2.webp 2x" alt="">'),
    ('<video poster="/p.jpg"><source src="/v.webm"><track src="/c.vtt"></video>',
     '<video poster="https://x.fr/p.jpg"><source src="https://x.fr/v.webm"><track src="https://x.fr/c.vtt"></video>'),
    ("texte &amp; <em>suite</em>", "texte &amp; <em>suite</em>"),
    # Every element that has a URL, at any depth, after other top-level nodes; an empty one stays empty.
    ('<p>a</p><ul><li><p><a href="x/">x</a> <a href="">y</a></p></li></ul><blockquote cite="/c"></blockquote>',
     '<p>a</p><ul><li><p><a href="https://x.fr/evenements/e/x/">x</a> <a href="">y</a></p></li></ul>'
     '<blockquote cite="https://x.fr/c"></blockquote>'),
    # Parsed as browsers parse a <div>'s content: tags closed, a stray end tag dropped, comments kept.
    ("<p>fin <br> a<b>gras", "<p>fin <br> a<b>gras</b></p>"),
    ("a </div> b <!-- note --><p>c", "a  b <!-- note --><p>c</p>"),
    ('<p title="1 > 0">« guillemets » "droits"</p>', '<p title="1 &gt; 0">« guillemets » "droits"</p>'),
])
def test_absolute_html_resolves_every_url_against_the_page(body, expected):
    assert absolute_html(body, "https://x.fr/evenements/e/") == f"<div>{expected}</div>"


def test_markup_we_add_is_built_from_escaped_text():
    before = [element("p", element("strong", "Annulé <b>"), " & reporté", element("br"), "ici")]
    assert absolute_html("<p>corps</p>", "https://x.fr/", before) == \
        "<div><p><strong>Annulé &lt;b&gt;</strong> &amp; reporté<br>ici</p><p>corps</p></div>"


@pytest.mark.parametrize(("srcset", "expected"), [
    ("a.jpg", "https://x.fr/a.jpg"),
    ("a.jpg 480w, /b.jpg 960w", "https://x.fr/a.jpg 480w, https://x.fr/b.jpg 960w"),
    (" a.jpg  1x ,", "https://x.fr/a.jpg 1x"),
])
def test_absolute_srcset(srcset, expected):
    assert absolute_srcset(srcset, "https://x.fr/") == expected


def test_ids_are_tag_uris_and_urls_absolute():
    site = FeedSite("https://x.fr", "x.fr", "2026", Path("."), datetime(2026, 11, 25, tzinfo=timezone.utc))
    assert site.tag("event/sols") == "tag:x.fr,2026:event/sols"
    assert site.absolute("evenements/sols/") == "https://x.fr/evenements/sols/"
    assert site.absolute("https://tube.fr/v.mp4") == "https://tube.fr/v.mp4"


def test_an_entry_is_updated_when_it_changed_and_never_after_the_build():
    day, later = datetime(2026, 10, 1, tzinfo=timezone.utc), datetime(2026, 10, 5, tzinfo=timezone.utc)
    now, epoch = datetime(2026, 11, 25, tzinfo=timezone.utc), datetime(2026, 1, 1, tzinfo=timezone.utc)
    assert entry_updated(SimpleNamespace(date=day), now, epoch) == day  # never changed: when it was announced
    assert entry_updated(SimpleNamespace(date=day, modified=later), now, epoch) == later
    assert entry_updated(SimpleNamespace(date=later, modified=day), now, epoch) == later  # never before announced
    assert entry_updated(SimpleNamespace(date=datetime(2027, 1, 1, tzinfo=timezone.utc)), now, epoch) == now


def test_newest_first_then_by_id():
    def entry(id_: str, day: int) -> Entry:
        moment = datetime(2026, 12, day, tzinfo=timezone.utc)
        return Entry(id_, id_, "", moment, moment, "", "")

    entries = [entry("b", 1), entry("c", 3), entry("a", 1), entry("d", 2)]
    assert [e.id for e in newest_first(entries)] == ["c", "d", "a", "b"]


# --- the built fixture site -----------------------------------------------------------------------------

@pytest.mark.parametrize("relative", FEED_FILES)
def test_every_feed_parses_cleanly(built, relative):
    parsed = parse(built, relative)
    assert parsed.version == ("rss20" if relative.endswith(".rss") else "atom10")
    assert parsed.feed.title.startswith("Sciences à Orléans — ")
    assert parsed.feed.language == "fr"
    assert parsed.entries


@pytest.mark.parametrize("relative", FEED_FILES)
def test_every_feed_follows_the_w3c_validators_rules(built, relative):
    """No error and no « Implausible date » (the rules and their names: `feed_rules`)."""
    built_at = datetime.fromisoformat(DEFAULT_NOW).replace(tzinfo=ZoneInfo("Europe/Paris"))
    assert feed_problems((built.output / relative).read_bytes(), built_at) == []


def test_feed_titles_and_pages(built):
    titles = {feed: parse(built, f"{feed}.rss").feed for feed in FEEDS}
    assert titles["flux/agenda"].title == "Sciences à Orléans — Agenda"
    assert titles["flux/agenda"].link == f"{BASE}/agenda/"
    assert titles["flux/actualites"].link == f"{BASE}/actualites/"
    assert titles["flux/webtv"].link == f"{BASE}/webtv/"
    assert titles["flux/cycles/conferences"].title == "Sciences à Orléans — Cycle Conférences du jeudi"
    assert titles["flux/cycles/conferences"].link == f"{BASE}/cycles/conferences/"


def test_agenda_has_every_event_newest_first_with_date_and_venue(built):
    for extension in ("rss", "atom"):
        parsed = parse(built, f"flux/agenda.{extension}")
        assert [entry.id for entry in parsed.entries] == [
            f"{TAG}event/{slug}" for slug in ("webinaire", "conference-annulee", "sols-vivants", "exposition", "abeilles-et-cafe")
        ]
        sols = entry_for(parsed, "sols-vivants")
        assert sols.title == "Les sols vivants — jeudi 3 décembre 2026, 19 h"
        assert sols.link == f"{BASE}/evenements/sols-vivants/"
        assert sols.summary.startswith("jeudi 3 décembre 2026, de 19 h à 21 h · Muséum d'Orléans, 6 rue Marcel Proust")
        assert "vie des sols" in sols.content[0].value
        assert {tag.term for tag in sols.tags} == {"Conférences du jeudi", "sol", "biodiversité"}
        assert entry_for(parsed, "webinaire").summary.startswith("jeudi 14 janvier 2027, de 12 h 30 à 13 h 30 · En ligne.")


def test_rss_guids_are_not_permalinks(built):
    raw = (built.output / "flux/agenda.rss").read_text(encoding="utf-8")
    parsed = parse(built, "flux/agenda.rss")
    assert all(entry.guidislink is False and entry.id.startswith(TAG) for entry in parsed.entries)
    assert f'<guid isPermaLink="false">{TAG}event/sols-vivants</guid>' in raw


@pytest.mark.parametrize("relative", ["flux/agenda.rss", "flux/agenda.atom", "flux/cycles/conferences.atom"])
def test_cancelled_events_say_so_first(built, relative):
    entry = entry_for(parse(built, relative), "conference-annulee")
    assert entry.title == "Annulé : Conférence annulée — jeudi 10 décembre 2026, 19 h"
    assert entry.summary.startswith("Annulé · ")
    assert not entry_for(parse(built, relative), "sols-vivants").title.startswith("Annulé")


def assert_published_image(built, url: str) -> None:
    """An absolute URL of an image derivative that the build really wrote."""
    assert url.startswith(f"{BASE}/images/"), url
    assert (built.output / url.removeprefix(f"{BASE}/")).is_file(), url


def test_cycle_feeds_hold_only_their_events(built):
    parsed = parse(built, "flux/cycles/bar-des-sciences.atom")
    assert [entry.id for entry in parsed.entries] == [f"{TAG}event/abeilles-et-cafe"]


def test_news_feed_has_full_content_and_plain_summary(built):
    entry = parse(built, "flux/actualites.atom").entries[0]
    assert entry.id == f"{TAG}article/bienvenue" and entry.title == "Bienvenue"
    assert entry.summary == "Le nouveau site est en ligne."
    assert entry.published_parsed[:3] == (2026, 10, 1)
    soup = BeautifulSoup(entry.content[0].value, "html5lib")
    assert {a["href"] for a in soup.find_all("a")} == {f"{BASE}/agenda/", f"{BASE}/mentions-legales/"}
    assert_published_image(built, soup.img["src"])


@pytest.mark.parametrize("relative", FEED_FILES)
def test_every_url_in_a_feed_is_absolute(built, relative):
    parsed = parse(built, relative)
    urls = [parsed.feed.link]
    for entry in parsed.entries:
        urls += [entry.link] + [link.href for link in entry.links]
        urls += [media["url"] for media in entry.get("media_thumbnail", []) + entry.get("media_content", []) if "url" in media]
        for content in entry.content:
            soup = BeautifulSoup(content.value, "html5lib")
            for node in soup.find_all(True):
                urls += [node[name] for name in ("href", "src", "poster") if node.has_attr(name)]
    assert urls and all(url.startswith(("https://", "mailto:")) for url in urls), urls


def test_episode_feed_is_a_video_feed(built):
    local_size = (built.content / "media/sols-entretien.mp4").stat().st_size
    rss = parse(built, "flux/webtv.rss")
    atom = parse(built, "flux/webtv.atom")
    assert [entry.id for entry in rss.entries] == [f"{TAG}episode/abeilles-video", f"{TAG}episode/sols-entretien"]
    for parsed in (rss, atom):
        local = entry_for(parsed, "sols-entretien")
        (enclosure,) = local.enclosures
        assert (enclosure.href, enclosure.length, enclosure.type) == (f"{BASE}/media/sols-entretien.mp4", str(local_size), "video/mp4")
        (thumbnail,) = local.media_thumbnail
        assert_published_image(built, thumbnail["url"])
        assert local.media_content[0]["url"] == f"{BASE}/media/sols-entretien.mp4"
        assert local.media_content[0]["duration"] == "510" and local.media_content[0]["medium"] == "video"
        poster = BeautifulSoup(local.content[0].value, "html5lib").img  # for readers without Media RSS
        assert poster["src"] == thumbnail["url"] and poster["alt"] == "Qu'est-ce qu'un sol vivant ?"
        assert local.summary.startswith("Vidéo (8 min 30 s). ")
        hosted = entry_for(parsed, "abeilles-video")  # YouTube: no file to enclose, the page to watch it
        assert hosted.enclosures == []
        assert hosted.link == f"{BASE}/webtv/abeilles-video/"
        assert hosted.media_player["url"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
        assert hosted.media_content[0]["duration"] == "3723"
    assert (built.output / "media/sols-entretien.mp4").stat().st_size == local_size


def test_remote_video_file_and_hosted_video_with_a_poster(site):
    site.write("webtv/distante.md", "Title: Distante\nDate: 2026-11-21\nVideo: https://tube.example.fr/v/d.webm\n\nTexte.")
    site.write("webtv/abeilles-video.md", (site.content / "webtv/abeilles-video.md").read_text(encoding="utf-8")
               .replace("Duration:", "Poster: images/portrait.jpg\nDuration:"))
    site.build()
    rss = (site.output / "flux/webtv.rss").read_text(encoding="utf-8")
    # RSS requires a length; 0 when unknown (RSS Best Practices Profile). Atom omits it.
    assert '<enclosure url="https://tube.example.fr/v/d.webm" length="0" type="video/webm"/>' in rss
    atom = (site.output / "flux/webtv.atom").read_text(encoding="utf-8")
    assert '<link href="https://tube.example.fr/v/d.webm" rel="enclosure" type="video/webm"/>' in atom
    hosted = entry_for(parse(site, "flux/webtv.rss"), "abeilles-video")
    (thumbnail,) = hosted.media_thumbnail  # the given poster's derivative, not a generated one
    assert thumbnail["url"].startswith(f"{BASE}/images/portrait-")
    assert_published_image(site, thumbnail["url"])


def test_ids_survive_rebuilds_and_a_new_date(site):
    site.build()
    before = {relative: parse(site, relative) for relative in ("flux/agenda.rss", "flux/agenda.atom")}
    bytes_before = (site.output / "flux/agenda.atom").read_bytes()
    site.build()
    assert (site.output / "flux/agenda.atom").read_bytes() == bytes_before
    path = site.content / "evenements/sols-vivants.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Date: 2026-12-03 19:00", "Date: 2026-12-17 19:00"),
                    encoding="utf-8")
    site.build(now="2026-11-26T09:00")  # the edit is published a day later
    for relative, old in before.items():
        new = parse(site, relative)
        assert {entry.id for entry in new.entries} == {entry.id for entry in old.entries}
        moved, was = entry_for(new, "sols-vivants"), entry_for(old, "sols-vivants")
        assert moved.title == "Les sols vivants — jeudi 17 décembre 2026, 19 h"  # the new date, in the title
        assert moved.published_parsed == was.published_parsed  # still the same announcement, never a new item
        if relative.endswith(".atom"):  # RSS items carry only pubDate, their announcement
            assert moved.updated_parsed[:4] == (2026, 11, 26, 8)  # when the change was published (UTC)
            assert new.entries[0].id.endswith("/sols-vivants")  # the latest change comes first


def test_a_cancellation_updates_the_entry(site):
    site.build()
    was = entry_for(parse(site, "flux/agenda.atom"), "sols-vivants")
    path = site.content / "evenements/sols-vivants.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Venue: museum", "Venue: museum\nState: cancelled"),
                    encoding="utf-8")
    site.build(now="2026-11-27T10:30")
    now = entry_for(parse(site, "flux/agenda.atom"), "sols-vivants")
    assert now.id == was.id and now.title.startswith("Annulé : ")
    assert now.updated_parsed > was.updated_parsed


def test_feeds_do_not_depend_on_the_build_time(site):
    site.build(now="2026-11-25T12:00")
    first = {name: data for name, data in site.files().items() if name.startswith("flux/")}
    site.build(now="2027-06-01T08:00")
    assert {name: data for name, data in site.files().items() if name.startswith("flux/")} == first
    assert len(first) == len(FEED_FILES) + 1  # and the « Flux RSS » page


def test_preview_siteurl_still_gives_absolute_urls(site):
    site.build(SITEURL="http://localhost:8000")
    parsed = parse(site, "flux/agenda.atom")
    assert parsed.entries[0].link == "http://localhost:8000/evenements/webinaire/"
    assert parsed.feed.links[0].href == "http://localhost:8000/flux/agenda.atom"


SITE_WIDE_FEEDS = [name for name in FEED_FILES if not name.startswith(("flux/cycles/", "flux/projets/"))]


def advertised_feeds(built, page: str) -> dict[str, str]:
    """href → title of the feeds a page's <head> announces."""
    links = built.html(page).head.find_all("link", rel="alternate")
    types = {"rss": "application/rss+xml", "atom": "application/atom+xml"}
    feeds = {link["href"]: link["title"] for link in links if link["type"] != "text/calendar"}
    for link in links:
        if link["type"] != "text/calendar":
            assert link["type"] == types[link["href"].rsplit(".", 1)[1]]
    return feeds


@pytest.mark.parametrize("page", ["index.html", "agenda/index.html", "evenements/webinaire/index.html",
                                  "actualites/bienvenue/index.html", "mentions-legales/index.html",
                                  "webtv/sols-entretien/index.html", "chercheurs/index.html"])
def test_every_page_advertises_the_site_wide_feeds_only(built, page):
    # A cycle's feed on every page made each <head> grow with the archives; the cycle's pages have it.
    feeds = advertised_feeds(built, page)
    assert set(feeds) == {f"{BASE}/{name}" for name in SITE_WIDE_FEEDS}
    assert feeds[f"{BASE}/flux/agenda.rss"] == "Sciences à Orléans — Agenda (RSS)"


@pytest.mark.parametrize("page", ["cycles/conferences/index.html", "evenements/sols-vivants/index.html"])
def test_a_cycle_and_its_events_advertise_the_cycles_feed(built, page):
    feeds = advertised_feeds(built, page)
    assert set(feeds) == {f"{BASE}/{name}" for name in SITE_WIDE_FEEDS} | {
        f"{BASE}/flux/cycles/conferences.rss", f"{BASE}/flux/cycles/conferences.atom"}
    assert feeds[f"{BASE}/flux/cycles/conferences.atom"] == "Sciences à Orléans — Cycle Conférences du jeudi (Atom)"


def test_the_feeds_page_advertises_every_feed(built):
    assert set(advertised_feeds(built, "flux/index.html")) == {f"{BASE}/{name}" for name in FEED_FILES}


def test_feeds_page_lists_every_feed_and_the_calendar(built):
    soup = built.html("flux/index.html")
    hrefs = {a["href"] for a in soup.find("main").find_all("a", href=True)}
    assert {f"/{name}" for name in FEED_FILES} | {"/agenda.ics"} <= hrefs
    text = soup.find("main").get_text(" ", strip=True)
    assert "lecteur de flux" in text and f"{BASE}/flux/agenda.rss" in text and f"{BASE}/agenda.ics" in text
    assert soup.h1.get_text(strip=True) == "Flux RSS"
    footer = built.html("index.html").find("footer")
    assert footer.find("a", string="Flux RSS")["href"] == "/flux/"
    assert f"{BASE}/flux/" in (built.output / "sitemap.xml").read_text(encoding="utf-8")


# --- XML structure each format requires -----------------------------------------------------------------

@pytest.mark.parametrize("feed", FEEDS)
def test_rss_structure(built, feed):
    root = etree.parse(str(built.output / f"{feed}.rss")).getroot()
    assert root.tag == "rss" and root.get("version") == "2.0"
    (channel,) = root.findall("channel")
    for name in ("title", "link", "description"):
        assert channel.findtext(name).strip(), name
    assert channel.findtext("link").startswith(BASE)
    parsedate_to_datetime(channel.findtext("lastBuildDate"))
    self_link = channel.find(f"{{{ATOM}}}link[@rel='self']")
    assert self_link.get("href") == f"{BASE}/{feed}.rss" and self_link.get("type") == "application/rss+xml"
    items = channel.findall("item")
    assert items
    for item in items:
        assert item.findtext("title") and item.findtext("link").startswith(BASE)
        guid = item.find("guid")
        assert guid.get("isPermaLink") == "false" and guid.text.startswith(TAG)
        parsedate_to_datetime(item.findtext("pubDate"))
        for enclosure in item.findall("enclosure"):
            assert enclosure.get("url").startswith("https://") and enclosure.get("type").startswith("video/")
            assert enclosure.get("length").isdigit()
    assert len({item.findtext("guid") for item in items}) == len(items)


@pytest.mark.parametrize("feed", FEEDS)
def test_atom_structure(built, feed):
    root = etree.parse(str(built.output / f"{feed}.atom")).getroot()
    assert root.tag == f"{{{ATOM}}}feed"
    for name in ("id", "title", "updated"):
        assert len(root.findall(f"{{{ATOM}}}{name}")) == 1, name
    assert root.findtext(f"{{{ATOM}}}id").startswith(TAG)
    datetime.fromisoformat(root.findtext(f"{{{ATOM}}}updated"))
    assert root.findtext(f"{{{ATOM}}}author/{{{ATOM}}}name")
    assert root.find(f"{{{ATOM}}}link[@rel='self']").get("href") == f"{BASE}/{feed}.atom"
    entries = root.findall(f"{{{ATOM}}}entry")
    assert entries
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{{{ATOM}}}{name}")) == 1, name
        datetime.fromisoformat(entry.findtext(f"{{{ATOM}}}updated"))
        (alternate,) = entry.findall(f"{{{ATOM}}}link[@rel='alternate']")
        assert alternate.get("href").startswith(BASE) and alternate.get("type") == "text/html"
        for enclosure in entry.findall(f"{{{ATOM}}}link[@rel='enclosure']"):
            assert enclosure.get("href").startswith("https://") and enclosure.get("type").startswith("video/")
        assert entry.find(f"{{{ATOM}}}content").get("type") == "html"
    assert max(datetime.fromisoformat(e.findtext(f"{{{ATOM}}}updated")) for e in entries) == \
        datetime.fromisoformat(root.findtext(f"{{{ATOM}}}updated"))  # the feed's date is its latest entry's
    assert len({entry.findtext(f"{{{ATOM}}}id") for entry in entries}) == len(entries)


@pytest.mark.parametrize("extension", ["rss", "atom"])
def test_media_rss_namespace(built, extension):
    root = etree.parse(str(built.output / f"flux/webtv.{extension}")).getroot()
    assert root.nsmap["media"] == MRSS
    entries = root.findall("channel/item") if extension == "rss" else root.findall(f"{{{ATOM}}}entry")
    for entry in entries:
        (content,) = entry.findall(f"{{{MRSS}}}content")
        assert content.get("medium") == "video" and content.get("duration").isdigit()
        assert content.get("url") or content.find(f"{{{MRSS}}}player") is not None
    thumbnails = root.findall(f".//{{{MRSS}}}thumbnail")
    assert len(thumbnails) == len(entries)  # every episode has a poster, its own or a generated one
    for thumbnail in thumbnails:
        assert_published_image(built, thumbnail.get("url"))
    agenda = etree.parse(str(built.output / f"flux/agenda.{extension}")).getroot()
    assert "media" not in agenda.nsmap  # only video feeds declare Media RSS


def test_metadata_stays_text_in_feeds(site):
    text = 'Science & <script>alert("x")</script> « citée »'
    site.write("evenements/piege.md", f"Title: {text}\nDate: 2026-12-20 10:00\nVenue: museum\nSummary: {text}\n\nTexte.")
    site.build()
    for extension in ("rss", "atom"):
        entry = entry_for(parse(site, f"flux/agenda.{extension}"), "piege")
        assert entry.title.startswith(text)
        summary = BeautifulSoup(entry.summary, "html5lib")  # summaries are HTML in both formats
        assert not summary.find("script") and summary.get_text().endswith(text)


def test_a_limited_feed_keeps_the_entries_a_full_feed_puts_first(site, tmp_path):
    site.build(OUTPUT_PATH=str(tmp_path / "full"))
    full = feedparser.parse((tmp_path / "full" / "flux/agenda.atom").read_bytes())
    site.build(FEED_MAX_ITEMS=2)
    limited = parse(site, "flux/agenda.atom")
    assert len(full.entries) > 2
    assert [entry.id for entry in limited.entries] == [entry.id for entry in full.entries[:2]]


def test_bodies_made_absolute_are_remembered_between_builds(tmp_path, monkeypatch):
    from programme.outputs import absolute

    calls = []
    real = absolute.absolute_html
    monkeypatch.setattr(absolute, "absolute_html", lambda *args: calls.append(args[0]) or real(*args))
    path = tmp_path / "feed-bodies.json"
    facts = [element("p", "Avec ", element("a", "Alice", href="/chercheurs/alice/"))]
    body = '<p><a href="/a/">a</a></p>'
    first = absolute.AbsoluteBodies(path)
    assert first(body, "https://x.fr/e/", facts) == real(body, "https://x.fr/e/", facts)
    first(body, "https://x.fr/e/", facts)  # the same entry in a second feed
    first("<p>b</p>", "https://x.fr/f/")
    assert len(calls) == 2
    first.save()
    second = absolute.AbsoluteBodies(path)  # the next build
    assert second(body, "https://x.fr/e/", facts) == real(body, "https://x.fr/e/", facts)
    assert len(calls) == 2
    second(body, "https://y.fr/e/", facts)  # another address: made again
    second("<p>b</p>", "https://x.fr/f/", [element("p", "Annulé")])  # other facts: made again
    assert len(calls) == 4
    second.save()
    assert len(json.loads(path.read_text(encoding="utf-8"))) == 3  # only what this build used

"""A published event renamed with `Anciens noms`/`PreviousSlugs`: its old address leads to the new one, and
subscribers keep the same event (calendar UID, feed entry id, memory), read back with the real parsers."""

from __future__ import annotations

import gzip
import json
from xml.etree import ElementTree

import feedparser
import icalendar
import pytest
from conftest import Site
from programme.build.check import check_site
from programme.problems import ContentError

MEMORY = ".memoire-calendriers"
DOMAIN = "sciences.orleans-metropole.fr"
ORIGINAL_UID = f"evenement-webinaire@{DOMAIN}"
ORIGINAL_ID = f"tag:{DOMAIN},2026:event/webinaire"


def rename(site: Site, old: str, new: str, previous: str | None, english: bool = False) -> None:
    """Rename an event's file, as staff do, keeping its old names in its header."""
    source = site.content / "evenements" / f"{old}.md"
    header, body = source.read_text(encoding="utf-8").split("\n\n", 1)
    field = "PreviousSlugs" if english else "Anciens noms"
    lines = [line for line in header.splitlines() if not line.startswith(("Anciens noms", "PreviousSlugs"))]
    if previous:
        lines.append(f"{field}: {previous}")
    source.unlink()
    site.write(f"evenements/{new}.md", "\n".join(lines) + "\n\n" + body)


def vevent(site: Site, slug: str) -> icalendar.Event:
    return icalendar.Calendar.from_ical((site.output / f"evenements/{slug}.ics").read_bytes()).walk("VEVENT")[0]


def agenda_entry(site: Site, title: str):
    parsed = feedparser.parse((site.output / "flux/agenda.atom").read_bytes())
    (entry,) = [entry for entry in parsed.entries if title in entry.title]
    return entry


@pytest.fixture
def renamed(site: Site) -> Site:
    """The webinaire, published, then renamed with its old name kept."""
    site.build(now="2026-11-25T12:00")
    rename(site, "webinaire", "webinaire-crues", "webinaire")
    site.build(now="2026-11-26T12:00")
    return site


def test_a_renamed_event_keeps_its_calendar_uid_and_feed_id_and_counts_as_one_change(renamed):
    event = vevent(renamed, "webinaire-crues")
    assert str(event["UID"]) == ORIGINAL_UID
    assert int(event["SEQUENCE"]) == 1 and event["DTSTAMP"].to_ical() == b"20261126T110000Z"  # its URL changed
    assert str(event["URL"]) == f"https://{DOMAIN}/evenements/webinaire-crues/"
    agenda = icalendar.Calendar.from_ical((renamed.output / "agenda.ics").read_bytes())
    assert [str(e["UID"]) for e in agenda.walk("VEVENT")].count(ORIGINAL_UID) == 1  # one event, not two
    entry = agenda_entry(renamed, "Webinaire inondations")
    assert entry.id == ORIGINAL_ID and entry.link == f"https://{DOMAIN}/evenements/webinaire-crues/"
    assert entry.published_parsed[:4] == (2026, 11, 25, 11)  # still announced when it first was


def test_the_memory_follows_the_event_and_the_old_file_goes(renamed):
    files = sorted(path.name for path in (renamed.content / MEMORY).iterdir())
    assert "webinaire.json" not in files and "webinaire-crues.json" in files
    entry = json.loads((renamed.content / MEMORY / "webinaire-crues.json").read_text(encoding="utf-8"))
    assert entry["first_slug"] == "webinaire" and entry["sequence"] == 1 and entry["first_seen"] == "2026-11-25T11:00:00Z"


def test_a_preview_of_a_rename_shows_the_same_and_writes_nothing(site):
    site.build(now="2026-11-25T12:00")
    rename(site, "webinaire", "webinaire-crues", "webinaire")
    before = sorted(path.name for path in (site.content / MEMORY).iterdir())
    site.build(now="2026-11-26T12:00", RECORD_CALENDAR_CHANGES=False)
    assert sorted(path.name for path in (site.content / MEMORY).iterdir()) == before
    assert str(vevent(site, "webinaire-crues")["UID"]) == ORIGINAL_UID and int(vevent(site, "webinaire-crues")["SEQUENCE"]) == 1


def test_the_old_address_leads_to_the_new_page(renamed):
    soup = renamed.html("evenements/webinaire/index.html")
    assert soup.html["lang"] == "fr"
    assert soup.find("link", rel="canonical")["href"] == f"https://{DOMAIN}/evenements/webinaire-crues/"
    refresh = soup.find("meta", attrs={"http-equiv": "refresh"})["content"]
    assert refresh == "0; url=/evenements/webinaire-crues/"
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert [a["href"] for a in soup.find_all("a")] == ["/evenements/webinaire-crues/"]
    assert "a changé d'adresse" in soup.get_text() and "Webinaire inondations" in soup.get_text()
    assert "data-pagefind-body" not in renamed.text("evenements/webinaire/index.html")


def test_the_old_address_is_in_no_sitemap_feed_or_search(renamed):
    everything = {name: data for name, data in renamed.files().items()
                  if name.endswith((".xml", ".rss", ".atom", ".ics")) and name != "evenements/webinaire-crues.ics"}
    assert not [name for name, data in everything.items() if b"/evenements/webinaire/" in data]
    sitemap = ElementTree.fromstring((renamed.output / "sitemap.xml").read_bytes())
    assert f"https://{DOMAIN}/evenements/webinaire-crues/" in {loc.text for loc in sitemap.iter() if loc.text}
    fragments = [json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
                 for path in (renamed.output / "pagefind/fragment").iterdir()]
    assert "/evenements/webinaire/" not in {fragment["url"] for fragment in fragments}
    assert "/evenements/webinaire-crues/" in {fragment["url"] for fragment in fragments}


def test_the_nginx_map_lists_the_old_paths(renamed):
    lines = renamed.text("redirections.map").splitlines()
    target = f"https://{DOMAIN}/evenements/webinaire-crues/"
    assert lines[1:] == [f"/evenements/webinaire {target};", f"/evenements/webinaire.ics https://{DOMAIN}/evenements/"
                         "webinaire-crues.ics;", f"/evenements/webinaire/ {target};",
                         f"/evenements/webinaire/index.html {target};"]


def test_a_site_without_renames_writes_an_empty_map(built):
    assert [line for line in built.text("redirections.map").splitlines() if not line.startswith("#")] == []


def test_a_second_rename_keeps_the_first_identity_whatever_the_order_of_the_old_names(renamed):
    rename(renamed, "webinaire-crues", "webinaire-val-de-loire", "webinaire-crues, webinaire", english=True)
    renamed.build(now="2026-11-27T12:00")
    event = vevent(renamed, "webinaire-val-de-loire")
    assert str(event["UID"]) == ORIGINAL_UID and int(event["SEQUENCE"]) == 2
    assert agenda_entry(renamed, "Webinaire inondations").id == ORIGINAL_ID
    assert sorted(path.stem for path in (renamed.content / MEMORY).iterdir() if "webinaire" in path.stem) == \
        ["webinaire-val-de-loire"]
    for old in ("webinaire", "webinaire-crues"):
        assert "/evenements/webinaire-val-de-loire/" in renamed.text(f"evenements/{old}/index.html")


def test_without_a_memory_the_first_old_name_is_the_identity(site):
    """A site never published since the rename was written: the oldest name, listed first, is the UID's."""
    rename(site, "webinaire", "webinaire-val-de-loire", "webinaire, webinaire-crues")
    site.build()
    assert str(vevent(site, "webinaire-val-de-loire")["UID"]) == ORIGINAL_UID


def test_renaming_without_old_names_is_a_new_event_for_subscribers(site):
    """What the field is for: without it, the old page is gone and calendars see another event."""
    site.build(now="2026-11-25T12:00")
    rename(site, "webinaire", "webinaire-crues", None)
    site.build(now="2026-11-26T12:00")
    assert str(vevent(site, "webinaire-crues")["UID"]) == f"evenement-webinaire-crues@{DOMAIN}"
    assert not (site.output / "evenements/webinaire/index.html").exists()


def problems_of(site: Site) -> list[tuple[str, str | None, str]]:
    with pytest.raises(ContentError) as error:
        site.build()
    found = [(p.path, p.field, p.message) for p in error.value.problems]
    assert [(p.path, p.field, p.message) for p in check_site(site.settings()).problems] == found
    assert all(problem.hint for problem in error.value.problems)
    return found


def test_an_old_name_that_is_a_live_events_is_refused_in_french(site):
    site.edit("evenements/webinaire.md", "Online:", "Anciens noms: sols-vivants\nOnline:")
    assert problems_of(site) == [("evenements/webinaire.md", "Anciens noms", "« sols-vivants » est l'identifiant d'un "
                                  "autre événement (evenements/sols-vivants.md) : son adresse ne peut pas mener ici.")]


def test_an_old_name_that_is_a_drafts_is_refused(site):
    site.edit("evenements/webinaire.md", "Online:", "Anciens noms: brouillon\nOnline:")
    assert problems_of(site)[0][2].startswith("« brouillon » est l'identifiant d'un autre événement "
                                              "(evenements/brouillon.md)")


def test_an_old_name_claimed_by_two_events_is_refused(site):
    site.edit("evenements/webinaire.md", "Online:", "Anciens noms: conference-inondations\nOnline:")
    site.edit("evenements/sols-vivants.md", "Venue:", "PreviousSlugs: conference-inondations\nVenue:")
    (problem,) = problems_of(site)  # files are read in order: the second one is told
    assert problem[:2] == ("evenements/webinaire.md", "Anciens noms")
    assert "est aussi un ancien nom de evenements/sols-vivants.md" in problem[2]


def test_an_events_own_slug_is_no_old_name(site):
    site.edit("evenements/webinaire.md", "Online:", "Anciens noms: webinaire\nOnline:")
    assert problems_of(site)[0][2] == "« webinaire » est l'identifiant actuel de cet événement, pas un ancien."


def test_an_old_name_must_be_written_as_the_slug_it_was(site):
    site.edit("evenements/webinaire.md", "Online:", "Anciens noms: Webinaire Inondations\nOnline:")
    (problem,) = problems_of(site)
    assert problem[2] == "« Webinaire Inondations » n'est pas écrit comme un identifiant (ce serait « webinaire-inondations »)."


def test_pelican_pages_and_news_keep_their_own_slugs(site):
    """A page or a news article may have the slug an event had: their addresses are elsewhere."""
    site.build(now="2026-11-25T12:00")
    rename(site, "webinaire", "webinaire-crues", "webinaire")
    site.write("pages/webinaire.md", "Title: Nos webinaires\n\nTous les webinaires du muséum.")
    site.write("actualites/webinaire.md", "Title: Un webinaire\nDate: 2026-11-20 10:00\n\nAnnonce.")
    site.build(now="2026-11-26T12:00")
    assert "Nos webinaires" in site.text("webinaire/index.html")
    assert "Un webinaire" in site.text("actualites/webinaire/index.html")
    assert "/evenements/webinaire-crues/" in site.text("evenements/webinaire/index.html")


def test_a_link_to_an_events_old_name_says_its_new_one(site):
    rename(site, "webinaire", "webinaire-crues", "webinaire")
    site.write("webtv/direct.md", "Title: En direct\nVideo: https://youtu.be/dQw4w9WgXcQ\nEvent: webinaire\n\nTexte.")
    (problem,) = check_site(site.settings()).problems
    assert (problem.path, problem.field) == ("webtv/direct.md", "Event")
    assert problem.hint == "c'est l'ancien nom de evenements/webinaire-crues.md : écrivez « webinaire-crues »."

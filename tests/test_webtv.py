"""A built site with an episode of every kind, embeds in bodies, read back with an HTML parser and Chromium.

The fixture adds a PeerTube episode (with a transcript), a file on another host, a file of our own with
captions, an episode whose title tries to close a script, and `[video: …]` lines in a news article,
a page and an event.
"""

import re
import shutil
import time
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup
import quality
from conftest import FIXTURE, Site
from serving import serve

PUBLIC = "https://sciences.orleans-metropole.fr"
NOCOOKIE = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&start=42"
EXTRACT = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&start=90"
TRAP = "Le </script><script>alert(1)</script> piège"

FILES = {
    "evenements/conference-passee.md": "Title: Les vers de terre\nDate: 2026-10-15 19:00\nVenue: museum\n"
                                       "Cycle: conferences\nSpeakers: alice-martin\n\nUne conférence.\n",
    "webtv/vers-de-terre.md": "Title: Les vers de terre, ingénieurs du sol\nDate: 2026-11-22\n"
                              "Video: https://tube.example.org/w/kkGMgK9ZtnKfYAgnEtQxbv?start=1m30s\n"
                              "Duration: 00:45:00\nSpeakers: alice-martin\nEvent: conference-passee\n\n"
                              "La conférence.\n\n## Transcription\n\n« Bonsoir à toutes et à tous. »\n\n"
                              "## Pour aller plus loin\n\nDes lectures.\n",
    "webtv/fichier-distant.md": "Title: Un fichier ailleurs\nDate: 2026-11-10\n"
                                "Video: https://webtv.example.org/media/talk.mp4\n\nSur le serveur de l'université.\n",
    "webtv/fichier-local.md": "Title: Un fichier chez nous\nDate: 2026-11-01\nVideo: media/videos/film.mp4\n"
                              "Captions: media/captions/film.vtt\nDuration: 02:05\n\nUn film court.\n",
    "webtv/piege.md": "Title: Le </script><script>alert(1)</script> piège\nDate: 2026-09-01\n"
                      "Video: https://youtu.be/dQw4w9WgXcQ\n\nTexte.\n",
    "actualites/video.md": "Title: Deux vidéos\nDate: 2026-10-02 10:00\n\nRevoir la soirée :\n\n"
                           "[video: abeilles-video]\n\nEt un extrait :\n\n"
                           "[vidéo: https://youtu.be/dQw4w9WgXcQ?t=90 | Un extrait choisi]\n",
    "pages/videos.md": "Title: Nos vidéos\n\n[video: vers-de-terre]\n",
    "evenements/projection.md": "Title: Projection\nDate: 2026-12-20 18:00\nVenue: museum\n\n"
                                "La projection de :\n\n[video: fichier-local]\n",
}


@pytest.fixture(scope="module")
def webtv(tmp_path_factory) -> Site:
    root = tmp_path_factory.mktemp("webtv")
    shutil.copytree(FIXTURE, root / "content")
    site = Site(root)
    for path, text in FILES.items():
        site.write(path, text)
    site.write("media/videos/film.mp4", b"\x00\x00\x00\x18ftypmp42")
    site.write("media/captions/film.vtt", "WEBVTT\n\n00:00.000 --> 00:02.000\nBonjour.\n")
    site.build()
    return site


def html_pages(site: Site) -> dict[str, BeautifulSoup]:
    """Every page (not the letters' e-mails, which are no pages: tests/test_letter.py)."""
    return {page: BeautifulSoup((site.output / page).read_text(encoding="utf-8"), "html5lib")
            for page in quality.html_pages(site.output)}


def facade(soup: BeautifulSoup, index: int = 0):
    return soup.find_all("figure", attrs={"data-video-facade": True})[index]


def assert_local(url: str, site: Site) -> None:
    assert (site.output / urlparse(url).path.lstrip("/")).is_file(), url


# -- episode pages --------------------------------------------------------------------------------


def test_youtube_episode_shows_a_facade_and_nothing_from_youtube(webtv):
    soup = webtv.html("webtv/abeilles-video/index.html")
    assert not soup.find("iframe")
    figure = facade(soup)
    assert figure["data-embed-kind"] == "iframe" and figure["data-embed-src"] == NOCOOKIE
    assert figure["data-embed-title"] == "Vidéo : Les abeilles sauvages"
    assert figure["data-embed-allow"] == "autoplay; fullscreen; picture-in-picture"
    link = figure.find("a", class_="video-facade-link")
    assert link["href"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s"
    assert " ".join(link.get_text().split()) == "Lire la vidéo Les abeilles sauvages 1 h 02 min"
    poster = link.find("img")
    assert poster["alt"] == "" and (poster["width"], poster["height"]) == ("1280", "720")
    assert_local(poster["src"], webtv)
    notice = figure.find("figcaption").get_text()
    assert "hébergée par YouTube" in notice and "cookies" in notice
    (script,) = soup.find_all("script", src=True)
    assert re.fullmatch(r"/theme/js/video-facade\.js\?v=[0-9a-f]{10}", script["src"])


def test_peertube_episode_keeps_its_start_and_folds_its_transcript(webtv):
    soup = webtv.html("webtv/vers-de-terre/index.html")
    figure = facade(soup)
    assert figure["data-embed-src"] == ("https://tube.example.org/videos/embed/kkGMgK9ZtnKfYAgnEtQxbv"
                                        "?autoplay=1&start=90")
    assert "hébergée par tube.example.org (PeerTube)" in figure.get_text()
    details = soup.find("details", class_="transcript")
    assert details.summary.get_text() == "Transcription" and "Bonsoir à toutes et à tous" in details.get_text()
    assert "Pour aller plus loin" not in details.get_text()
    assert soup.find("h2", string="Pour aller plus loin")
    assert {"/chercheurs/alice-martin/", "/evenements/conference-passee/"} <= {a["href"] for a in soup.find_all("a")}
    event = webtv.html("evenements/conference-passee/index.html")
    assert "/webtv/vers-de-terre/" in {a["href"] for a in event.find_all("a")}


def test_a_file_on_another_host_waits_for_the_click_too(webtv):
    soup = webtv.html("webtv/fichier-distant/index.html")
    assert not soup.find("video")
    figure = facade(soup)
    assert (figure["data-embed-kind"], figure["data-embed-type"]) == ("video", "video/mp4")
    assert figure["data-embed-src"] == "https://webtv.example.org/media/talk.mp4"


def test_our_own_file_plays_natively_with_captions(webtv):
    soup = webtv.html("webtv/fichier-local/index.html")
    video = soup.find("video")
    assert video.has_attr("controls") and video["preload"] == "none"
    assert_local(video["poster"], webtv)
    source = video.find("source")
    assert (source["src"], source["type"]) == ("/media/videos/film.mp4", "video/mp4")
    track = video.find("track")
    assert (track["kind"], track["srclang"], track["label"], track["src"]) == ("captions", "fr", "Français",
                                                                             "/media/captions/film.vtt")
    assert track.has_attr("default")
    for url in (source["src"], track["src"]):
        assert_local(url, webtv)
    assert not soup.find("script", src=True)  # no facade, no script


def test_video_object_structured_data(webtv):
    data = webtv.node("webtv/abeilles-video/index.html", "VideoObject")
    assert data["name"] == "Les abeilles sauvages"
    assert data["uploadDate"] == "2026-11-20T00:00:00+01:00" and data["duration"] == "PT1H2M3S"
    assert data["embedUrl"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=42"
    [thumbnail] = data["thumbnailUrl"]
    assert thumbnail.startswith(f"{PUBLIC}/images/abeilles-video-affiche-") and thumbnail.endswith("-1280.jpg")
    assert_local(thumbnail, webtv)
    trap = webtv.text("webtv/piege/index.html")
    assert "</script><script>alert" not in trap
    assert webtv.node("webtv/piege/index.html", "VideoObject")["name"] == TRAP
    local = webtv.node("webtv/fichier-local/index.html", "VideoObject")
    assert local["contentUrl"] == f"{PUBLIC}/media/videos/film.mp4"


# -- the WebTV listing and bodies -----------------------------------------------------------------


def test_webtv_lists_newest_first_with_posters_then_by_cycle_and_speaker(webtv):
    soup = webtv.html("webtv/index.html")
    everything = soup.find("section", attrs={"aria-labelledby": "toutes"})
    cards = everything.find_all("article", class_="episode-card")
    assert [card.h3.get_text(strip=True) for card in cards] == [
        "Les vers de terre, ingénieurs du sol", "Les abeilles sauvages", "Qu'est-ce qu'un sol vivant ?",
        "Un fichier ailleurs", "Un fichier chez nous", TRAP]
    for number, card in enumerate(cards, 1):
        poster = card.find("img", class_="picture-card")
        assert poster.get("loading", "eager") == ("eager" if number <= 3 else "lazy") and poster["alt"] == ""
        assert_local(poster["src"], webtv)

    def groups(section_id):
        section = soup.find("section", attrs={"aria-labelledby": section_id})
        return [(h3.get_text(strip=True), [a.get_text() for a in h3.find_next_sibling("ul").find_all("a")])
                for h3 in section.find_all("h3")]

    assert groups("par-cycle") == [
        ("Bar des sciences", ["Les abeilles sauvages"]),
        ("Conférences du jeudi", ["Les vers de terre, ingénieurs du sol"]),
        ("Autres vidéos", ["Qu'est-ce qu'un sol vivant ?", "Un fichier ailleurs", "Un fichier chez nous", TRAP]),
    ]
    assert groups("par-intervenant") == [("Alice Martin", ["Les vers de terre, ingénieurs du sol",
                                                           "Qu'est-ce qu'un sol vivant ?"]),
                                         ("Bruno Petit", ["Les abeilles sauvages"])]


def test_embeds_in_news_pages_and_events_get_the_same_facade(webtv):
    article = webtv.html("actualites/video/index.html")
    first, second = facade(article, 0), facade(article, 1)
    assert first["data-embed-src"] == NOCOOKIE
    assert first.find(class_="video-facade-title").get_text() == "Les abeilles sauvages"
    episode_poster = facade(webtv.html("webtv/abeilles-video/index.html")).find("img")["src"]
    assert first.find("img")["src"] == episode_poster and first.find("img")["loading"] == "lazy"
    assert second["data-embed-src"] == EXTRACT
    assert second.find(class_="video-facade-title").get_text() == "Un extrait choisi"
    assert_local(second.find("img")["src"], webtv)
    page = webtv.html("videos/index.html")
    assert facade(page)["data-embed-src"].startswith("https://tube.example.org/videos/embed/")
    event = webtv.html("evenements/projection/index.html")
    assert event.find("video").find("source")["src"] == "/media/videos/film.mp4"
    for soup in html_pages(webtv).values():
        assert not soup.find(attrs={"data-video-embed": True}), "placeholder left in a page"


# -- privacy and sharing, on every page -----------------------------------------------------------

LOADING_LINKS = {"stylesheet", "icon", "preload", "prefetch", "modulepreload", "manifest", "apple-touch-icon",
                 "preconnect", "dns-prefetch"}
LOADING_TAGS = ["script", "img", "source", "video", "audio", "track", "iframe", "embed", "object", "input"]


def resource_urls(soup: BeautifulSoup) -> list[str]:
    """Every address the browser fetches on its own when it reads the page."""
    urls = []
    for tag in soup.find_all(LOADING_TAGS):
        urls += [tag.get(name) for name in ("src", "poster", "data") if tag.get(name)]
        if tag.get("srcset"):
            urls += [part.split()[0] for part in tag["srcset"].split(",")]
    for link in soup.find_all("link", href=True):
        if LOADING_LINKS & set(link.get("rel", [])):
            urls.append(link["href"])
    for tag in soup.find_all(style=True):
        urls += re.findall(r"url\(([^)]*)\)", tag["style"])
    return urls


def test_no_page_requests_anything_from_another_host_before_a_click(webtv):
    pages = html_pages(webtv)
    assert len(pages) > 25
    for name, soup in pages.items():
        assert not soup.find(["iframe", "embed", "object"]), name
        for url in resource_urls(soup):
            assert not urlparse(url).netloc and not url.startswith("//"), f"{name}: {url}"
            assert_local(url, webtv)
    for stylesheet in webtv.output.rglob("*.css"):
        assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", stylesheet.read_text(encoding="utf-8"))


# Posters, cards' and the highlight's pictures, drawn logos, card portraits: beside the title or name they would repeat.
DECORATIVE = {"picture-poster", "picture-card", "picture-highlight", "picture-logo", "picture-thumb"}


def test_every_image_has_alt_text(webtv):
    images = [(name, img) for name, soup in html_pages(webtv).items() for img in soup.find_all("img")]
    assert len(images) > 20
    for name, img in images:
        assert img.has_attr("alt"), f"{name}: {img}"
        assert img["alt"].strip() or DECORATIVE & set(img.get("class", [])), f"{name}: {img}"
        assert img.has_attr("width") and img.has_attr("height"), f"{name}: {img}"


def test_every_page_has_open_graph_and_twitter_tags(webtv):
    for name, soup in html_pages(webtv).items():
        tags = {m.get("property") or m.get("name"): m["content"] for m in soup.find_all("meta", content=True)}
        for key in ["og:title", "og:description", "og:url", "og:type", "og:image", "og:image:alt", "twitter:card",
                    "twitter:title", "twitter:image"]:
            assert tags.get(key), f"{name}: {key}"
        locale = {"fr": "fr_FR", "en": "en_GB"}[soup.html["lang"]]  # an English colloquium's page is in English
        assert tags["og:locale"] == locale and tags["og:site_name"] == "Sciences à Orléans"
        assert tags["og:url"].startswith(f"{PUBLIC}/") and tags["og:image"].startswith(f"{PUBLIC}/images/")
        assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
        assert_local(tags["og:image"], webtv)
    event = {m.get("property"): m["content"] for m in webtv.html("evenements/sols-vivants/index.html").find_all("meta")
             if m.get("property")}
    assert event["og:title"] == "Les sols vivants" and event["og:url"] == f"{PUBLIC}/evenements/sols-vivants/"
    assert "/images/sols-vivants-partage-" in event["og:image"]
    home = {m.get("property"): m["content"] for m in webtv.html("index.html").find_all("meta") if m.get("property")}
    assert "/images/site-partage-" in home["og:image"] and home["og:type"] == "website"
    assert home["og:url"] == f"{PUBLIC}/"
    episode = {m.get("property"): m["content"] for m in webtv.html("webtv/abeilles-video/index.html").find_all("meta")
               if m.get("property")}
    assert episode["og:type"] == "video.other" and "/images/abeilles-video-partage-" in episode["og:image"]


# -- the real browser -----------------------------------------------------------------------------


class Network:
    """Lets loopback requests through and records (then aborts) every other one."""

    def __init__(self, page, base: str):
        self.base = base
        self.foreign: list[str] = []
        page.route("**/*", self.handle)

    def handle(self, route) -> None:
        if route.request.url.startswith(self.base):
            route.continue_()
        else:
            self.foreign.append(route.request.url)
            route.abort()

    def wait_for_foreign(self, page, timeout: float = 5.0) -> None:
        deadline = time.monotonic() + timeout
        while not self.foreign and time.monotonic() < deadline:
            page.wait_for_timeout(50)


@pytest.mark.browser
def test_nothing_leaves_the_site_until_the_facade_is_activated(webtv, browser):
    with serve(webtv.output) as base:
        page = browser.new_page()
        network = Network(page, base)
        for path in ["/", "/webtv/", "/actualites/video/", "/chercheurs/alice-martin/", "/webtv/abeilles-video/"]:
            page.goto(base + path, wait_until="networkidle")
        assert network.foreign == []
        assert page.locator("iframe").count() == 0
        page.locator(".video-facade-link").focus()
        page.keyboard.press("Enter")
        frame = page.locator("figure.video-facade iframe.video-frame")
        frame.wait_for()
        assert frame.get_attribute("src") == NOCOOKIE
        assert frame.get_attribute("title") == "Vidéo : Les abeilles sauvages"
        assert frame.get_attribute("allow") == "autoplay; fullscreen; picture-in-picture"
        assert frame.get_attribute("allowfullscreen") is not None
        assert page.evaluate("document.activeElement.tagName") == "IFRAME"
        assert page.locator(".video-facade-link").count() == 0
        network.wait_for_foreign(page)
        assert network.foreign
        assert all(url.startswith("https://www.youtube-nocookie.com/embed/") for url in network.foreign)
        page.close()


@pytest.mark.browser
def test_clicking_one_facade_starts_only_that_video(webtv, browser):
    with serve(webtv.output) as base:
        page = browser.new_page()
        network = Network(page, base)
        page.goto(base + "/actualites/video/", wait_until="networkidle")
        page.locator(".video-facade-link").nth(1).click()
        frames = page.locator("iframe.video-frame")
        frames.first.wait_for()
        assert frames.count() == 1
        assert frames.first.get_attribute("src") == EXTRACT
        assert page.locator(".video-facade-link").count() == 1
        page.close()
        assert all("youtube-nocookie.com" in url for url in network.foreign)


@pytest.mark.browser
def test_without_javascript_the_facade_is_a_link_to_the_host(webtv, browser):
    with serve(webtv.output) as base:
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        network = Network(page, base)
        page.goto(base + "/webtv/abeilles-video/", wait_until="networkidle")
        page.locator(".video-facade-link").click()
        network.wait_for_foreign(page)
        assert network.foreign[0] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s"
        context.close()


def test_share_tags_escape_what_staff_write_and_nothing_else():
    from bs4 import BeautifulSoup
    from jinja2 import Environment
    from programme.outputs.social import social_tags

    page = type("Page", (), {"title": 'Café "<b>sciences</b>" & Cie', "url": "evenements/cafe/", "kind": "event"})()
    environment = Environment(autoescape=True)
    environment.globals["social_tags"] = social_tags
    rendered = environment.from_string("<head>{{ social_tags('titre', 'Le <i>résumé</i> & l\\'affiche') }}</head>").render(
        page=page, PUBLIC_URL="https://x.fr", SITENAME="S & O")
    head = BeautifulSoup(rendered, "html5lib").head
    tags = {m.get("property") or m.get("name"): m["content"] for m in head.find_all("meta")}
    assert tags["og:title"] == tags["twitter:title"] == 'Café "<b>sciences</b>" & Cie'
    assert tags["og:description"] == "Le <i>résumé</i> & l'affiche" and tags["og:site_name"] == "S & O"
    assert tags["og:url"] == "https://x.fr/evenements/cafe/" and not head.find(["b", "i"])

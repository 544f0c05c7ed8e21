"""What a research project and a partner publish besides their pages: the project's calendar and feed, read
back with icalendar and feedparser, their place in the sitemap and in the search index."""

from __future__ import annotations

import gzip
import json
from datetime import datetime
from zoneinfo import ZoneInfo

import feedparser
import icalendar
import pytest
from conftest import DEFAULT_NOW
from feed_rules import feed_problems
from lxml import etree
from network_site import COMING_EVENT, EPISODE, FUNDER, LAB, OTHER_EVENT, PAST_EVENT, PROJECT, QUIET_PROJECT

BASE = "https://sciences.orleans-metropole.fr"
TAG = "tag:sciences.orleans-metropole.fr,2026:"
PROJECT_FEEDS = [f"flux/projets/{slug}.{extension}" for slug in ("pollinisateurs", "sols-urbains")
                 for extension in ("rss", "atom")]


def alternates(site, page: str, kind: str) -> dict[str, str]:
    """href → title of the `<link rel="alternate">` of that type in the page's <head>."""
    return {link["href"]: link["title"] for link in site.html(page).head.find_all("link", rel="alternate")
            if link["type"] == kind}


def feeds_advertised(site, page: str) -> set[str]:
    return {href for kind in ("application/rss+xml", "application/atom+xml") for href in alternates(site, page, kind)}


# -- the project's calendar -------------------------------------------------------------------------


def test_a_project_calendar_holds_its_events_under_its_name(network):
    calendar = icalendar.Calendar.from_ical((network.output / "projets/pollinisateurs.ics").read_bytes())
    assert calendar["X-WR-CALNAME"] == "Sciences à Orléans — POLLIVILLE — Pollinisateurs des villes"
    assert calendar["SOURCE"] == f"{BASE}/projets/pollinisateurs.ics"
    urls = sorted(str(event["URL"]) for event in calendar.walk("VEVENT"))
    assert urls == [f"{BASE}/evenements/abeilles-et-cafe/", f"{BASE}/evenements/webinaire/"]
    # Each VEVENT is the one of the event's own file, byte for byte the same event.
    own = icalendar.Calendar.from_ical((network.output / "evenements/webinaire.ics").read_bytes())
    assert [str(event["UID"]) for event in own.walk("VEVENT")] == [
        str(event["UID"]) for event in calendar.walk("VEVENT") if str(event["URL"]).endswith("/webinaire/")]


def test_a_project_without_events_still_has_a_calendar_to_subscribe_to(network):
    calendar = icalendar.Calendar.from_ical((network.output / "projets/sols-urbains.ics").read_bytes())
    assert calendar["X-WR-CALNAME"] == "Sciences à Orléans — Sols urbains" and not calendar.walk("VEVENT")


def test_the_project_page_advertises_its_calendar_and_offers_it(network):
    calendars = alternates(network, PROJECT, "text/calendar")
    assert calendars[f"{BASE}/projets/pollinisateurs.ics"] == (
        "POLLIVILLE — Pollinisateurs des villes — Sciences à Orléans (calendrier)")
    line = network.html(PROJECT).find(class_="subscribe-line")
    hrefs = [link["href"] for link in line.find_all("a")]
    assert hrefs[:2] == ["webcal://sciences.orleans-metropole.fr/projets/pollinisateurs.ics", "/projets/pollinisateurs.ics"]
    assert f"{BASE}/projets/pollinisateurs.ics" not in alternates(network, PAST_EVENT, "text/calendar")


# -- the project's feed -----------------------------------------------------------------------------


@pytest.mark.parametrize("relative", PROJECT_FEEDS)
def test_project_feeds_parse_and_follow_the_w3c_validators_rules(network, relative):
    data = (network.output / relative).read_bytes()
    parsed = feedparser.parse(data)
    assert not parsed.bozo and parsed.version == ("rss20" if relative.endswith(".rss") else "atom10")
    built_at = datetime.fromisoformat(DEFAULT_NOW).replace(tzinfo=ZoneInfo("Europe/Paris"))
    assert feed_problems(data, built_at) == []


@pytest.mark.parametrize("extension", ["rss", "atom"])
def test_a_project_feed_holds_its_events_and_videos_and_nothing_else(network, extension):
    parsed = feedparser.parse((network.output / f"flux/projets/pollinisateurs.{extension}").read_bytes())
    assert parsed.feed.title == "Sciences à Orléans — Projet POLLIVILLE — Pollinisateurs des villes"
    assert parsed.feed.link == f"{BASE}/projets/pollinisateurs/"
    assert sorted(entry.id for entry in parsed.entries) == [
        f"{TAG}episode/abeilles-video", f"{TAG}event/abeilles-et-cafe", f"{TAG}event/webinaire"]
    links = {entry.id.removeprefix(TAG): entry.link for entry in parsed.entries}
    assert links["episode/abeilles-video"] == f"{BASE}/{EPISODE.removesuffix('index.html')}"
    # The same entries as in the agenda's and the WebTV's feeds: one id for one item wherever it is read.
    agenda = feedparser.parse((network.output / f"flux/agenda.{extension}").read_bytes())
    webtv = feedparser.parse((network.output / f"flux/webtv.{extension}").read_bytes())
    known = {entry.id: entry.title for entry in (*agenda.entries, *webtv.entries)}
    assert all(known[entry.id] == entry.title for entry in parsed.entries)
    empty = feedparser.parse((network.output / f"flux/projets/sols-urbains.{extension}").read_bytes())
    assert empty.entries == [] and empty.feed.title == "Sciences à Orléans — Projet Sols urbains"


@pytest.mark.parametrize("page", [PROJECT, PAST_EVENT, COMING_EVENT, EPISODE])
def test_a_project_its_events_and_its_videos_advertise_the_projects_feed(network, page):
    advertised = feeds_advertised(network, page)
    assert {f"{BASE}/flux/projets/pollinisateurs.rss", f"{BASE}/flux/projets/pollinisateurs.atom"} <= advertised
    assert not any("sols-urbains" in href for href in advertised)


@pytest.mark.parametrize("page", ["index.html", OTHER_EVENT, QUIET_PROJECT, FUNDER, "projets/index.html"])
def test_other_pages_do_not_advertise_the_projects_feed(network, page):
    assert not any("/flux/projets/pollinisateurs." in href for href in feeds_advertised(network, page))


def test_the_feeds_page_lists_and_advertises_each_projects_feed(network):
    main = network.html("flux/index.html").find("main")
    assert {f"/{name}" for name in PROJECT_FEEDS} <= {link["href"] for link in main.find_all("a", href=True)}
    assert "Projet POLLIVILLE — Pollinisateurs des villes" in main.get_text(" ", strip=True)
    assert {f"{BASE}/{name}" for name in PROJECT_FEEDS} <= feeds_advertised(network, "flux/index.html")


# -- the sitemap and the search index ----------------------------------------------------------------


def test_the_sitemap_lists_projects_partners_and_their_listings(network):
    sitemap = etree.fromstring((network.output / "sitemap.xml").read_bytes())
    locs = {loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    pages = [PROJECT, QUIET_PROJECT, FUNDER, LAB, "partenaires/universite/index.html", "projets/index.html",
             "partenaires/index.html", "comite-des-partenaires/index.html"]
    assert {f"{BASE}/{page.removesuffix('index.html')}" for page in pages} <= locs


def indexed(site) -> dict[str, dict]:
    """Page URL → what Pagefind keeps of it (its fragment: gzip, a `pagefind_dcd` mark, then JSON)."""
    fragments = (json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
                 for path in (site.output / "pagefind/fragment").iterdir())
    return {fragment["url"]: fragment for fragment in fragments}


def test_projects_and_partners_are_indexed_for_the_search(network):
    found = indexed(network)
    project, lab = found["/projets/pollinisateurs/"], found["/partenaires/isto/"]
    assert project["meta"]["type"] == "Projet" and "abeilles sauvages" in project["content"]
    assert lab["meta"]["type"] == "Partenaire" and "laboratoire du CNRS" in lab["content"]
    assert {"/projets/sols-urbains/", "/partenaires/anr/", "/partenaires/universite/"} <= set(found)
    assert not any(url in found for url in ("/projets/", "/partenaires/", "/comite-des-partenaires/"))

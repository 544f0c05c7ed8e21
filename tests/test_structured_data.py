"""What other programs read of the built site, asked from their side: does every address they are given exist,
does the vocabulary exist in a schema.org release, would a search engine see the next date of a series?"""

from __future__ import annotations

import re
import shutil
from urllib.parse import unquote, urlsplit

import feedparser
import icalendar
import pytest
from bs4 import BeautifulSoup
import quality
from conftest import ROOT, Site
from lxml import etree
from network_site import COMING_EVENT, EPISODE, FUNDER, LAB, OTHER_EVENT, PAST_EVENT, PROJECT, QUIET_PROJECT, UNIVERSITY
from schema_org import problems as schema_problems

PUBLIC = "https://sciences.orleans-metropole.fr"
SAMPLE_NOW = "2026-11-25T12:00"


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Site:
    """The repository's own sample programme, built as production would (absolute URLs on the public domain)."""
    root = tmp_path_factory.mktemp("sample")
    shutil.copytree(ROOT / "content", root / "content")
    site = Site(root)
    site.build(SAMPLE_NOW)
    return site


def pages(site: Site) -> list[str]:
    """Every page (not the letters' e-mails, which are no pages: tests/test_letter.py)."""
    return quality.html_pages(site.output)


def published(site: Site, url: str) -> bool:
    """Whether a request for this own-site URL finds a file in the output, as the web server would serve it."""
    path = unquote(urlsplit(url).path).lstrip("/")
    target = site.output / path
    return target.is_file() or (target / "index.html").is_file()


def own(url: str) -> bool:
    return url.startswith(f"{PUBLIC}/") or (url.startswith("/") and not url.startswith("//"))


# -- every address handed to another program exists ------------------------------------------------


def urls_in_json_ld(value) -> list[str]:
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("image", "thumbnailUrl", "contentUrl", "url", "logo", "item", "@id", "sameAs", "embedUrl"):
                found += [entry for entry in (item if isinstance(item, list) else [item]) if isinstance(entry, str)]
            found += urls_in_json_ld(item)
    elif isinstance(value, list):
        for item in value:
            found += urls_in_json_ld(item)
    return found


def handed_out(site: Site) -> dict[str, set[str]]:
    """Own-site URLs that other programs are given, by where they were found."""
    found: dict[str, set[str]] = {}

    def note(where: str, url: str) -> None:
        if url and own(url):
            found.setdefault(url.split("#")[0] or url, set()).add(where)

    for page in pages(site):
        soup = site.html(page)
        for node in site.json_ld(page):
            for url in urls_in_json_ld(node):
                note(f"{page} JSON-LD", url)
        for meta in soup.find_all("meta", attrs={"property": re.compile(r"^og:(image|url)$")}):
            note(f"{page} {meta['property']}", meta["content"])
        for meta in soup.find_all("meta", attrs={"name": re.compile(r"^twitter:image$")}):
            note(f"{page} twitter:image", meta["content"])
        for link in soup.find_all("link", rel=["alternate", "canonical"]):
            note(f"{page} link {link['rel']}", link["href"])
    for feed_path in [*site.output.rglob("*.rss"), *site.output.rglob("*.atom")]:
        relative = str(feed_path.relative_to(site.output))
        feed = feedparser.parse(feed_path.read_bytes())
        tree = etree.fromstring(feed_path.read_bytes())
        for element in tree.iter():
            for attribute in ("href", "url"):
                if element.get(attribute):
                    note(f"{relative} <{etree.QName(element).localname}>", element.get(attribute))
        for entry in feed.entries:
            for content in [*entry.get("content", []), entry.get("summary_detail") or {}]:
                value = content.get("value", "") if isinstance(content, dict) else content.value
                for tag in BeautifulSoup(value, "html5lib").find_all(["img", "a", "source", "video"]):
                    for attribute in ("src", "href", "poster"):
                        if tag.get(attribute):
                            note(f"{relative} entry HTML", tag[attribute])
    for calendar_path in site.output.rglob("*.ics"):
        relative = str(calendar_path.relative_to(site.output))
        for component in icalendar.Calendar.from_ical(calendar_path.read_bytes()).walk():
            for name in ("URL", "SOURCE"):
                if name in component:
                    note(f"{relative} {name}", str(component[name]))
    sitemap = etree.fromstring((site.output / "sitemap.xml").read_bytes())
    for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"):
        note("sitemap.xml", loc.text)
    return found


def test_every_own_address_given_to_other_programs_is_published(sample):
    found = handed_out(sample)
    assert len(found) > 100
    missing = {url: sorted(where)[:3] for url, where in found.items() if not published(sample, url)}
    assert missing == {}


@pytest.mark.parametrize("fixture", ["built", "network"])
def test_every_own_address_in_the_fixture_is_published_too(request, fixture):
    site = request.getfixturevalue(fixture)
    found = handed_out(site)
    missing = {url: sorted(where)[:3] for url, where in found.items() if not published(site, url)}
    assert missing == {}
    if fixture == "network":  # the new pages' addresses were walked: JSON-LD, calendars, feeds, sitemap
        assert {f"{PUBLIC}/{PROJECT.removesuffix('index.html')}", f"{PUBLIC}/projets/pollinisateurs.ics",
                f"{PUBLIC}/flux/projets/pollinisateurs.atom", f"{PUBLIC}/{FUNDER.removesuffix('index.html')}"} <= set(found)


# -- the vocabulary exists ---------------------------------------------------------------------------


@pytest.mark.parametrize("fixture", ["sample", "built", "network"])
def test_every_node_of_every_page_is_valid_schema_org(request, fixture):
    site = request.getfixturevalue(fixture)
    found = {}
    described = 0
    for page in pages(site):
        nodes = site.json_ld(page)
        described += bool(nodes)
        for node in nodes:
            found.update({f"{page}: {problem}": None for problem in schema_problems(node)})
    assert described > 10
    assert list(found) == []


def test_the_validator_refuses_what_schema_org_does_not_have():
    assert schema_problems({"@type": "Event", "startDate": "2026-12-03", "stars": 5}) == ["Event.stars: unknown property"]
    assert schema_problems({"@type": "Person", "startDate": "2026"}) == ["Person.startDate: not a property of Person"]
    assert schema_problems({"@type": "Evnt"}) == [": unknown type Evnt"]
    assert schema_problems({"@type": "Event", "eventStatus": "https://schema.org/EventCancelld"}) == [
        "Event.eventStatus: unknown value https://schema.org/EventCancelld"]
    assert schema_problems({"@type": "Event", "location": {"@type": "Person", "name": "x"}}) != []


# -- what each kind of page says ---------------------------------------------------------------------


def test_researchers_are_people_with_their_affiliation_and_profiles(sample):
    for page in sample.output.glob("chercheurs/*/index.html"):
        person = sample.node(str(page.relative_to(sample.output)), "Person")
        assert person["affiliation"]["@type"] == "Organization" and person["affiliation"]["name"]
        assert person["url"].startswith(f"{PUBLIC}/chercheurs/")
    person = sample.node("chercheurs/claire-morvan/index.html", "Person")
    assert any(url.startswith("https://orcid.org/") for url in person["sameAs"])


def test_the_home_page_describes_the_museum_and_the_site(sample):
    organisation = sample.node("index.html", "Organization")
    assert organisation["name"].startswith("Muséum d'Orléans") and organisation["url"] == "https://www.mobe-orleans.fr/"
    logo = organisation["logo"]
    assert published(sample, logo["url"]) and logo["width"] >= 112 and logo["height"] >= 112
    website = sample.node("index.html", "WebSite")
    assert website["publisher"] == {"@id": organisation["@id"]}
    assert website["potentialAction"]["target"] == f"{PUBLIC}/recherche/?q={{search_term_string}}"


def test_cycles_are_event_series_whose_events_point_back(sample):
    series = sample.node("cycles/bar-des-sciences/index.html", "EventSeries")
    assert series["subEvent"], "a cycle with coming events lists them"
    for event in series["subEvent"]:
        page = event["url"].removeprefix(f"{PUBLIC}/") + "index.html"
        nodes = [node for node in sample.json_ld(page) if node["@type"] in ("Event", "EventSeries")]
        assert any(node.get("superEvent", {}).get("@id") == series["@id"] for node in nodes)


def page_of(url: str) -> str:
    return url.removeprefix(f"{PUBLIC}/") + "index.html"


def test_a_project_is_a_research_project_with_its_funders_members_events_and_videos(network):
    project = network.node(PROJECT, "ResearchProject")
    assert (project["name"], project["alternateName"]) == ("Pollinisateurs des villes", "POLLIVILLE")
    assert project["url"] == f"{PUBLIC}/projets/pollinisateurs/" and project["sameAs"] == "https://anr.fr/Projet-ANR-25-CE32-0001"
    assert project["description"] == "Suivre les abeilles sauvages dans les jardins d'Orléans."
    assert published(network, project["image"])
    # An organisation's dates in schema.org (`startDate`/`endDate` are not properties of Organization): the months.
    assert (project["foundingDate"], project["dissolutionDate"]) == ("2025-01", "2028-12")
    funder = network.node(FUNDER, "Organization")
    assert project["funder"] == [{key: funder[key] for key in ("@type", "@id", "name", "url", "sameAs")}]
    assert funder["sameAs"] == "https://anr.fr/" and published(network, funder["url"])
    members = [(member["@type"], member["url"].removeprefix(PUBLIC)) for member in project["member"]]
    assert members == [("Organization", "/partenaires/universite/"), ("Organization", "/partenaires/isto/"),
                       ("Person", "/chercheurs/bruno-petit/"), ("Person", "/chercheurs/alice-martin/")]  # the lead first
    assert project["member"][2]["@id"] == network.node("chercheurs/bruno-petit/index.html", "Person")["@id"]
    subjects = [(subject["@type"], page_of(subject["url"])) for subject in project["subjectOf"]]
    assert subjects == [("Event", COMING_EVENT), ("Event", PAST_EVENT), ("VideoObject", EPISODE)]
    assert project["subjectOf"][0]["startDate"] == "2027-01-14T12:30:00+01:00"
    assert network.node(EPISODE, "VideoObject")["url"] == project["subjectOf"][2]["url"]


def test_a_project_without_funder_end_or_event_says_only_what_it_has(network):
    project = network.node(QUIET_PROJECT, "ResearchProject")
    assert project["foundingDate"] == "2024-03-15"  # a day when the file gives one
    assert not {"funder", "dissolutionDate", "subjectOf", "image", "alternateName"} & set(project)
    assert [member["name"] for member in project["member"]] == ["Institut des sciences de la Terre d'Orléans"]


def test_a_partner_page_describes_the_organisation(network):
    university = network.node(UNIVERSITY, "Organization")
    assert university["@id"] == f"{PUBLIC}/partenaires/universite/#organisation"
    assert university["sameAs"] == "https://www.univ-orleans.fr/" and university["description"] == "Partenaire historique."
    assert university["logo"]["@type"] == "ImageObject" and published(network, university["logo"]["url"])
    lab = network.node(LAB, "Organization")
    assert "logo" not in lab and "sameAs" not in lab  # its logo is drawn from its name: not a logo to hand out
    assert [member["name"] for member in lab["member"]] == ["Alice Martin"]  # who names it among her organisations
    crumbs = network.node(LAB, "BreadcrumbList")["itemListElement"]
    assert [crumb["name"] for crumb in crumbs] == ["Accueil", "Partenaires", "Institut des sciences de la Terre d'Orléans"]


def test_an_event_of_a_project_names_its_funders_its_project_and_its_co_organisers(network):
    project = network.node(PROJECT, "ResearchProject")
    event = network.node(PAST_EVENT, "Event")
    assert [funder["@id"] for funder in event["funder"]] == [network.node(FUNDER, "Organization")["@id"]]
    assert event["sponsor"] == [{key: project[key] for key in ("@type", "@id", "name", "url", "alternateName")}]
    organisers = [organiser["@id"] for organiser in event["organizer"]]
    assert organisers == [f"{PUBLIC}/#organisation", network.node(UNIVERSITY, "Organization")["@id"]]  # the museum first
    coming = network.node(COMING_EVENT, "Event")
    assert coming["sponsor"] == event["sponsor"] and coming["organizer"]["@id"] == f"{PUBLIC}/#organisation"
    other = network.node(OTHER_EVENT, "Event")
    assert not {"funder", "sponsor"} & set(other) and isinstance(other["organizer"], dict)


def test_item_pages_carry_the_breadcrumbs_they_show(sample):
    for page in ("evenements/bar-sciences-volcans-auvergne/index.html", "chercheurs/claire-morvan/index.html",
                 "webtv/volcans-auvergne-bar-des-sciences/index.html", "cycles/bar-des-sciences/index.html",
                 "mentions-legales/index.html"):
        crumbs = sample.node(page, "BreadcrumbList")["itemListElement"]
        shown = [item.get_text(strip=True) for item in sample.html(page).select("nav.breadcrumbs li")]
        assert [crumb["name"] for crumb in crumbs] == shown and shown[0] == "Accueil"
        assert [crumb["position"] for crumb in crumbs] == list(range(1, len(crumbs) + 1))
        assert all(published(sample, crumb["item"]) for crumb in crumbs)
        assert crumbs[-1]["item"] == f"{PUBLIC}/{page.removesuffix('index.html')}"


def test_a_repeating_event_shows_search_engines_its_next_session(site):
    site.write("evenements/atelier.md", "Title: Atelier\nDate: 2026-11-04 14:00\nEnd: 2026-11-04 16:00\nVenue: museum\n"
               "Repeat: chaque semaine jusqu'au 2027-03-31\n\nTexte.")
    site.build("2026-12-10T12:00")
    nodes = site.json_ld("evenements/atelier/index.html")
    series = next(node for node in nodes if node["@type"] == "EventSeries")
    sessions = [node for node in nodes if node["@type"] == "Event"]
    assert sessions[0]["startDate"] == "2026-12-16T14:00:00+01:00"  # the next one after now, not the first
    assert all(session["startDate"] > "2026-12-10" for session in sessions)
    assert all(session["superEvent"] == {"@id": series["@id"]} for session in sessions)
    assert (series["startDate"], series["endDate"][:10]) == ("2026-11-04T14:00:00+01:00", "2027-03-31")
    site.build("2027-06-01T12:00")  # all over: the last session stands for it
    assert [node["startDate"] for node in site.json_ld("evenements/atelier/index.html") if node["@type"] == "Event"] == [
        "2027-03-31T14:00:00+02:00"]


def test_a_cancelled_event_offers_nothing_in_stock(site):
    site.write("evenements/annulee.md", "Title: Annulée\nDate: 2026-12-20 19:00\nVenue: museum\nState: cancelled\n"
               "Price: 5 €\nRegistration: https://billetterie.example.fr/x\n\nTexte.")
    site.build()
    event = site.node("evenements/annulee/index.html", "Event")
    assert event["eventStatus"] == "https://schema.org/EventCancelled"
    assert event["offers"]["availability"] != "https://schema.org/InStock"


# -- head metadata -----------------------------------------------------------------------------------


def test_share_images_say_what_they_show(sample):
    alts = {}
    for page in pages(sample):
        meta = sample.html(page).find("meta", attrs={"property": "og:image:alt"})
        assert meta is not None and meta["content"], page
        alt = meta["content"]
        parts = [part.strip() for part in re.split(r"[—·]", alt)]
        assert len(parts) == len(set(parts)), f"{page}: « {alt} » says the same thing twice"
        alts[page] = alt
    event = alts["evenements/bar-sciences-volcans-auvergne/index.html"]
    assert "Volcans" in event or "volcans" in event


def test_meta_descriptions_are_cut_at_a_word_within_160_characters(sample, site):
    long_summary = " ".join(["chenilles processionnaires"] * 20)
    site.write("evenements/longue.md", f"Title: Longue\nDate: 2026-12-20 19:00\nVenue: museum\nSummary: {long_summary}\n\nx")
    site.build()
    full = site.html("evenements/longue/index.html").find("meta", attrs={"name": "description"})["content"]
    assert len(full) <= 160 and full.endswith("…")
    assert long_summary.startswith(full.split(" — ", 1)[1].removesuffix("…"))
    assert full.removesuffix("…").split()[-1] in ("chenilles", "processionnaires")
    for page in pages(sample):
        description = sample.html(page).find("meta", attrs={"name": "description"})["content"]
        assert 0 < len(description) <= 160, page


def test_captions_of_a_hosted_video_are_a_download_not_a_track(site):
    site.write("media/entretien.vtt", "WEBVTT\n\n00:00.000 --> 00:01.000\nBonjour\n")
    site.write("webtv/entretien.md", "Title: Entretien\nVideo: https://youtu.be/Qm7vKx2Lp9A\n"
               "Captions: media/entretien.vtt\n\nTexte.")
    site.build()
    page = site.html("webtv/entretien/index.html")
    assert page.find(attrs={"data-embed-captions": True}) is None and page.find("track") is None
    link = page.find("a", href=re.compile(r"entretien\.vtt$"))
    assert link is not None and link.has_attr("download")
    assert (site.output / "media/entretien.vtt").is_file()

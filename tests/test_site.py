"""A real build of the fixture site, read back with an HTML parser."""

import xml.etree.ElementTree as ElementTree

import pytest


def links(soup) -> set[str]:
    return {a["href"] for a in soup.find_all("a", href=True)}


def test_public_urls_exist(built):
    for path in [
        "index.html", "agenda/index.html", "agenda/archives/index.html", "agenda/archives/2026/index.html",
        "evenements/sols-vivants/index.html", "cycles/conferences/index.html", "chercheurs/index.html",
        "chercheurs/alice-martin/index.html", "webtv/index.html", "webtv/abeilles-video/index.html",
        "lieux/museum/index.html", "partenaires/index.html", "actualites/index.html",
        "actualites/bienvenue/index.html", "mentions-legales/index.html", "sitemap.xml",
    ]:
        assert (built.output / path).is_file(), path


def test_drafts_and_pelican_extras_are_not_published(built):
    files = built.files()
    assert not any("brouillon" in name or "chloe-zed" in name for name in files)
    assert not any(name.startswith(("tag/", "category/", "author/", "feeds/", "drafts/")) for name in files)
    assert "Pas encore annoncé" not in built.text("agenda/index.html")


def test_slug_comes_from_the_file_name_with_accents_folded(site):
    site.write("evenements/Café-Été à Orléans.md", "Title: Café\nDate: 2026-12-20 10:00\nVenue: museum\n\nTexte.")
    site.build()
    assert (site.output / "evenements/cafe-ete-a-orleans/index.html").is_file()


def test_explicit_slug_field_wins(site):
    site.write("evenements/x.md", "Title: X\nSlug: mon-evenement\nDate: 2026-12-20 10:00\nVenue: museum\n\nTexte.")
    site.build()
    assert (site.output / "evenements/mon-evenement/index.html").is_file()


def test_event_page_shows_french_dates_and_facts(built):
    soup = built.html("evenements/sols-vivants/index.html")
    assert soup.find(class_="event-when").get_text(strip=True) == "jeudi 3 décembre 2026, de 19 h à 21 h"
    facts = soup.find(class_="event-facts").get_text(" ", strip=True)
    for expected in ["Muséum d'Orléans", "6 rue Marcel Proust", "Conférences du jeudi", "Alice Martin", "Bruno Petit",
                     "Tout public, dès 10 ans", "Entrée libre", "S'inscrire"]:
        assert expected in facts
    assert "https://www.openstreetmap.org/?mlat=47.9095&mlon=1.9096#map=18/47.9095/1.9096" in links(soup)
    assert soup.html["lang"] == "fr"
    assert soup.find("a", class_="skip-link")["href"] == "#contenu"


def test_states_are_unmistakable(built):
    soup = built.html("evenements/conference-annulee/index.html")
    assert soup.find(class_="state").get_text(strip=True) == "Annulé"
    assert soup.title.get_text().startswith("Annulé")
    agenda = built.html("agenda/index.html")
    card = next(c for c in agenda.find_all(class_="event-card") if "Conférence annulée" in c.get_text())
    assert card.find(class_="state").get_text(strip=True) == "Annulé"


def test_venue_accessibility_applies_unless_the_event_gives_its_own(built):
    event = built.html("evenements/sols-vivants/index.html").find(class_="a11y").get_text(" ", strip=True)
    assert "Handicap moteur" in event and "Handicap auditif" in event
    exhibition = built.html("evenements/exposition/index.html").find(class_="a11y").get_text(" ", strip=True)
    assert "Handicap visuel" in exhibition and "Handicap auditif" not in exhibition


def test_cross_links_both_ways(built):
    event = built.html("evenements/abeilles-et-cafe/index.html")
    assert {"/chercheurs/bruno-petit/", "/lieux/cafe-du-pont/", "/cycles/bar-des-sciences/", "/webtv/abeilles-video/"} <= links(event)
    researcher = links(built.html("chercheurs/bruno-petit/index.html"))
    assert {"/evenements/abeilles-et-cafe/", "/evenements/sols-vivants/", "/webtv/abeilles-video/"} <= researcher
    assert "/evenements/sols-vivants/" in links(built.html("lieux/museum/index.html"))
    assert "/evenements/abeilles-et-cafe/" in links(built.html("cycles/bar-des-sciences/index.html"))
    episode = links(built.html("webtv/abeilles-video/index.html"))
    assert {"/evenements/abeilles-et-cafe/", "/chercheurs/bruno-petit/"} <= episode


def test_agenda_groups_upcoming_by_month_and_keeps_ongoing_exhibitions(built):
    soup = built.html("agenda/index.html")
    headings = [h.get_text(strip=True) for h in soup.select("section[data-agenda-month] > h2")]
    assert headings == ["Novembre 2026", "Décembre 2026", "Janvier 2027"]
    november = soup.find("h2", string="Novembre 2026").find_parent("section").get_text()
    assert "Exposition itinérante" in november  # opened on 14 November, still running
    assert "Abeilles & café" not in soup.get_text()  # over on 10 November


def test_archives_list_past_events_with_their_episode(built):
    soup = built.html("agenda/archives/2026/index.html")
    assert "Abeilles & café" in soup.get_text()
    assert "Les sols vivants" not in soup.get_text()


def test_home_lists_next_events_episodes_and_news(built):
    soup = built.html("index.html")
    hrefs = links(soup)
    assert {"/evenements/sols-vivants/", "/webtv/abeilles-video/", "/actualites/bienvenue/"} <= hrefs
    assert "jeudi 1er octobre 2026" in soup.get_text()


def test_metadata_is_text_never_html(site):
    title = 'Science & <script>alert("x")</script> "citée"'
    site.write("evenements/piege.md", f"Title: {title}\nDate: 2026-12-20 10:00\nVenue: museum\nSummary: {title}\n\nTexte.")
    site.build()
    raw = site.text("evenements/piege/index.html")
    assert "<script>alert" not in raw
    soup = site.html("evenements/piege/index.html")
    assert soup.h1.get_text() == title
    assert soup.find("meta", attrs={"name": "description"})["content"].endswith(title)
    scripts = soup.find_all("script")
    assert [script["type"] for script in scripts] == ["application/ld+json"]
    assert site.node("evenements/piege/index.html", "Event")["name"] == title


def test_sitemap_lists_every_page_with_absolute_urls(built):
    root = ElementTree.fromstring((built.output / "sitemap.xml").read_bytes())
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = {loc.text for loc in root.findall("s:url/s:loc", ns)}
    base = "https://sciences.orleans-metropole.fr"
    for path in ["/", "/agenda/", "/evenements/sols-vivants/", "/chercheurs/alice-martin/", "/webtv/abeilles-video/",
                 "/lieux/museum/", "/cycles/conferences/", "/actualites/bienvenue/", "/mentions-legales/"]:
        assert base + path in locs
    assert not any("brouillon" in loc for loc in locs)


def test_two_builds_with_the_same_now_are_byte_identical(site, tmp_path):
    site.build()
    first = site.files()
    site.build()
    assert site.files() == first
    assert len(first) > 20


def test_now_decides_upcoming_and_past(site, monkeypatch):
    monkeypatch.setenv("SITE_NOW", "2027-06-01T12:00")
    site.build(now="2026-01-01T00:00")  # the environment wins over the setting
    assert "Aucun rendez-vous annoncé" in site.text("agenda/index.html")
    assert "Les sols vivants" in site.text("agenda/archives/index.html")


@pytest.mark.parametrize("now", ["2026-11-25T12:00", "2027-01-20T08:00"])
def test_unchanged_output_files_are_not_rewritten(site, now):
    site.build(now=now)
    page = site.output / "evenements/sols-vivants/index.html"
    before = page.stat().st_mtime_ns
    site.build(now=now)
    assert page.stat().st_mtime_ns == before


def test_removed_content_leaves_no_stale_page(site):
    site.build()
    (site.content / "evenements/webinaire.md").unlink()
    site.build()
    assert not (site.output / "evenements/webinaire").exists()


def test_links_printed_by_macros_follow_siteurl_like_the_page(site):
    site.build(SITEURL="https://exemple.org")
    card = site.html("agenda/index.html").find(class_="event-card")
    assert card.find("a")["href"].startswith("https://exemple.org/evenements/")

"""The month's programme, `/agenda/<yyyy>-<mm>/`: built from fixture sites and read back with html5lib."""

from __future__ import annotations

import pytest
from agenda_events import build_with_agenda_events
from conftest import Site


@pytest.fixture(scope="module")
def agenda_site(tmp_path_factory) -> Site:
    """The fixture with a series, every state and both daylight-saving changes (now: 2026-11-25 12:00)."""
    return build_with_agenda_events(tmp_path_factory.mktemp("months"))


def titles(site: Site, month: str) -> list[str]:
    """The events' titles as the month page lists them, in order (a series: once per date)."""
    soup = site.html(f"agenda/{month}/index.html")
    return [heading.find("a").get_text(strip=True) for heading in soup.select(".month-event .event-title")]


def days(site: Site, month: str) -> dict[str, list[str]]:
    soup = site.html(f"agenda/{month}/index.html")
    return {day.h3.get_text(strip=True): [a.get_text(strip=True) for a in day.select(".event-title a")]
            for day in soup.select(".month-day")}


def test_a_page_for_each_month_with_a_date_and_none_for_an_empty_month(built):
    months = sorted(path.name for path in (built.output / "agenda").iterdir() if path.name[:2] == "20")
    assert months == ["2026-11", "2026-12", "2027-01", "2027-02"]  # the exhibition runs until 28 February


def test_the_month_lists_its_own_dates_only_by_week_and_day(built):
    assert titles(built, "2026-12") == ["Exposition itinérante", "Les sols vivants", "Conférence annulée"]
    soup = built.html("agenda/2026-12/index.html")
    assert [h2.get_text(strip=True) for h2 in soup.select(".month-week h2")] == [
        "Pendant tout le mois", "Semaine du 1er au 6 décembre", "Semaine du 7 au 13 décembre"]
    assert days(built, "2026-12") == {"Jeudi 3 décembre": ["Les sols vivants"],
                                      "Jeudi 10 décembre": ["Conférence annulée"]}
    assert titles(built, "2027-01") == ["Exposition itinérante", "Webinaire inondations"]
    assert titles(built, "2026-11") == ["Abeilles & café", "Exposition itinérante"]  # it opens on 14 November


def test_each_date_shows_its_time_place_cycle_audience_price_and_accessibility(built):
    soup = built.html("agenda/2026-12/index.html")
    sols = next(card for card in soup.select(".month-event") if "Les sols vivants" in card.get_text())
    assert sols.find(class_="month-when").get_text(strip=True) == "de 19 h à 21 h"
    facts = {dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(strip=True) for dt in sols.find_all("dt")}
    assert facts == {"Lieu": "Muséum d'Orléans", "Cycle": "Conférences du jeudi", "Public": "Tout public, dès 10 ans",
                     "Tarif": "Entrée libre"}
    assert [li["class"] for li in sols.select(".a11y li")] == [["a11y-motor"], ["a11y-hearing"]]
    assert sols.find(class_="month-url").get_text() == "sciences.orleans-metropole.fr/evenements/sols-vivants/"
    webinar = next(card for card in built.html("agenda/2027-01/index.html").select(".month-event")
                   if "Webinaire" in card.get_text())
    assert "En ligne" in webinar.find(class_="event-facts").get_text()


def test_states_are_shown_on_the_month_page(agenda_site):
    soup = agenda_site.html("agenda/2026-12/index.html")
    states = {card.find(class_="event-title").find("a").get_text(strip=True): card.find(class_="state").get_text()
              for card in soup.select(".month-event") if card.find(class_="state")}
    assert states == {"Conférence annulée": "Annulé", "Conférence reportée": "Reporté",
                      "Conférence déplacée": "Nouvelle date", "Soirée passée en ligne": "En ligne uniquement",
                      "Atelier complet": "Complet"}
    cancelled = next(card for card in soup.select(".month-event") if "Conférence annulée" in card.get_text())
    assert "is-cancelled" in cancelled["class"]


def test_a_series_is_listed_on_each_of_its_days_of_the_month(agenda_site):
    december = days(agenda_site, "2026-12")
    assert "Marché aux graines" in december["Samedi 5 décembre"]
    assert "Marché aux graines" in december["Samedi 19 décembre"]
    assert "Samedi 12 décembre" not in december  # excepted
    assert "Visite du premier dimanche" not in titles(agenda_site, "2026-12")  # 6 December is excepted
    assert "Visite du premier dimanche" in days(agenda_site, "2027-01")["Dimanche 3 janvier"]


def test_previous_and_next_months_skip_the_empty_ones(site):
    site.write("evenements/avril.md", "Title: Nuit des musées\nDate: 2027-04-10 20:00\nVenue: museum\n\nTexte.")
    site.build()
    assert not (site.output / "agenda/2027-03").exists()
    february = site.html("agenda/2027-02/index.html")
    assert february.find("a", rel="next")["href"] == "/agenda/2027-04/"
    assert february.find("a", rel="prev")["href"] == "/agenda/2027-01/"
    april = site.html("agenda/2027-04/index.html")
    assert april.find("a", rel="prev")["href"] == "/agenda/2027-02/" and april.find("a", rel="next") is None
    assert site.html("agenda/2026-11/index.html").find("a", rel="prev") is None


def test_the_agenda_links_the_current_month_and_the_months_to_come(built):
    soup = built.html("agenda/index.html")
    current = soup.select_one(".month-link a")
    assert current["href"] == "/agenda/2026-11/" and "novembre 2026" in current.get_text()
    browse = [a["href"] for a in soup.select(".agenda-browse a") if a["href"].startswith("/agenda/20")]
    assert browse == ["/agenda/2026-11/", "/agenda/2026-12/", "/agenda/2027-01/", "/agenda/2027-02/"]


def test_a_month_over_is_reached_from_the_archives_at_the_same_address(site):
    site.build(now="2027-01-15T12:00")
    november = site.html("agenda/2026-11/index.html")
    back = [a for a in november.select(".month-nav a") if "Archives" in a.get_text()]
    assert back and back[0]["href"] == "/agenda/archives/2026/"
    archive = site.html("agenda/archives/2026/index.html")
    assert [a["href"] for a in archive.select(".month-link a")] == ["/agenda/2026-11/", "/agenda/2026-12/"]
    assert site.html("agenda/index.html").select_one(".month-link a")["href"] == "/agenda/2027-01/"


def test_the_print_stylesheet_lays_out_an_a4_programme(built):
    """What the browser test checks in print: the rules are in the stylesheet the page links."""
    soup = built.html("agenda/2026-12/index.html")
    css = built.text(soup.find("link", rel="stylesheet")["href"].lstrip("/").split("?")[0])
    print_rules = css.split("@media print", 2)[2]  # the second print block: the month's
    for rule in ("@page { size: A4", ".month-week { columns: 2", ".month-week + .month-week { break-before: page",
                 ".month-nav, .month-actions", ".month-url { display: block"):
        assert rule in print_rules, rule


def test_month_pages_are_in_the_sitemap(built):
    sitemap = built.text("sitemap.xml")
    for month in ("2026-11", "2026-12", "2027-01", "2027-02"):
        assert f"https://sciences.orleans-metropole.fr/agenda/{month}/" in sitemap


def test_a_week_of_one_day_in_the_month_is_named_by_that_day():
    from datetime import date

    from programme.outputs.months import Week

    assert Week([], date(2026, 11, 1), date(2026, 11, 1)).label == "Dimanche 1er novembre"  # November 2026 opens on a Sunday
    assert Week([], date(2027, 5, 31), date(2027, 5, 31)).label == "Lundi 31 mai"  # May 2027 closes on a Monday
    assert Week([], date(2026, 12, 28), date(2026, 12, 31)).label == "Semaine du 28 au 31 décembre"

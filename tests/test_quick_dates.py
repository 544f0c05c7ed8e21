"""The agenda's quick dates (« Aujourd'hui », « Ce week-end », « Cette semaine », « Ce mois-ci »): in the real
Chromium with the browser's clock set after the build, so the dates are the visitor's, not the build's; and
without JavaScript, the links to this month's and next month's programmes that stand in for them."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from agenda_events import build_with_agenda_events
from conftest import Site
from serving import serve

PARIS = ZoneInfo("Europe/Paris")
EXHIBITION = "Exposition itinérante"  # 14 November 2026 to 28 February 2027: in every period below
THURSDAY = datetime(2026, 12, 3, 10, 0, tzinfo=PARIS)  # « Les sols vivants » tonight, the seed market on Saturday
SATURDAY = datetime(2026, 12, 19, 10, 0, tzinfo=PARIS)
SUNDAY = datetime(2026, 12, 20, 9, 0, tzinfo=PARIS)
DECEMBER = [EXHIBITION, "Les sols vivants", "Marché aux graines", "Conférence annulée", "Conférence reportée",
            "Conférence déplacée", "Marché aux graines", "Soirée passée en ligne", "Atelier complet"]


@pytest.fixture(scope="module")
def agenda_site(tmp_path_factory) -> Site:
    return build_with_agenda_events(tmp_path_factory.mktemp("quick"))  # built with now = 25 November, 12:00


@pytest.fixture(scope="module")
def base_url(agenda_site):
    with serve(agenda_site.output) as url:
        yield url


def open_agenda(browser, base_url: str, moment: datetime, timezone: str = "Europe/Paris"):
    """The agenda on a device whose clock says `moment`, in `timezone` (a visitor's own)."""
    context = browser.new_context(timezone_id=timezone, locale="fr-FR")
    page = context.new_page()
    page.clock.set_fixed_time(moment)
    page.goto(f"{base_url}/agenda/")
    return context, page


def shown(page) -> list[str]:
    return page.locator("[data-agenda-entry]:visible .event-title a").all_inner_texts()


def choose(page, label: str) -> list[str]:
    """Click a quick date as a visitor does (its label: the radio button stands hidden behind it)."""
    page.locator(".agenda-periods label").get_by_text(label, exact=True).click()
    assert page.get_by_role("radio", name=label, exact=True).is_checked()
    return shown(page)


def status(page) -> str:
    return page.locator("[data-agenda-status]").inner_text()


@pytest.mark.browser
@pytest.mark.parametrize(("moment", "expected"), [
    (THURSDAY, {
        "Aujourd'hui": [EXHIBITION, "Les sols vivants"],
        "Ce week-end": [EXHIBITION, "Marché aux graines"],  # Saturday 5 and Sunday 6 December (the visit is excepted)
        "Cette semaine": [EXHIBITION, "Les sols vivants", "Marché aux graines"],  # Monday 30 November to Sunday 6
        "Ce mois-ci": DECEMBER,
    }),
    (SATURDAY, {
        "Aujourd'hui": [EXHIBITION, "Marché aux graines", "Soirée passée en ligne"],
        "Ce week-end": [EXHIBITION, "Marché aux graines", "Soirée passée en ligne", "Atelier complet"],
        "Cette semaine": [EXHIBITION, "Marché aux graines", "Soirée passée en ligne", "Atelier complet"],  # the
        # conferences of Thursday and Friday are over
    }),
    (SUNDAY, {  # on a Sunday, the weekend is today: not yesterday's market
        "Aujourd'hui": [EXHIBITION, "Atelier complet"],
        "Ce week-end": [EXHIBITION, "Atelier complet"],
        "Cette semaine": [EXHIBITION, "Atelier complet"],
    }),
    (datetime(2027, 1, 2, 11, 0, tzinfo=PARIS), {  # a new year: the month is January, the week runs from 28 December
        "Ce mois-ci": [EXHIBITION, "Visite du premier dimanche", "Webinaire inondations"],
        "Cette semaine": [EXHIBITION, "Visite du premier dimanche"],
        "Aujourd'hui": [EXHIBITION],
    }),
], ids=["thursday", "saturday", "sunday", "new-year"])
def test_each_quick_date_shows_exactly_its_dates(browser, base_url, moment, expected):
    context, page = open_agenda(browser, base_url, moment)
    assert page.get_by_label("Toutes les dates").is_checked()
    for label, titles in expected.items():
        assert choose(page, label) == titles, label
        assert status(page) == (f"{len(titles)} rendez-vous affichés." if len(titles) > 1 else "1 rendez-vous affiché.")
    context.close()


@pytest.mark.browser
def test_quick_dates_combine_with_the_menus_and_the_reset(browser, base_url):
    context, page = open_agenda(browser, base_url, THURSDAY)
    page.select_option("#filtre-cycle", "conferences")
    assert choose(page, "Ce mois-ci") == ["Les sols vivants", "Conférence annulée"]
    assert choose(page, "Cette semaine") == ["Les sols vivants"]
    assert choose(page, "Ce week-end") == []
    assert page.locator("[data-agenda-empty]").is_visible() and status(page) == "Aucun rendez-vous affiché."
    page.select_option("#filtre-cycle", "")
    assert shown(page) == [EXHIBITION, "Marché aux graines"]
    page.select_option("#filtre-venue", "museum")
    assert shown(page) == [EXHIBITION]
    page.get_by_role("button", name="Tout afficher").click()
    page.wait_for_function(f"document.querySelectorAll('[data-agenda-entry]:not([hidden])').length > {len(DECEMBER)}")
    assert page.get_by_label("Toutes les dates").is_checked()
    assert len(shown(page)) > len(DECEMBER) and "Webinaire inondations" in shown(page)
    context.close()


@pytest.mark.browser
def test_today_is_the_day_in_paris_whatever_the_devices_time_zone(browser, base_url):
    """Saturday 19 December, 18:30 in New York, is already Sunday 20 December, 00:30, in Paris."""
    context, page = open_agenda(browser, base_url, datetime(2026, 12, 19, 23, 30, tzinfo=ZoneInfo("UTC")),
                                timezone="America/New_York")
    assert choose(page, "Aujourd'hui") == [EXHIBITION, "Atelier complet"]
    assert choose(page, "Ce week-end") == [EXHIBITION, "Atelier complet"]
    context.close()


@pytest.mark.browser
def test_the_quick_dates_are_keyboard_radio_buttons(browser, base_url):
    context, page = open_agenda(browser, base_url, THURSDAY)
    group = page.get_by_role("group", name="Quand ?")
    assert group.get_by_role("radio").count() == 5
    group.get_by_role("radio", name="Toutes les dates").focus()
    page.keyboard.press("ArrowRight")
    assert page.get_by_role("radio", name="Aujourd'hui").is_checked()
    assert shown(page) == [EXHIBITION, "Les sols vivants"]
    outline = page.evaluate("getComputedStyle(document.querySelector('label[for=\"quand-today\"]')).outlineStyle")
    assert outline == "solid"  # the focus shows on the label the radio button stands behind
    context.close()


def test_without_javascript_the_month_links_stand_in_for_the_quick_dates(agenda_site):
    soup = agenda_site.html("agenda/index.html")
    fallback = soup.find(attrs={"data-agenda-fallback": True})
    links = [(a.get_text(), a["href"]) for a in fallback.find_all("a")]
    assert links == [("Ce mois-ci\xa0: novembre 2026", "/agenda/2026-11/"),
                     ("Le mois prochain\xa0: décembre 2026", "/agenda/2026-12/")]
    for _text, href in links:
        assert (agenda_site.output / href.strip("/") / "index.html").is_file()
    quick = soup.find("fieldset", class_="agenda-periods")
    assert quick.find_parent("form").has_attr("hidden")  # shown by the script only
    assert [(radio["value"], soup.find("label", attrs={"for": radio["id"]}).get_text())
            for radio in quick.find_all("input", type="radio")] == [
        ("", "Toutes les dates"), ("today", "Aujourd'hui"), ("weekend", "Ce week-end"), ("week", "Cette semaine"),
        ("month", "Ce mois-ci")]
    sols = next(li for li in soup.select("li[data-agenda-entry]") if "Les sols vivants" in li.get_text())
    exhibition = next(li for li in soup.select("li[data-agenda-entry]") if EXHIBITION in li.get_text())
    assert (sols["data-first-day"], sols["data-last-day"]) == ("2026-12-03", "2026-12-03")
    assert (exhibition["data-first-day"], exhibition["data-last-day"]) == ("2026-11-14", "2027-02-28")


def test_next_month_without_a_page_is_left_out(site):
    site.build(now="2027-02-10T12:00")  # February has the exhibition, March nothing
    links = [a["href"] for a in site.html("agenda/index.html").find(attrs={"data-agenda-fallback": True}).find_all("a")]
    assert links == ["/agenda/2027-02/"]


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [False, True])
def test_the_fallback_links_show_without_javascript_only(browser, base_url, javascript):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{base_url}/agenda/")
    fallback = page.locator("[data-agenda-fallback]")
    assert fallback.is_visible() is not javascript
    assert page.get_by_role("radio").count() == (5 if javascript else 0)  # hidden radios are not in the tree
    if not javascript:
        hrefs = [link.get_attribute("href") for link in fallback.get_by_role("link").all()]
        headings = []
        for href in hrefs:
            response = page.goto(f"{base_url}{href}")
            assert response.status == 200
            headings.append(page.locator("h1").inner_text())
        assert headings == ["Programme de novembre 2026", "Programme de décembre 2026"]
    context.close()

"""The agenda's filter script in the real Chromium, with the browser's clock set after the build."""

import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from agenda_events import build_with_agenda_events
from serving import serve

PARIS = ZoneInfo("Europe/Paris")


AFTER_SOLS_VIVANTS = datetime(2026, 12, 3, 21, 30, tzinfo=PARIS)  # « Les sols vivants » ended at 21:00


@pytest.fixture(scope="module")
def agenda_base(tmp_path_factory):
    site = build_with_agenda_events(tmp_path_factory.mktemp("filter"))  # built with now = 25 November, 12:00
    with serve(site.output) as base:
        yield base


@pytest.fixture(scope="module")
def agenda_page(agenda_base, browser):
    page = browser.new_page()
    page.clock.set_fixed_time(AFTER_SOLS_VIVANTS)
    page.goto(f"{agenda_base}/agenda/")
    yield page
    page.close()


def shown(page) -> list[str]:
    return page.locator("[data-agenda-entry]:visible .event-title a").all_inner_texts()


@pytest.mark.browser
def test_dates_that_ended_since_the_build_are_hidden(agenda_page):
    titles = shown(agenda_page)
    assert agenda_page.locator("[data-agenda-entry]", has_text="Les sols vivants").count() == 1  # in the page…
    assert "Les sols vivants" not in titles  # …but not shown any more
    assert "Conférence annulée" in titles and "Exposition itinérante" in titles  # the exhibition runs until February
    assert agenda_page.locator("[data-agenda-status]").inner_text() == f"{len(titles)} rendez-vous affichés."


@pytest.mark.browser
def test_filters_combine_and_reset(agenda_page):
    form = agenda_page.locator("form[data-agenda-filter]")
    assert form.is_visible()
    agenda_page.select_option("#filtre-cycle", "conferences")
    assert shown(agenda_page) == ["Conférence annulée", "Atelier du mercredi", "Atelier du mercredi", "Atelier du mercredi"]
    agenda_page.select_option("#filtre-accessibility", "visual")
    assert shown(agenda_page) == []
    assert agenda_page.locator("[data-agenda-empty]").is_visible()
    assert agenda_page.locator("section[data-agenda-month]:visible").count() == 0
    assert agenda_page.locator("[data-agenda-status]").inner_text() == "Aucun rendez-vous affiché."
    agenda_page.get_by_role("button", name="Tout afficher").click()
    agenda_page.wait_for_function("document.querySelector('[data-agenda-empty]').hidden")
    assert "Les sols vivants" not in shown(agenda_page) and len(shown(agenda_page)) > 10
    agenda_page.select_option("#filtre-accessibility", "visual")
    assert shown(agenda_page) == ["Exposition itinérante"]
    agenda_page.get_by_role("button", name="Tout afficher").click()


@pytest.mark.browser
def test_the_filter_works_from_the_keyboard(agenda_page):
    venue = agenda_page.get_by_label("Lieu")
    venue.focus()
    agenda_page.keyboard.press("ArrowDown")  # first real option: « Café du Pont »
    assert venue.input_value() == "cafe-du-pont"
    assert set(shown(agenda_page)) == {"Marché aux graines"}
    agenda_page.keyboard.press("Tab")
    assert agenda_page.evaluate("document.activeElement.id") == "filtre-accessibility"


# The sum of the page's layout shifts so far (Cumulative Layout Shift, as Lighthouse counts it: no user input).
LAYOUT_SHIFT = """() => new Promise((done) => {
  let total = 0;
  new PerformanceObserver((list) => list.getEntries().forEach((e) => { if (!e.hadRecentInput) total += e.value; }))
    .observe({ type: "layout-shift", buffered: true });
  setTimeout(() => done(total), 300);
})"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [375, 1280])
def test_nothing_moves_when_the_script_arrives_late(agenda_base, browser, width):
    """The script shows the filter above the dates and hides the one that ended: the first paint waits for it, so
    a visitor never sees the dates jump, however slowly the script comes."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.clock.set_fixed_time(AFTER_SOLS_VIVANTS)

    def late(route) -> None:
        time.sleep(0.6)  # a slow network: the page and its stylesheet are there, the script is not yet
        route.continue_()

    page.route("**/agenda-filter.js*", late)
    page.goto(f"{agenda_base}/agenda/")
    assert page.locator("form[data-agenda-filter]").is_visible() and "Les sols vivants" not in shown(page)
    shift = page.evaluate(LAYOUT_SHIFT)
    context.close()
    assert shift < 0.01

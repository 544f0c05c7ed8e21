"""The month page's calendar table, read back with html5lib from built fixture sites and laid out in Chromium:
its caption and headings, each day in its weekday's column, links to the days that have dates (compared with
the dates the site's own calendar file gives), the build's day marked, a list on a phone, not printed."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from agenda_events import build_with_agenda_events
from conftest import Site
from serving import serve

PARIS = ZoneInfo("Europe/Paris")
WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


@pytest.fixture(scope="module")
def agenda_site(tmp_path_factory) -> Site:
    """The fixture with series, every state and more dates in December (now: 2026-11-25 12:00)."""
    return build_with_agenda_events(tmp_path_factory.mktemp("grid"))


def table(site: Site, month: str):
    return site.html(f"agenda/{month}/index.html").find("table", class_="month-grid")


def cells(site: Site, month: str) -> dict[int, tuple[int, object]]:
    """Each day of the month by its number: (its column, Monday 0, and its cell)."""
    found = {}
    for row in table(site, month).tbody.find_all("tr"):
        tds = row.find_all("td")
        assert len(tds) == 7
        for column, td in enumerate(tds):
            number = td.find(class_="grid-number")
            if number:
                assert int(number.get_text()) not in found
                found[int(number.get_text())] = (column, td)
            else:
                assert "is-outside" in td["class"] and not td.get_text(strip=True)
    return found


def dates_starting(site: Site, year: int, month: int) -> Counter:
    """How many dates begin on each day of the month, read from the site's own `/agenda.ics` (every published
    event, series expanded), not from the month page."""
    calendar = icalendar.Calendar.from_ical((site.output / "agenda.ics").read_bytes())
    first, following = date(year, month, 1), date(year + month // 12, month % 12 + 1, 1)
    starts = Counter()
    for occurrence in recurring_ical_events.of(calendar).between(first, following):
        start = occurrence["DTSTART"].dt
        day = start.astimezone(PARIS).date() if isinstance(start, datetime) else start
        if first <= day < following:
            starts[day.day] += 1
    return starts


def test_the_calendar_is_a_captioned_table_with_seven_weekday_headings(built):
    grid = table(built, "2026-12")
    assert grid.caption.get_text(strip=True) == "Décembre 2026"
    headings = grid.thead.find_all("th")
    assert [th["scope"] for th in headings] == ["col"] * 7
    assert [th.find(class_="visually-hidden").get_text() for th in headings] == WEEKDAYS  # read out in full
    assert [th.find(attrs={"aria-hidden": "true"}).get_text() for th in headings] == [
        "lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."]  # shown short


@pytest.mark.parametrize("month", ["2026-11", "2026-12", "2027-01", "2027-02"])
def test_every_day_of_the_month_sits_in_its_weekday_column(built, month):
    year, number = map(int, month.split("-"))
    days = cells(built, month)
    last = (date(year + number // 12, number % 12 + 1, 1) - date(year, number, 1)).days
    assert sorted(days) == list(range(1, last + 1))
    assert {day: column for day, (column, _td) in days.items()} == {
        day: date(year, number, day).weekday() for day in range(1, last + 1)}
    if month == "2026-12":
        assert days[1][0] == 1  # 1 December 2026 is a Tuesday


@pytest.mark.parametrize("month", ["2026-11", "2026-12", "2027-01"])
def test_the_days_that_have_dates_link_to_their_list_and_say_how_many(agenda_site, month):
    year, number = map(int, month.split("-"))
    soup = agenda_site.html(f"agenda/{month}/index.html")
    linked = {day: td.find("a") for day, (_column, td) in cells(agenda_site, month).items() if td.find("a")}
    expected = dates_starting(agenda_site, year, number)
    assert expected and {day: link.find(class_="grid-count").get_text() for day, link in linked.items()} == {
        day: f"{count} rendez-vous" for day, count in expected.items()}
    for day, link in linked.items():
        target = soup.find(id=link["href"].removeprefix("#"))
        assert link["href"] == f"#jour-{date(year, number, day).isoformat()}"
        assert "month-day" in target["class"]
        assert len(target.select(".month-event")) == expected[day]
        assert link.find(class_="grid-label").get_text().startswith(target.h3.get_text(strip=True))


def test_two_dates_on_one_day_are_counted_together(agenda_site):
    """19 December: the seed market (a series) and the evening moved online."""
    (_column, td) = cells(agenda_site, "2026-12")[19]
    assert td.find(class_="grid-count").get_text() == "2 rendez-vous"
    assert td.find(class_="grid-label").get_text() == "Samedi 19 décembre\xa0:"


def test_what_began_before_the_month_is_linked_under_the_calendar(built):
    soup = built.html("agenda/2026-12/index.html")
    ongoing = soup.find(class_="grid-ongoing").a
    assert ongoing["href"] == "#tout-le-mois" and soup.find(id="tout-le-mois")
    assert ongoing.get_text() == "Pendant tout le mois\xa0: 1 rendez-vous"  # the exhibition
    assert not cells(built, "2026-12")[1][1].find("a")  # it is on no day of December


def test_only_the_builds_day_in_its_own_month_is_current(built):
    current = {month: [td for td in table(built, month).find_all("td") if td.has_attr("aria-current")]
               for month in ("2026-11", "2026-12", "2027-01", "2027-02")}
    assert {month: len(tds) for month, tds in current.items()} == {"2026-11": 1, "2026-12": 0, "2027-01": 0, "2027-02": 0}
    (today,) = current["2026-11"]
    assert today["aria-current"] == "date" and today.find(class_="grid-number").get_text() == "25"
    assert today.find(class_="grid-today").get_text() == "aujourd'hui"


def test_the_current_day_follows_the_builds_now(site):
    site.build(now="2026-12-03T10:00")
    (today,) = table(site, "2026-12").select("td[aria-current]")
    assert today.a["href"] == "#jour-2026-12-03" and today.find(class_="grid-today")
    assert not table(site, "2026-11").select("td[aria-current]")


# In Chromium: what the stylesheet makes of the table at a width, and in print.
LAYOUT = """() => {
  const grid = document.querySelector(".month-grid");
  const box = (element) => element.getBoundingClientRect();
  const linked = Array.from(grid.querySelectorAll("td.has-dates"));
  return {
    table: getComputedStyle(grid).display, head: getComputedStyle(grid.tHead).display,
    linked: linked.map((td) => ({ display: getComputedStyle(td).display, left: box(td).left, top: box(td).top,
                                  label: box(td.querySelector(".grid-label")).width })),
    overflowing: linked.filter((td) => box(td.querySelector(".grid-count")).right > box(td).right).length,
    empty: Array.from(grid.querySelectorAll("td:not(.has-dates)")).map((td) => getComputedStyle(td).display),
    calendar: getComputedStyle(document.querySelector(".month-calendar")).display,
    scroll: document.documentElement.scrollWidth, viewport: window.innerWidth,
  };
}"""


@pytest.fixture(scope="module")
def base_url(agenda_site):
    with serve(agenda_site.output) as url:
        yield url


def layout(browser, base_url: str, width: int, media: str = "screen") -> dict:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{base_url}/agenda/2026-12/")
    page.emulate_media(media=media)
    found = page.evaluate(LAYOUT)
    context.close()
    return found


@pytest.mark.browser
@pytest.mark.parametrize("width", [900, 1280])  # 900: the narrowest table (below 56rem, a list)
def test_on_a_wide_screen_the_calendar_is_a_table(browser, base_url, width):
    wide = layout(browser, base_url, width)
    assert wide["overflowing"] == 0  # « 2 rendez-vous » fits its square on one line
    assert wide["table"] == "table" and wide["head"] == "table-header-group"
    assert {cell["display"] for cell in wide["linked"]} == {"table-cell"}
    assert all(cell["label"] <= 1 for cell in wide["linked"])  # « Jeudi 3 décembre » is for screen readers only
    rows = {cell["top"] for cell in wide["linked"]}
    assert 1 < len(rows) < len(wide["linked"])  # several days share a week's row


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 375])
def test_on_a_phone_the_calendar_is_a_list_of_the_days_that_have_dates(browser, base_url, width):
    narrow = layout(browser, base_url, width)
    assert narrow["table"] == "block" and narrow["head"] == "none"
    assert {cell["display"] for cell in narrow["linked"]} == {"block"}
    assert set(narrow["empty"]) == {"none"}
    assert len({cell["left"] for cell in narrow["linked"]}) == 1  # stacked…
    tops = [cell["top"] for cell in narrow["linked"]]
    assert tops == sorted(tops) and len(set(tops)) == len(tops)  # …one under the other, in order
    assert all(cell["label"] > 50 for cell in narrow["linked"])  # each says its weekday and month
    assert narrow["scroll"] <= narrow["viewport"]


@pytest.mark.browser
def test_the_calendar_is_not_printed(browser, base_url):
    assert layout(browser, base_url, 1280, media="print")["calendar"] == "none"


@pytest.mark.browser
def test_a_day_of_the_calendar_leads_to_its_dates(browser, base_url):
    page = browser.new_page()
    page.goto(f"{base_url}/agenda/2026-12/")
    page.locator(".month-grid a[href='#jour-2026-12-19']").click()
    assert page.evaluate("location.hash") == "#jour-2026-12-19"
    day = page.locator("#jour-2026-12-19")
    assert day.locator("h3").inner_text() == "Samedi 19 décembre" and day.locator(".month-event").count() == 2
    assert page.evaluate("document.querySelector('#jour-2026-12-19').getBoundingClientRect().top") < 100
    page.close()

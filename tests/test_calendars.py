"""The .ics files of a built site, read back with icalendar and expanded with recurring-ical-events."""

import json
import os
import re
import shutil
import subprocess
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from agenda_events import build_with_agenda_events
from conftest import Site

PARIS = ZoneInfo("Europe/Paris")
UTC = timezone.utc
DOMAIN = "sciences.orleans-metropole.fr"


@pytest.fixture(scope="module")
def calendar_site(tmp_path_factory) -> Site:
    return build_with_agenda_events(tmp_path_factory.mktemp("calendars"))


def read(site: Site, relative: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical((site.output / relative).read_bytes())


def vevents(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(event["UID"]).split("@")[0].removeprefix("evenement-"): event for event in calendar.walk("VEVENT")}


def as_utc(value):
    return value.astimezone(UTC) if isinstance(value, datetime) else value


def expanded(calendar: icalendar.Calendar) -> dict[str, list[tuple]]:
    """slug → [(start, end)] of every date, in UTC for timed events, from a real recurrence expander."""
    found: dict[str, list[tuple]] = {}
    for event in recurring_ical_events.of(calendar).between(date(2025, 1, 1), date(2028, 1, 1)):
        slug = str(event["UID"]).split("@")[0].removeprefix("evenement-")
        found.setdefault(slug, []).append((as_utc(event.start), as_utc(event.end)))
    return {slug: sorted(dates) for slug, dates in found.items()}


def text(site: Site, relative: str) -> str:
    """The file as written, CRLF line ends included."""
    return (site.output / relative).read_bytes().decode("utf-8")


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def calendar_files(site: Site) -> list[str]:
    return sorted(str(p.relative_to(site.output)) for p in site.output.rglob("*.ics"))


def test_every_calendar_is_plain_rfc_5545_with_our_headers(calendar_site):
    files = calendar_files(calendar_site)
    assert {"agenda.ics", "cycles/conferences.ics", "chercheurs/bruno-petit.ics", "evenements/atelier.ics"} <= set(files)
    for relative in files:
        raw = (calendar_site.output / relative).read_bytes()
        assert raw.startswith(b"BEGIN:VCALENDAR\r\n"), relative  # plain text, never compressed
        calendar = read(calendar_site, relative)
        assert calendar["VERSION"] == "2.0"
        assert calendar["PRODID"] == f"-//{DOMAIN}//Sciences à Orléans//FR"
        assert calendar["CALSCALE"] == "GREGORIAN"
        assert calendar["X-WR-TIMEZONE"] == "Europe/Paris"
        assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
        subscription = not relative.startswith("evenements/")
        assert ("X-WR-CALNAME" in calendar) is subscription
        assert (b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in raw) is subscription
        assert (b"X-PUBLISHED-TTL:PT1H\r\n" in raw) is subscription
        for event in calendar.walk("VEVENT"):
            assert event["UID"].endswith(f"@{DOMAIN}")
    assert read(calendar_site, "cycles/conferences.ics")["X-WR-CALNAME"] == "Sciences à Orléans — Conférences du jeudi"


# What RFC 5546 §3.2 requires of each VEVENT of an iTIP message, by METHOD (PUBLISH: §3.2.1).
ITIP_REQUIRED = {"PUBLISH": ("DTSTAMP", "DTSTART", "ORGANIZER", "SUMMARY", "UID"),
                 "REQUEST": ("ATTENDEE", "DTSTAMP", "DTSTART", "ORGANIZER", "SEQUENCE", "SUMMARY", "UID"),
                 "CANCEL": ("ATTENDEE", "DTSTAMP", "ORGANIZER", "SEQUENCE", "UID")}


def rfc_problems(calendar: icalendar.Calendar) -> list[str]:
    """What a strict client refuses: icalendar's parse errors, a VEVENT without the UID and DTSTAMP RFC 5545
    requires, and an iTIP message (a METHOD) whose VEVENTs lack what RFC 5546 requires for it."""
    problems = [f"{component.name}: {error}" for component in calendar.walk() for error in component.errors]
    method = str(calendar.get("METHOD", ""))
    for event in calendar.walk("VEVENT"):
        uid = event.get("UID", "?")
        problems += [f"{uid}: no {name} (RFC 5545)" for name in ("UID", "DTSTAMP") if name not in event]
        if method:
            required = ITIP_REQUIRED.get(method.upper(), ())
            problems += [f"{uid}: METHOD:{method} without {name} (RFC 5546)" for name in required if name not in event]
    return problems


def test_every_calendar_is_one_a_strict_client_accepts(calendar_site):
    """No METHOD, so no iTIP message without the ORGANIZER its PUBLISH would need (RFC 5546 §3.2.1)."""
    problems = {relative: rfc_problems(read(calendar_site, relative)) for relative in calendar_files(calendar_site)}
    assert {relative: found for relative, found in problems.items() if found} == {}


def test_dtstamp_is_each_events_last_revision(calendar_site):
    """RFC 5545 §3.8.7.2: with a METHOD, DTSTAMP is when the file was made (every build would be a change
    to every event); without one, when the event was last revised, which the calendars' memory knows."""
    built = datetime(2026, 11, 25, 11, tzinfo=UTC)  # the build's SITE_NOW, 12:00 in Paris
    ledger = {path.stem: json.loads(path.read_text(encoding="utf-8"))
              for path in (calendar_site.content / ".memoire-calendriers").glob("*.json")}
    for relative in calendar_files(calendar_site):
        calendar = read(calendar_site, relative)
        assert "METHOD" not in calendar, relative
        for slug, event in vevents(calendar).items():
            stamp = event["DTSTAMP"].dt
            assert stamp == event["LAST-MODIFIED"].dt <= built, (relative, slug)
            assert stamp == datetime.fromisoformat(ledger[slug]["modified"].replace("Z", "+00:00")), (relative, slug)


def test_vtimezone_has_yearly_rules_that_match_the_tz_database(calendar_site):
    timezone_component = read(calendar_site, "agenda.ics").walk("VTIMEZONE")[0]
    rules = {part.name: part["RRULE"].to_ical().decode() for part in timezone_component.subcomponents}
    assert rules == {"DAYLIGHT": "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3", "STANDARD": "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"}
    assert "RDATE" not in timezone_component.to_ical().decode()  # Outlook ignores RDATEs in a VTIMEZONE
    defined = timezone_component.to_tz(lookup_tzid=False)  # the VTIMEZONE's own rules, not the tz database
    moment = utc(2025, 1, 1)
    while moment < utc(2028, 1, 1):
        assert moment.astimezone(defined).utcoffset() == moment.astimezone(PARIS).utcoffset(), moment
        moment += timedelta(hours=1)


def test_times_are_right_in_utc_across_both_dst_changes(calendar_site):
    dates = expanded(read(calendar_site, "agenda.ics"))
    # Clocks go back on 25 October 2026: 02:30 is the first 02:30 (summer time), as on the site.
    assert dates["nuit-automne"] == [(utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 3))]
    assert dates["matin-automne"] == [(utc(2026, 10, 25, 9), utc(2026, 10, 25, 11))]
    # Clocks go forward on 28 March 2027.
    assert dates["nuit-printemps"] == [(utc(2027, 3, 28, 0), utc(2027, 3, 28, 2))]
    assert dates["matin-printemps"] == [(utc(2027, 3, 28, 8), utc(2027, 3, 28, 10))]
    # A weekly series at 14:00 local time across the spring change, with one date excepted.
    assert dates["atelier"] == [(utc(2027, 3, 17, 13), utc(2027, 3, 17, 15)), (utc(2027, 3, 24, 13), utc(2027, 3, 24, 15)),
                                (utc(2027, 4, 7, 12), utc(2027, 4, 7, 14))]
    # A first-Sunday series at 15:00 across the autumn change, with one date excepted.
    assert dates["visite"] == [(utc(2026, 10, 4, 13), utc(2026, 10, 4, 14)), (utc(2026, 11, 1, 14), utc(2026, 11, 1, 15)),
                               (utc(2027, 1, 3, 14), utc(2027, 1, 3, 15))]


def test_a_time_that_happens_twice_is_written_in_utc(calendar_site):
    raw = text(calendar_site, "evenements/nuit-automne.ics")
    assert "DTSTART:20261025T003000Z\r\n" in raw
    assert "DTEND;TZID=Europe/Paris:20261025T040000\r\n" in raw
    assert "DTSTART;TZID=Europe/Paris:20270328T010000\r\n" in text(calendar_site, "evenements/nuit-printemps.ics")


def test_all_day_and_multi_day_events(calendar_site):
    raw = text(calendar_site, "evenements/exposition.ics")
    assert "DTSTART;VALUE=DATE:20261114\r\n" in raw and "DTEND;VALUE=DATE:20270301\r\n" in raw  # exclusive end
    assert "TRANSP:TRANSPARENT\r\n" in raw
    dates = expanded(read(calendar_site, "agenda.ics"))
    assert dates["exposition"] == [(date(2026, 11, 14), date(2027, 3, 1))]
    assert dates["marche"] == [(date(2026, 12, 5), date(2026, 12, 6)), (date(2026, 12, 19), date(2026, 12, 20))]


def test_a_series_is_one_uid_with_rrule_and_exdate(calendar_site):
    raw = text(calendar_site, "agenda.ics")
    assert raw.count(f"UID:evenement-atelier@{DOMAIN}") == 1
    atelier = text(calendar_site, "evenements/atelier.ics")
    assert "RRULE:FREQ=WEEKLY;UNTIL=20270407T215959Z;BYDAY=WE\r\n" in atelier
    assert "EXDATE;TZID=Europe/Paris:20270331T140000\r\n" in atelier
    marche = text(calendar_site, "evenements/marche.ics")
    assert "EXDATE;VALUE=DATE:20261212\r\n" in marche


def test_agenda_page_and_calendar_give_the_same_dates(calendar_site):
    def instant(end):  # an all-day event ends at midnight, local time
        return as_utc(end if isinstance(end, datetime) else datetime.combine(end, datetime.min.time(), PARIS))

    now = datetime(2026, 11, 25, 12, tzinfo=PARIS)
    ends = [instant(end) for dates in expanded(read(calendar_site, "agenda.ics")).values() for _start, end in dates]
    listed = calendar_site.html("agenda/index.html").select("[data-agenda-entry]")
    assert sorted(as_utc(datetime.fromisoformat(li["data-end"])) for li in listed) == sorted(e for e in ends if e > now)


@pytest.mark.parametrize(
    ("slug", "status", "label", "title"),
    [
        ("sols-vivants", "CONFIRMED", "", "Les sols vivants"),
        ("conference-annulee", "CANCELLED", "Annulé", "Conférence annulée"),
        ("reporte", "TENTATIVE", "Reporté", "Conférence reportée"),
        ("deplace", "CONFIRMED", "Nouvelle date", "Conférence déplacée"),
        ("en-ligne", "CONFIRMED", "En ligne uniquement", "Soirée passée en ligne"),
        ("complet", "CONFIRMED", "Complet", "Atelier complet"),
    ],
)
def test_every_state_reads_as_on_the_site(calendar_site, slug, status, label, title):
    event = vevents(read(calendar_site, "agenda.ics"))[slug]
    assert event["STATUS"] == status
    assert event["SUMMARY"] == (f"{label} : {title}" if label else title)
    assert event["DESCRIPTION"].startswith(f"{label}.") if label else not event["DESCRIPTION"].startswith(("Annulé", "Reporté"))
    page = calendar_site.html(f"evenements/{slug}/index.html")
    assert page.title.get_text().startswith(f"{label} : {title}" if label else title)


def test_state_details(calendar_site):
    events = vevents(read(calendar_site, "agenda.ics"))
    assert "Initialement prévu le mardi 1er décembre 2026, 19 h." in events["deplace"]["DESCRIPTION"]
    online = events["en-ligne"]
    assert online["LOCATION"] == "En ligne : https://visio.example.fr/soiree" and "GEO" not in online
    assert "Inscription" not in events["conference-annulee"]["DESCRIPTION"]


@pytest.mark.parametrize("slug", ["webinaire", "en-ligne"])
def test_an_event_followed_online_offers_a_link_to_join(calendar_site, slug):
    """RFC 7986 CONFERENCE, as icalendar and a recurrence expander read it back."""
    calendar = read(calendar_site, f"evenements/{slug}.ics")
    (conference,) = vevents(calendar)[slug].conferences
    assert str(conference.uri).startswith("https://visio.example.fr/")
    assert conference.feature == ["AUDIO", "VIDEO"] and conference.label == "Participer en ligne"
    (occurrence,) = recurring_ical_events.of(calendar).between(date(2026, 1, 1), date(2028, 1, 1))
    assert occurrence.conferences == [conference]
    assert "CONFERENCE;FEATURE=AUDIO,VIDEO;" in text(calendar_site, f"evenements/{slug}.ics")  # two features, not one


def test_an_event_at_the_venue_or_cancelled_offers_no_link_to_join(site):
    site.write("evenements/annule-en-ligne.md", "Title: Annulé en ligne\nDate: 2026-12-22 18:00\n"
               "Online: https://visio.example.fr/annule\nState: cancelled\n\nTexte.")
    site.build()
    events = vevents(read(site, "agenda.ics"))
    assert events["annule-en-ligne"]["STATUS"] == "CANCELLED" and "CONFERENCE" not in events["annule-en-ligne"]
    assert "CONFERENCE" not in events["sols-vivants"] and events["webinaire"].conferences


def test_event_facts(calendar_site):
    event = vevents(read(calendar_site, "agenda.ics"))["sols-vivants"]
    assert event["LOCATION"] == "Muséum d'Orléans, 6 rue Marcel Proust, 45000 Orléans"
    assert (event["GEO"].latitude, event["GEO"].longitude) == (47.9095, 1.9096)
    assert event["URL"] == f"https://{DOMAIN}/evenements/sols-vivants/"
    assert event.categories == ["Conférences du jeudi", "sol", "biodiversité"]
    description = event["DESCRIPTION"]
    for fact in ["Avec : Alice Martin (ISTO, CNRS), Bruno Petit (Université d'Orléans)", "Cycle : Conférences du jeudi",
                 "Public : Tout public, dès 10 ans", "Tarif : Entrée libre", "Inscription : https://billetterie.example.fr/sols",
                 "Accessibilité : Handicap moteur, Handicap auditif", "Une conférence sur la vie des sols.",
                 f"Plus d'informations : https://{DOMAIN}/evenements/sols-vivants/"]:
        assert fact in description
    assert "<" not in description and "**" not in description
    raw = text(calendar_site, "evenements/sols-vivants.ics")
    stamps = [line for line in raw.splitlines() if line.startswith(("DTSTAMP", "LAST-MODIFIED"))]
    assert stamps == ["DTSTAMP:20261125T110000Z", "LAST-MODIFIED:20261125T110000Z"]  # UTC, never a TZID


def test_which_events_each_calendar_holds(calendar_site):
    agenda = vevents(read(calendar_site, "agenda.ics"))
    assert "recent" in agenda and "ancien" not in agenda  # the last 12 months and every future event
    assert "conference-annulee" in agenda  # cancelled events stay, so subscribers see the cancellation
    assert "brouillon" not in agenda
    assert set(vevents(read(calendar_site, "cycles/conferences.ics"))) == {"sols-vivants", "conference-annulee", "atelier"}
    assert set(vevents(read(calendar_site, "chercheurs/bruno-petit.ics"))) == {"abeilles-et-cafe", "sols-vivants"}
    assert set(vevents(read(calendar_site, "evenements/ancien.ics"))) == {"ancien"}  # an event's own file always exists


def test_every_page_advertises_the_agenda_calendar_and_a_cycle_its_own(calendar_site):
    agenda_link = f"https://{DOMAIN}/agenda.ics"
    for page in ["index.html", "agenda/index.html", "evenements/sols-vivants/index.html", "actualites/bienvenue/index.html",
                 "mentions-legales/index.html", "chercheurs/index.html"]:
        links = calendar_site.html(page).find_all("link", rel="alternate", type="text/calendar")
        assert agenda_link in [link["href"] for link in links], page
    cycle = [link["href"] for link in calendar_site.html("cycles/conferences/index.html").find_all("link", type="text/calendar")]
    assert cycle == [agenda_link, f"https://{DOMAIN}/cycles/conferences.ics"]


def calcurse() -> str:
    executable = shutil.which("calcurse")
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("Debian's calcurse is not installed: .ci/run must install it")
        pytest.skip("calcurse is not installed (apt-get install calcurse)")
    return executable


def calcurse_env(directory) -> dict[str, str]:
    return {"TZ": "Europe/Paris", "HOME": str(directory), "PATH": os.environ.get("PATH", "/usr/bin:/bin")}


def calcurse_import(directory, calendar_path) -> int:
    """Import into a fresh calcurse data folder: how many items it took (appointments and all-day events),
    after checking that it skipped none and complained of nothing."""
    imported = subprocess.run([calcurse(), "-D", str(directory), "-i", str(calendar_path)], env=calcurse_env(directory),
                              capture_output=True, text=True, check=True)
    report = re.search(r"(\d+) apps? / (\d+) events? / (\d+) todos? / (\d+) skipped", imported.stdout)
    assert report and report[4] == "0" and not imported.stderr.strip(), (calendar_path, imported.stdout,
                                                                          imported.stderr)
    return int(report[1]) + int(report[2])


@pytest.mark.slow
def test_calcurse_imports_every_event_of_every_calendar(calendar_site, tmp_path):
    """Every file, subscription or single event, with all its properties (CONFERENCE, GEO, CATEGORIES…)."""
    for number, relative in enumerate(calendar_files(calendar_site)):
        directory = tmp_path / str(number)
        directory.mkdir()
        expected = len(read(calendar_site, relative).walk("VEVENT"))  # a series is one item
        assert calcurse_import(directory, calendar_site.output / relative) == expected, relative


def calcurse_agenda(directory, calendar_path, first: str, days: int) -> dict[str, set[str]]:
    """Import into a fresh calcurse (a real client, in Paris time), then list day → « HH:MM-HH:MM title »."""
    calcurse_import(directory, calendar_path)
    executable, env = calcurse(), calcurse_env(directory)
    timed = "%(start:%H:%M)-%(end:%H:%M) %m\\n"
    query = subprocess.run(
        [executable, "-D", str(directory), "--input-datefmt", "4", "--output-datefmt", "%Y-%m-%d", "-Q",
         "--from", first, "--days", str(days), "--format-apt", timed, "--format-recur-apt", timed,
         "--format-event", "journée %m\\n", "--format-recur-event", "journée %m\\n"],
        env=env, capture_output=True, text=True, check=True)
    listing: dict[str, set[str]] = {}
    day = ""
    for line in query.stdout.splitlines():
        if line.endswith(":") and line[:4].isdigit():
            day = line[:-1]
        elif line.strip():
            listing.setdefault(day, set()).add(line.strip())
    return listing


@pytest.mark.slow
def test_calcurse_imports_the_agenda_and_lists_the_right_local_times(calendar_site, tmp_path):
    listing = calcurse_agenda(tmp_path, calendar_site.output / "agenda.ics", "2026-10-01", 200)
    assert listing["2026-10-25"] == {"02:30-04:00 Nuit d'automne", "10:00-12:00 Matin d'automne"}
    assert listing["2027-03-28"] == {"01:00-04:00 Nuit de printemps", "10:00-12:00 Matin de printemps"}
    assert {day for day, items in listing.items() if "14:00-16:00 Atelier du mercredi" in items} == {
        "2027-03-17", "2027-03-24", "2027-04-07"}
    assert {day for day, items in listing.items() if "15:00-16:00 Visite du premier dimanche" in items} == {
        "2026-10-04", "2026-11-01", "2027-01-03"}
    assert {day for day, items in listing.items() if "journée Marché aux graines" in items} == {"2026-12-05", "2026-12-19"}
    assert "journée Exposition itinérante" in listing["2026-11-14"] and "journée Exposition itinérante" in listing["2027-02-28"]
    assert "journée Exposition itinérante" not in listing.get("2027-03-01", set())
    assert "19:00-21:00 Annulé : Conférence annulée" in listing["2026-12-10"]
    assert "19:00-21:00 Les sols vivants" in listing["2026-12-03"]

"""UID, DTSTAMP, LAST-MODIFIED and SEQUENCE across builds: they move only when an event's content does."""

import json
import re
import shutil
from datetime import datetime, timezone

import feedparser
import icalendar
import pytest

from conftest import Site, pelican_error_while_writing
from programme.ledger import Ledger
from programme.check import check_site
from programme.problems import ContentError
from programme.staging import BuildFailed

LEDGER = ".calendar-ledger.json"


def stamps(site: Site, slug: str) -> tuple[str, str, str, int]:
    event = icalendar.Calendar.from_ical((site.output / f"evenements/{slug}.ics").read_bytes()).walk("VEVENT")[0]
    return str(event["UID"]), event["DTSTAMP"].to_ical().decode(), event["LAST-MODIFIED"].to_ical().decode(), int(event["SEQUENCE"])


def event_files(site: Site) -> dict[str, bytes]:
    return {name: data for name, data in site.files().items() if name.startswith("evenements/") and name.endswith(".ics")}


def test_first_build_records_every_event_at_sequence_zero(site):
    site.build(now="2026-11-25T12:00")
    assert stamps(site, "sols-vivants") == ("evenement-sols-vivants@sciences.orleans-metropole.fr",
                                            "20261125T110000Z", "20261125T110000Z", 0)
    ledger = json.loads((site.content / LEDGER).read_text(encoding="utf-8"))
    assert set(ledger) == {"abeilles-et-cafe", "exposition", "sols-vivants", "conference-annulee", "webinaire"}
    assert ledger["sols-vivants"]["modified"] == ledger["sols-vivants"]["first_seen"] == "2026-11-25T11:00:00Z"


def test_an_edit_bumps_sequence_and_stamps_of_that_event_only(site):
    site.build(now="2026-11-25T12:00")
    before = stamps(site, "webinaire")
    path = site.content / "evenements/sols-vivants.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Title: Les sols vivants", "Title: Les sols bien vivants"),
                    encoding="utf-8")
    site.build(now="2026-12-01T08:30")
    assert stamps(site, "sols-vivants") == ("evenement-sols-vivants@sciences.orleans-metropole.fr",
                                            "20261201T073000Z", "20261201T073000Z", 1)
    assert stamps(site, "webinaire") == before
    site.build(now="2026-12-02T08:30")
    assert stamps(site, "sols-vivants")[1:] == ("20261201T073000Z", "20261201T073000Z", 1)
    entry = json.loads((site.content / LEDGER).read_text(encoding="utf-8"))["sols-vivants"]
    assert entry["first_seen"] == "2026-11-25T11:00:00Z"  # an edit never moves when the event was first seen


def test_a_change_seen_only_by_calendars_counts(site):
    """The venue's address is part of the event's LOCATION: the event's sequence moves with it."""
    site.build()
    path = site.content / "lieux/museum.md"
    path.write_text(path.read_text(encoding="utf-8").replace("6 rue Marcel Proust", "8 rue Marcel Proust"), encoding="utf-8")
    site.build(now="2026-11-26T12:00")
    assert stamps(site, "sols-vivants")[3] == 1 and stamps(site, "webinaire")[3] == 0


def test_rebuild_with_another_now_changes_no_event_and_leaves_the_ledger_alone(site):
    site.build(now="2026-11-25T12:00")
    first = event_files(site)
    ledger = site.content / LEDGER
    written = ledger.stat().st_mtime_ns
    site.build(now="2026-12-20T18:00")
    assert event_files(site) == first
    assert ledger.stat().st_mtime_ns == written


def test_stamps_survive_a_fresh_clone(site, tmp_path):
    site.build(now="2026-11-25T12:00")
    clone = Site(tmp_path / "clone")
    shutil.copytree(site.content, clone.content)  # what git holds: the content and its ledger, no output, no cache
    clone.build(now="2027-01-10T09:00")
    assert event_files(clone) == event_files(site)


def test_a_new_event_starts_at_zero_with_the_build_now(site):
    site.build(now="2026-11-25T12:00")
    site.write("evenements/nouveau.md", "Title: Nouveau\nDate: 2026-12-21 19:00\nVenue: museum\n\nTexte.")
    site.build(now="2026-11-30T12:00")
    assert stamps(site, "nouveau")[1:] == ("20261130T110000Z", "20261130T110000Z", 0)
    assert stamps(site, "sols-vivants")[1:] == ("20261125T110000Z", "20261125T110000Z", 0)


def test_a_failed_build_does_not_touch_the_ledger(site):
    site.build()
    ledger = site.content / LEDGER
    before = ledger.read_bytes()
    path = site.content / "evenements/webinaire.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Webinaire", "Séminaire"), encoding="utf-8")
    site.write("evenements/casse.md", "Title: Cassé\nDate: bientôt\nVenue: museum\n\nTexte.")
    with pytest.raises(ContentError):
        site.build(now="2026-11-30T12:00")
    (site.content / "evenements/casse.md").unlink()
    with pelican_error_while_writing(), pytest.raises(BuildFailed):  # fails after our output
        site.build(now="2026-11-30T12:00")
    assert ledger.read_bytes() == before


@pytest.mark.parametrize("text, line, words", [
    ('{\n<<<<<<< HEAD\n"x": {}\n}\n', 2, "marques de conflit git"),
    ('{\n"x": {"digest": "d", "sequence": 1, "modified": "2026-11-25T12:00:00Z"},\n', 3, "plus un fichier JSON"),
    ('{\n"x": {"digest": "d", "sequence": "un", "modified": "2026-11-25T12:00:00Z"}\n}\n', 2, "« x »"),
    ('{\n"a": {"digest": "d", "sequence": 1, "modified": "2026-11-25T12:00:00Z"},\n'
     '"x": {"digest": "d", "sequence": 1, "modified": "hier"}\n}\n', 3, "« x »"),
    ('[1, 2]\n', None, "plus un fichier JSON"),
    ('{\n"x": {"digest": "d", "first_seen": "hier", "sequence": 1, "modified": "2026-11-25T12:00:00Z"}\n}\n', 2,
     "« x »"),
    ('{\n"x": {"digest": "d", "first_seen": null, "sequence": 1, "modified": "2026-11-25T12:00:00Z"}\n}\n', 2,
     "« x »"),
])
def test_a_damaged_ledger_is_a_french_content_error_in_check_and_build(site, text, line, words):
    site.write(LEDGER, text)
    with pytest.raises(ContentError) as error:
        site.build()
    assert [(p.path, p.line) for p in error.value.problems] == [(LEDGER, line)]
    assert words in str(error.value) and "mémoire des calendriers" in str(error.value)
    assert [(p.path, p.line) for p in check_site(site.settings()).problems] == [(LEDGER, line)]


def test_ledger_file_has_one_line_per_event(tmp_path):
    ledger = Ledger(tmp_path / LEDGER, {})
    now = datetime(2026, 11, 25, 12, tzinfo=timezone.utc)
    ledger.stamp("b", "digest-b", now)
    ledger.stamp("a", "digest-a", now)
    assert ledger.text() == (
        '{\n"a": {"digest": "digest-a", "first_seen": "2026-11-25T12:00:00Z", "modified": "2026-11-25T12:00:00Z", '
        '"sequence": 0},\n'
        '"b": {"digest": "digest-b", "first_seen": "2026-11-25T12:00:00Z", "modified": "2026-11-25T12:00:00Z", '
        '"sequence": 0}\n}\n')
    assert json.loads(ledger.text())["a"]["sequence"] == 0


def without_first_seen(text: str) -> str:
    """The ledger as builds wrote it before they kept `first_seen`."""
    return "".join(re.sub(r'"first_seen": "[^"]*", ', "", line) for line in text.splitlines(keepends=True))


def test_a_ledger_written_before_first_seen_is_read_without_churn(site):
    """An older ledger builds as it did: the same files twice at the same SITE_NOW, the ledger untouched
    by a build that changes nothing, and an event first seen, as far as it knows, when it last changed."""
    site.build(now="2026-11-25T12:00")
    ledger = site.content / LEDGER
    ledger.write_text(without_first_seen(ledger.read_text(encoding="utf-8")), encoding="utf-8")
    older, written = ledger.read_bytes(), ledger.stat().st_mtime_ns
    assert b"first_seen" not in older
    site.build(now="2026-12-20T18:00")
    first = site.files()
    site.build(now="2026-12-20T18:00")
    assert site.files() == first
    assert ledger.read_bytes() == older and ledger.stat().st_mtime_ns == written
    entry = next(e for e in feedparser.parse(first["flux/agenda.atom"]).entries if e.id.endswith("/webinaire"))
    assert entry.published_parsed[:4] == entry.updated_parsed[:4] == (2026, 11, 25, 11)
    site.edit("evenements/webinaire.md", "Title: Webinaire inondations", "Title: Webinaire sur les inondations")
    site.build(now="2026-12-21T09:00")
    lines = ledger.read_text(encoding="utf-8").splitlines()
    (changed,) = [line for line in lines if "first_seen" in line]  # only the edited event's line is rewritten
    assert changed.startswith('"webinaire": ') and '"first_seen": "2026-11-25T11:00:00Z"' in changed
    assert [line for line in lines if line != changed] == \
        [line for line in older.decode().splitlines() if not line.startswith('"webinaire": ')]
    entry = next(e for e in feedparser.parse((site.output / "flux/agenda.atom").read_bytes()).entries
                 if e.id.endswith("/webinaire"))
    assert entry.published_parsed[:4] == (2026, 11, 25, 11) and entry.updated_parsed[:4] == (2026, 12, 21, 8)

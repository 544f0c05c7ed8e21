"""UID, DTSTAMP, LAST-MODIFIED and SEQUENCE across builds: they move only when an event's content does, and
only a published build records it, one file per event in content/.memoire-calendriers/."""

import json
import os
import shutil
from datetime import datetime, timezone

import icalendar
import pytest
from conftest import Site, pelican_error_while_writing
from programme.build.check import check_site
from programme.build.staging import BuildFailed
from programme.content.ledger import Ledger, Stamp
from programme.problems import ContentError
from programme.build.configure import apply_defaults

MEMORY = ".memoire-calendriers"
EVENTS = {"abeilles-et-cafe", "exposition", "sols-vivants", "conference-annulee", "webinaire"}
# The fixture colloquium's sessions, each remembered as an event is (`outputs/colloquium_ics.py`).
SESSIONS = {f"seance--sols-2027--{key}" for key in ("20270311-0930-auditorium", "20270311-1100-salle-pedagogique",
                                                    "20270312-0900-auditorium")}


def stamps(site: Site, slug: str) -> tuple[str, str, str, int]:
    event = icalendar.Calendar.from_ical((site.output / f"evenements/{slug}.ics").read_bytes()).walk("VEVENT")[0]
    return str(event["UID"]), event["DTSTAMP"].to_ical().decode(), event["LAST-MODIFIED"].to_ical().decode(), int(event["SEQUENCE"])


def event_files(site: Site) -> dict[str, bytes]:
    return {name: data for name, data in site.files().items() if name.startswith("evenements/") and name.endswith(".ics")}


def memory(site: Site) -> dict[str, dict]:
    return {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted((site.content / MEMORY).glob("*.json"))}


def content_state(site: Site) -> dict[str, tuple[bytes, int]]:
    """Every file under content/, hidden ones included, with its modification time."""
    return {str(path.relative_to(site.content)): (path.read_bytes(), path.stat().st_mtime_ns)
            for path in sorted(site.content.rglob("*")) if path.is_file()}


def test_first_build_records_every_event_in_a_file_of_its_own(site):
    site.build(now="2026-11-25T12:00")
    assert stamps(site, "sols-vivants") == ("evenement-sols-vivants@sciences.orleans-metropole.fr",
                                            "20261125T110000Z", "20261125T110000Z", 0)
    assert set(memory(site)) == EVENTS | SESSIONS
    text = (site.content / MEMORY / "sols-vivants.json").read_text(encoding="utf-8")
    entry = json.loads(text)
    assert text == json.dumps(entry, indent=2, sort_keys=True, ensure_ascii=False) + "\n"  # a key a line, fixed order
    assert entry["modified"] == entry["first_seen"] == "2026-11-25T11:00:00Z"
    assert entry["start"] == "2026-12-03 19:00" and memory(site)["exposition"]["start"] == "2026-11-14"
    assert not (site.content / ".calendar-ledger.json").exists()


def test_an_edit_bumps_sequence_and_stamps_of_that_event_only(site):
    site.build(now="2026-11-25T12:00")
    before = stamps(site, "webinaire")
    others = {path.name: path.stat().st_mtime_ns for path in (site.content / MEMORY).iterdir() if path.stem != "sols-vivants"}
    site.edit("evenements/sols-vivants.md", "Title: Les sols vivants", "Title: Les sols bien vivants")
    site.build(now="2026-12-01T08:30")
    assert stamps(site, "sols-vivants") == ("evenement-sols-vivants@sciences.orleans-metropole.fr",
                                            "20261201T073000Z", "20261201T073000Z", 1)
    assert stamps(site, "webinaire") == before
    assert {path.name: path.stat().st_mtime_ns for path in (site.content / MEMORY).iterdir()
            if path.stem != "sols-vivants"} == others  # no other event's file was written
    site.build(now="2026-12-02T08:30")
    assert stamps(site, "sols-vivants")[1:] == ("20261201T073000Z", "20261201T073000Z", 1)
    assert memory(site)["sols-vivants"]["first_seen"] == "2026-11-25T11:00:00Z"  # an edit never moves it


def test_a_change_seen_only_by_calendars_counts(site):
    """The venue's address is part of the event's LOCATION: the event's sequence moves with it."""
    site.build()
    site.edit("lieux/museum.md", "6 rue Marcel Proust", "8 rue Marcel Proust")
    site.build(now="2026-11-26T12:00")
    assert stamps(site, "sols-vivants")[3] == 1 and stamps(site, "webinaire")[3] == 0


def test_rebuild_with_another_now_changes_no_event_and_writes_nothing_in_content(site):
    site.build(now="2026-11-25T12:00")
    first, content = event_files(site), content_state(site)
    site.build(now="2026-12-20T18:00")
    assert event_files(site) == first
    assert content_state(site) == content


def test_stamps_survive_a_fresh_clone(site, tmp_path):
    site.build(now="2026-11-25T12:00")
    clone = Site(tmp_path / "clone")
    shutil.copytree(site.content, clone.content)  # what git holds: the content and its memory, no output, no cache
    clone.build(now="2027-01-10T09:00")
    assert event_files(clone) == event_files(site)


def test_a_new_event_starts_at_zero_with_the_build_now(site):
    site.build(now="2026-11-25T12:00")
    site.write("evenements/nouveau.md", "Title: Nouveau\nDate: 2026-12-21 19:00\nVenue: museum\n\nTexte.")
    site.build(now="2026-11-30T12:00")
    assert stamps(site, "nouveau")[1:] == ("20261130T110000Z", "20261130T110000Z", 0)
    assert stamps(site, "sols-vivants")[1:] == ("20261125T110000Z", "20261125T110000Z", 0)


def test_a_failed_build_does_not_touch_the_memory(site):
    site.build()
    before = content_state(site)
    site.edit("evenements/webinaire.md", "Webinaire", "Séminaire")
    site.write("evenements/casse.md", "Title: Cassé\nDate: bientôt\nVenue: museum\n\nTexte.")
    with pytest.raises(ContentError):
        site.build(now="2026-11-30T12:00")
    (site.content / "evenements/casse.md").unlink()
    with pelican_error_while_writing(), pytest.raises(BuildFailed):  # fails after our output
        site.build(now="2026-11-30T12:00")
    after = content_state(site)
    assert {name: state for name, state in after.items() if name.startswith(MEMORY)} == \
        {name: state for name, state in before.items() if name.startswith(MEMORY)}


def test_preview_builds_write_nothing_and_nine_saves_are_one_change(site):
    """`invoke serve` builds at every save: none of them is a change to record. Each shows what a publish
    would give (SEQUENCE 1, stamped now); the publish records it once, and later previews agree."""
    site.build(now="2026-11-25T12:00")
    recorded = {name: state for name, state in content_state(site).items() if name.startswith(MEMORY)}
    source = site.content / "evenements/sols-vivants.md"
    original = source.read_text(encoding="utf-8")
    for save in range(1, 10):
        source.write_text(f"{original}\nRelecture {save}.\n", encoding="utf-8")
        site.build(now=f"2026-11-26T10:{save:02d}", RECORD_CALENDAR_CHANGES=False)
        assert stamps(site, "sols-vivants")[1:] == (f"20261126T09{save:02d}00Z",) * 2 + (1,)
        assert stamps(site, "webinaire")[3] == 0
    assert {name: state for name, state in content_state(site).items() if name.startswith(MEMORY)} == recorded
    site.build(now="2026-11-26T11:00")  # the publish
    assert stamps(site, "sols-vivants")[3] == memory(site)["sols-vivants"]["sequence"] == 1
    site.build(now="2026-11-27T11:00", RECORD_CALENDAR_CHANGES=False)
    assert stamps(site, "sols-vivants")[1:] == ("20261126T100000Z", "20261126T100000Z", 1)


def git(folder, *args: str) -> str:
    done = __import__("subprocess").run(["git", "-C", str(folder), *args], capture_output=True, text=True,
                                        env={**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "t@example.org",
                                             "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "t@example.org"})
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_colleagues_publishing_different_events_never_conflict(site, tmp_path):
    """Two clones of one repository: each edits and publishes a different event, then they merge."""
    site.build(now="2026-11-25T12:00")
    git(site.content, "init", "-q", "-b", "main")
    git(site.content, "add", "-A")
    git(site.content, "commit", "-q", "-m", "Published")
    first, second = Site(tmp_path / "first"), Site(tmp_path / "second")
    for colleague in (first, second):
        git(tmp_path, "clone", "-q", str(site.content), str(colleague.content))
    first.edit("evenements/sols-vivants.md", "Title: Les sols vivants", "Title: Les sols bien vivants")
    first.build(now="2026-11-26T09:00")
    second.edit("evenements/webinaire.md", "Title: Webinaire inondations", "Title: Webinaire crues")
    second.build(now="2026-11-26T10:00")
    for colleague, message in ((first, "Sols"), (second, "Webinaire")):
        git(colleague.content, "add", "-A")
        git(colleague.content, "commit", "-q", "-m", message)
    git(first.content, "pull", "-q", "--no-rebase", "--no-edit", str(second.content), "main")  # a merge, no conflict
    assert git(first.content, "status", "--porcelain") == ""
    merged = memory(first)
    assert merged["sols-vivants"]["sequence"] == merged["webinaire"]["sequence"] == 1
    assert merged["sols-vivants"]["modified"] == "2026-11-26T08:00:00Z" and merged["webinaire"]["modified"] == \
        "2026-11-26T09:00:00Z"
    state = content_state(first)
    first.build(now="2026-11-27T09:00")  # both edits were published and recorded: nothing new to record
    assert stamps(first, "webinaire")[1:] == ("20261126T090000Z", "20261126T090000Z", 1)
    assert stamps(first, "sols-vivants")[1:] == ("20261126T080000Z", "20261126T080000Z", 1)
    assert {k: v for k, v in content_state(first).items() if not k.startswith(".git/")} == \
        {k: v for k, v in state.items() if not k.startswith(".git/")}


@pytest.mark.parametrize("text, line, words", [
    ('{\n<<<<<<< HEAD\n  "digest": "d",\n=======\n  "digest": "e",\n>>>>>>> theirs\n}\n', 2, "marques de conflit"),
    ('{\n  "digest": "d",\n  "sequence": 1\n', 4, "plus un fichier JSON"),
    ('{\n  "digest": "d",\n  "modified": "2026-11-25T12:00:00Z",\n  "sequence": "un"\n}\n', None, "forme attendue"),
    ('{\n  "digest": "d",\n  "modified": "hier",\n  "sequence": 1\n}\n', None, "forme attendue"),
    ('{\n  "digest": "d",\n  "modified": "2026-11-25T12:00:00Z",\n  "sequence": 1,\n  "start": "jeudi"\n}\n', None,
     "forme attendue"),
    ('{\n  "digest": "d",\n  "first_slug": "Pas un nom",\n  "modified": "2026-11-25T12:00:00Z",\n  "sequence": 1\n}\n',
     None, "forme attendue"),
    ('[1, 2]\n', None, "forme attendue"),
])
def test_a_damaged_memory_file_is_a_french_content_error_in_check_and_build(site, text, line, words):
    site.build()
    site.write(f"{MEMORY}/sols-vivants.json", text)
    with pytest.raises(ContentError) as error:
        site.build()
    path = f"{MEMORY}/sols-vivants.json"
    assert [(p.path, p.line) for p in error.value.problems] == [(path, line)]
    assert words in str(error.value) and "mémoire des calendriers" in str(error.value)
    assert [(p.path, p.line) for p in check_site(site.settings()).problems] == [(path, line)]
    assert all(problem.hint for problem in error.value.problems)


def test_a_conflict_says_which_block_to_keep(site):
    site.build()
    site.write(f"{MEMORY}/webinaire.json", "<<<<<<< HEAD\n{}\n=======\n{}\n>>>>>>> autre\n")
    (problem,) = check_site(site.settings()).problems
    assert "sequence" in problem.hint and "<<<<<<<" in problem.hint and "effacez l'autre bloc" in problem.hint.lower()


@pytest.mark.parametrize("text, line", [
    ('{\n<<<<<<< HEAD\n"x": {}\n}\n', 2),
    ('{\n"a": {"digest": "d", "sequence": 1, "modified": "2026-11-25T12:00:00Z"},\n'
     '"x": {"digest": "d", "sequence": 1, "modified": "hier"}\n}\n', 3),
])
def test_a_damaged_single_file_memory_of_earlier_versions_is_reported_too(site, text, line):
    site.write(".calendar-ledger.json", text)
    with pytest.raises(ContentError) as error:
        site.build()
    assert [(p.path, p.line) for p in error.value.problems] == [(".calendar-ledger.json", line)]


def single_file(entries: dict[str, dict]) -> str:
    """The memory as earlier versions wrote it: one file, one line per event."""
    lines = [f"{json.dumps(slug)}: {json.dumps(entry, sort_keys=True)}" for slug, entry in sorted(entries.items())]
    return "{\n" + ",\n".join(lines) + "\n}\n"


def test_a_single_file_memory_is_migrated_by_the_first_publish_without_losing_anything(site, tmp_path):
    site.build(now="2026-11-25T12:00")
    published = event_files(site)
    entries = {slug: {key: value for key, value in entry.items() if key != "start"} for slug, entry in memory(site).items()}
    del entries["exposition"]["first_seen"]  # written before first_seen was kept
    entries["ancien"] = {"digest": "0123", "modified": "2026-01-05T10:00:00Z", "sequence": 4}  # no file any more
    shutil.rmtree(site.content / MEMORY)
    site.write(".calendar-ledger.json", single_file(entries))
    before = content_state(site)
    site.build(now="2026-12-20T18:00", RECORD_CALENDAR_CHANGES=False)  # a preview: read, nothing written
    assert content_state(site) == before and event_files(site) == published
    site.build(now="2026-12-20T18:00")  # the publish writes the files, then removes the single file
    assert event_files(site) == published
    assert not (site.content / ".calendar-ledger.json").exists()
    migrated = memory(site)
    assert migrated["ancien"] == entries["ancien"]
    assert "first_seen" not in migrated["exposition"]  # kept in its form until its event changes
    assert {slug: {k: v for k, v in entry.items() if k != "start"} for slug, entry in migrated.items()} == entries
    assert all(migrated[slug]["start"] for slug in EVENTS)  # noted at the migration, for `Date initiale`
    state = content_state(site)
    site.build(now="2026-12-21T18:00")
    assert content_state(site) == state  # migrated once: a no-op publish writes nothing


def test_an_interrupted_migration_keeps_both_and_loses_nothing(site):
    """Files written, the single file not yet removed: files win, the single file fills the gaps."""
    site.build(now="2026-11-25T12:00")
    entries = {slug: {key: value for key, value in entry.items() if key != "start"} for slug, entry in memory(site).items()}
    (site.content / MEMORY / "webinaire.json").unlink()
    site.write(".calendar-ledger.json", single_file({**entries, "sols-vivants": {**entries["sols-vivants"],
                                                                                 "sequence": 0, "digest": "old"}}))
    settings = site.settings()
    apply_defaults(settings)
    loaded = Ledger.load(settings)
    files = memory(site)
    assert loaded.stamps["sols-vivants"] == Stamp(**files["sols-vivants"])
    assert loaded.stamps["webinaire"] == Stamp(**entries["webinaire"])
    assert loaded.dirty == {"webinaire"} and loaded.changed  # the next publish writes it, then removes the single file


def test_the_memory_file_has_a_key_a_line(tmp_path):
    ledger = Ledger(tmp_path / MEMORY)
    now = datetime(2026, 11, 25, 12, tzinfo=timezone.utc)
    ledger.stamp("b", "digest-b", now, "2026-12-03 19:00")
    ledger.stamp("a", "digest-a", now)
    assert [path.name for path in ledger.write()] == ["a.json", "b.json"]
    assert (tmp_path / MEMORY / "b.json").read_text(encoding="utf-8") == (
        '{\n  "digest": "digest-b",\n  "first_seen": "2026-11-25T12:00:00Z",\n  "modified": "2026-11-25T12:00:00Z",\n'
        '  "sequence": 0,\n  "start": "2026-12-03 19:00"\n}\n')
    assert not list((tmp_path / MEMORY).glob(".*"))  # no temporary file left beside them


def test_previous_date_hint_quotes_the_start_the_memory_recorded(site):
    """Switched to « nouvelle date » without `Date initiale`: the hint gives the date published until now."""
    site.build(now="2026-11-25T12:00")
    site.edit("evenements/sols-vivants.md", "Date: 2026-12-03 19:00\n", "Date: 2026-12-17 19:00\n")
    site.build(now="2026-11-26T12:00", RECORD_CALENDAR_CHANGES=False)  # previewed: the memory keeps the published date
    site.edit("evenements/sols-vivants.md", "Date: 2026-12-17 19:00\n", "Date: 2026-12-17 19:00\nÉtat: nouvelle date\n")
    (problem,) = check_site(site.settings()).problems
    assert problem.field == "PreviousDate" and "déplacé" in problem.message
    assert problem.hint == "ajoutez « PreviousDate: 2026-12-03 19:00 » (la date publiée jusqu'ici)."
    site.edit("evenements/sols-vivants.md", "Date: 2026-12-17 19:00\n", "Date: 2026-12-03 19:00\n")
    (problem,) = check_site(site.settings()).problems  # the state switched first, the date not yet
    assert problem.hint == ("ajoutez « PreviousDate: 2026-12-03 19:00 » (la date publiée jusqu'ici), et donnez la "
                            "nouvelle date dans « Date ».")


def test_previous_date_hint_without_a_memory_gives_an_example(site):
    site.edit("evenements/webinaire.md", "End: 2027-01-14 13:30\n", "End: 2027-01-14 13:30\nÉtat: nouvelle date\n")
    (problem,) = check_site(site.settings()).problems
    assert "ex. « PreviousDate: 2026-12-03 19:00 »" in problem.hint and "publiée" not in problem.hint

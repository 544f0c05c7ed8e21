"""The live preview's builder: the warm process, its fast path (edited pages first), restarts, error pages.

Each test runs the real `staff.warm` process over a copy of the fixture site, as `invoke serve` does.
"""

from __future__ import annotations

import io
import os
import signal
from pathlib import Path

import icalendar
import pytest
from conftest import DEFAULT_NOW, ROOT
from pelican import signals
from rich.console import Console
from staff.preview import Preview, WarmProcess
from staff.project import Project
from staff.warm import WarmBuilder


@pytest.fixture
def project(site, monkeypatch) -> Project:
    monkeypatch.setenv("SITE_NOW", DEFAULT_NOW)
    return Project(ROOT, site.content, site.output, site.root / "cache")


@pytest.fixture
def warm(project):
    process = WarmProcess(project)
    yield process
    process.stop()


@pytest.fixture
def preview(project):
    instance = Preview(project, 0, Console(file=io.StringIO()))
    yield instance
    instance.builder.stop()
    instance.server.server_close()


def replies(warm: WarmProcess, changed: list[Path], on_page=None) -> list[dict]:
    """Every reply to one request; `on_page` runs when the page reply arrives, while the warm process is stopped."""
    received = []
    for reply in warm.request(changed):
        received.append(reply)
        if reply["reply"] == "page" and on_page:
            os.kill(warm.pid, signal.SIGSTOP)  # the full build cannot move on while we look
            try:
                on_page()
            finally:
                os.kill(warm.pid, signal.SIGCONT)
    return received


# (file, text replaced, replacement, its page): each kind with a page, and every kind of relation.
EDITS = [
    ("evenements/sols-vivants.md", "Title: Les sols vivants", "Title: Les sols très vivants", "evenements/sols-vivants"),
    ("evenements/abeilles-et-cafe.md", "\n\n", "\n\nUn mot ajouté pour l'aperçu.\n\n", "evenements/abeilles-et-cafe"),
    ("chercheurs/alice-martin.md", "étudie les sols", "étudie les sols vivants", "chercheurs/alice-martin"),
    ("lieux/museum.md", "au cœur d'Orléans", "au cœur de la ville", "lieux/museum"),
    ("cycles/conferences.md", "Le jeudi soir", "Chaque jeudi soir", "cycles/conferences"),
    ("webtv/abeilles-video.md", "Enregistré au bar", "Filmé au bar", "webtv/abeilles-video"),
    ("projets/pollinisateurs.md", "des jardins et des friches", "des jardins et des parcs", "projets/pollinisateurs"),
    ("partenaires/universite.md", "Partenaire historique", "Partenaire de toujours", "partenaires/universite"),
]


def shown(replacement: str) -> bytes:
    """How the replacement text reads in the page's HTML."""
    return replacement.strip().removeprefix("Title: ").replace("'", "&#39;").encode()


@pytest.mark.parametrize("relative, old, new, page", EDITS, ids=[edit[3] for edit in EDITS])
def test_the_edited_page_comes_first_and_as_the_full_build_writes_it(site, warm, relative, old, new, page):
    [first] = replies(warm, [])
    assert first["reply"] == "build" and not first["problems"] and not first["errors"]
    output = site.output / page / "index.html"
    before = output.read_bytes()
    source = site.content / relative
    assert old in source.read_text(encoding="utf-8")
    source.write_text(source.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    fast = {}

    def look() -> None:
        fast["page"] = output.read_bytes()
        fast["agenda"] = (site.output / "agenda/index.html").read_bytes()

    received = replies(warm, [source], look)
    assert [reply["reply"] for reply in received] == ["page", "build"]
    assert received[0]["urls"] == [f"{page}/"]
    assert received[1]["problems"] == [] and received[1]["errors"] == []
    assert shown(new) in fast["page"] and fast["page"] != before  # written before the full build
    assert output.read_bytes() == fast["page"]  # the full build wrote the very same page
    if relative.startswith("evenements/sols"):  # the listings only come with the full build
        assert b"Les sols tr\xc3\xa8s vivants" not in fast["agenda"]
        assert b"Les sols tr\xc3\xa8s vivants" in (site.output / "agenda/index.html").read_bytes()


def test_the_fast_path_waits_for_a_successful_build_and_skips_new_or_broken_files(site, warm):
    event = site.content / "evenements/sols-vivants.md"
    original = event.read_text(encoding="utf-8")
    replies(warm, [])
    new_file = site.write("evenements/nouveau.md", "Title: Nouveau\nDate: 2026-12-20 19:00\nVenue: museum\n\nTexte.")
    assert [reply["reply"] for reply in replies(warm, [new_file])] == ["build"]  # no page of its own yet
    event.write_text(original.replace("Venue: museum", "Venue: musee"), encoding="utf-8")
    [build] = replies(warm, [event])
    assert build["reply"] == "build" and [p["field"] for p in build["problems"]] == ["Venue"]
    event.write_text(original.replace("Title: Les sols vivants", "Title: Les sols revus"), encoding="utf-8")
    # The last build failed: no programme to render against, only the full build.
    assert [reply["reply"] for reply in replies(warm, [event])] == ["build"]
    assert "Les sols revus" in site.text("evenements/sols-vivants/index.html")


def test_a_file_with_a_problem_shows_the_error_page_and_keeps_the_last_page(site, preview):
    preview.rebuild()
    assert preview.state.ok and preview.state.number == 1
    event = site.content / "evenements/sols-vivants.md"
    event.write_text(event.read_text(encoding="utf-8").replace("Venue: museum", "Venue: musee"), encoding="utf-8")
    preview.rebuild([event])
    assert preview.state.number == 2  # the full build only: no page was written first
    page = preview.state.error_page().decode()
    assert "evenements/sols-vivants.md, ligne 3, champ « Venue » : « musee » ne correspond à aucun lieu." in page
    assert "<h1>Les sols vivants</h1>" in site.text("evenements/sols-vivants/index.html")


def test_an_edit_of_an_item_bumps_the_build_number_twice(site, preview):
    preview.rebuild()
    event = site.content / "evenements/sols-vivants.md"
    event.write_text(event.read_text(encoding="utf-8").replace("Les sols vivants", "Les sols bien vivants"), encoding="utf-8")
    preview.rebuild([event])
    assert preview.state.ok and preview.state.number == 3  # the page, then the whole site: open pages reload twice


def test_code_theme_or_settings_changes_restart_the_warm_process_content_does_not(site, preview):
    preview.rebuild()
    first = preview.builder.pid
    preview.rebuild([site.content / "evenements/sols-vivants.md"])
    assert preview.builder.pid == first
    for changed in (ROOT / "theme/templates/event.html", ROOT / "plugins/programme/outputs/pages.py", ROOT / "pelicanconf.py"):
        before = preview.builder.pid
        preview.rebuild([changed])
        assert preview.builder.pid not in (None, before)
        assert preview.state.ok


def test_a_preview_writes_nothing_in_content_and_nine_saves_are_one_change(site, preview):
    """`invoke serve` builds at every save: the calendars show what a publish would (SEQUENCE 1), and the
    memory stays as the last publish left it."""
    site.build()  # published: the memory holds every event at SEQUENCE 0
    memory = site.content / ".memoire-calendriers"
    recorded = {path.name: path.read_bytes() for path in memory.iterdir()}
    event = site.content / "evenements/sols-vivants.md"
    original = event.read_text(encoding="utf-8")
    preview.rebuild()
    for save in range(1, 10):
        event.write_text(f"{original}\nRelecture {save}.\n", encoding="utf-8")
        preview.rebuild([event])
        assert preview.state.ok and preview.own_files == {}
    assert {path.name: path.read_bytes() for path in memory.iterdir()} == recorded
    calendar = icalendar.Calendar.from_ical((site.output / "evenements/sols-vivants.ics").read_bytes())
    assert int(calendar.walk("VEVENT")[0]["SEQUENCE"]) == 1


def test_the_memory_a_recording_build_writes_is_not_taken_for_an_edit(site, preview):
    """A build whose settings record the memory reports the files it wrote; the preview ignores exactly those."""
    builder = WarmBuilder(site.settings())  # the fixture's settings record it, as publishconf.py does
    received: list[dict] = []
    try:
        builder.handle([], received.append)
        builder.handle([], received.append)
    finally:
        signals.all_generators_finalized.disconnect(builder._keep)
    first, second = (reply["own_files"] for reply in received)
    assert sorted(Path(path).name for path in first if not Path(path).name.startswith("seance--")) == [
        "abeilles-et-cafe.json", "conference-annulee.json", "exposition.json", "sols-vivants.json", "webinaire.json"]
    assert second == []  # nothing changed: nothing written
    preview.own_files = {Path(path): Path(path).read_bytes() for path in first}
    written = Path(first[0])
    assert preview.is_own_write(written)
    written.write_text(written.read_text(encoding="utf-8") + " ", encoding="utf-8")  # someone edits it by hand
    assert not preview.is_own_write(written)

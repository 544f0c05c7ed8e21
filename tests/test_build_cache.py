"""What keeps rebuilds fast must never change what is built: the content cache, cached URLs, card fragments."""

import gzip
import multiprocessing
import os
import pickle
import shutil
import time
from pathlib import Path

import pytest
from conftest import ROOT
from jinja2 import Environment
from programme.build import configure
from programme.outputs.fragments import FragmentCache
from programme.problems import ContentError

CACHED = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True}


def mtimes(site) -> dict[str, int]:
    return {str(p.relative_to(site.output)): p.stat().st_mtime_ns for p in site.output.rglob("*") if p.is_file()}


def test_a_warm_cache_builds_the_same_bytes_and_rewrites_nothing(site, tmp_path):
    uncached = tmp_path / "uncached"
    site.build(OUTPUT_PATH=str(uncached))
    site.build(**CACHED)
    assert list((site.root / "cache").glob("content-*/ProgrammeGenerator"))  # one folder per code version
    first, stamps = site.files(), mtimes(site)
    site.build(**CACHED)
    assert site.files() == first
    assert mtimes(site) == stamps
    assert first == {str(p.relative_to(uncached)): p.read_bytes() for p in uncached.rglob("*") if p.is_file()}


def test_a_warm_cache_renders_only_the_files_that_changed(site, call_log):
    from programme.content import reading

    site.build(**CACHED)
    call_log.spy(reading, "render_markdown", lambda markdown, body: body)
    site.build(**CACHED)
    assert call_log.calls() == []
    path = site.content / "evenements/sols-vivants.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nUne phrase ajoutée.\n", encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    before = mtimes(site)
    site.build(**CACHED)
    rendered = call_log.calls()
    assert len(rendered) == 1 and "Une phrase ajoutée." in rendered[0]
    assert "Une phrase ajoutée." in site.text("evenements/sols-vivants/index.html")
    after = mtimes(site)
    assert "evenements/sols-vivants/index.html" in {name for name in after if after[name] != before.get(name)}


def test_the_content_cache_keeps_a_header_as_text_and_a_body_as_html_only(site):
    """Only Markdown reads a body's text, and only validation a header's fields: the cache keeps neither
    (kept, they were half of it, and ~40 MiB of the build's memory at 8 000 events)."""
    site.build(**CACHED)
    (path,) = site.root.glob("cache/content-*/ProgrammeGenerator")
    with (gzip.open if site.settings()["GZIP_CACHE"] else open)(path, "rb") as file:
        readings = {name: data for name, (_stamp, data) in pickle.load(file).items()}
    header, html, _excerpt, _problems = readings["evenements/sols-vivants.md"]
    written = (site.content / "evenements/sols-vivants.md").read_text(encoding="utf-8")
    assert written.startswith(header + "\n\n") and header.startswith("Title:")
    assert "<p>" in html and "<p>" not in written
    assert all(isinstance(reading[0], str) for reading in readings.values())


def test_a_fragment_is_rendered_once_per_key_and_stays_escaped():
    environment = Environment(extensions=[FragmentCache], autoescape=True)
    calls = []
    template = environment.from_string(
        '{% for item in items %}{% cache "card", item %}<b>{{ note(item) }}</b>{% endcache %}{% endfor %}'
    )
    html = template.render(items=["<a>", "b", "<a>", "<a>"], note=lambda item: calls.append(item) or item)
    assert html == "<b>&lt;a&gt;</b><b>b</b><b>&lt;a&gt;</b><b>&lt;a&gt;</b>"
    assert calls == ["<a>", "b"]


@pytest.mark.parametrize("given", [{}, {"extensions": ["jinja2.ext.do"]}])
def test_the_fragment_cache_joins_the_site_jinja_extensions_once(site, given):
    settings = site.settings(JINJA_ENVIRONMENT=dict(given))
    configure.apply_defaults(settings)
    configure.apply_defaults(settings)
    extensions = settings["JINJA_ENVIRONMENT"]["extensions"]
    assert extensions == [*given.get("extensions", []), "programme.outputs.fragments.FragmentCache"]


def test_compiled_templates_are_kept_with_the_content_cache_and_follow_template_edits(site, tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    site.build(THEME=str(theme), **CACHED)
    assert list((site.root / "cache").glob("content-*/templates/*.cache"))
    page = theme / "templates" / "page.html"
    page.write_text(page.read_text(encoding="utf-8").replace("{{ page.title }}", "{{ page.title }} (modifié)", 1),
                    encoding="utf-8")
    site.build(THEME=str(theme), **CACHED)
    assert "Mentions légales (modifié)" in site.text("mentions-legales/index.html")


def uncached_then_cached(site, tmp_path) -> Path:
    """A build without cache to compare with, then a cached one that the next cached build may reuse."""
    uncached = tmp_path / "uncached"
    site.build(OUTPUT_PATH=str(uncached))
    site.build(**CACHED)
    return uncached


def test_unchanged_calendars_are_reused_and_only_changed_ones_serialised(site, tmp_path, call_log):
    from programme.outputs import ical

    uncached = uncached_then_cached(site, tmp_path)
    call_log.spy(ical, "to_ical", lambda frame, components: b"UID:evenement-webinaire@" in b"".join(components))
    site.build(**CACHED)
    assert call_log.calls() == []  # nothing changed: every calendar comes from the published output
    assert {name: data for name, data in site.files().items() if name.endswith(".ics")} == \
        {str(p.relative_to(uncached)): p.read_bytes() for p in uncached.rglob("*.ics")}
    site.edit("evenements/webinaire.md", "Webinaire inondations", "Webinaire crues")
    site.build(**CACHED)
    made = call_log.calls()
    assert made and all(made)  # only the calendars that hold the edited event
    assert "Webinaire crues" in site.text("agenda.ics")


def test_a_calendar_written_by_a_failed_build_is_never_reused(site):
    site.build(**CACHED)
    site.edit("evenements/webinaire.md", "Webinaire inondations", "Webinaire crues")
    site.write("actualites/cassee.md", "Title: Cassée\nDate: pas une date\n\nTexte.")
    with pytest.raises(Exception):
        site.build(**CACHED)  # calendars were made, then publishing was refused
    assert "Webinaire crues" not in site.text("agenda.ics")
    (site.content / "actualites/cassee.md").unlink()
    site.build(**CACHED)  # same events as the failed build: its calendar must not be taken for published
    assert "Webinaire crues" in site.text("agenda.ics")


def test_feeds_from_remembered_bodies_are_those_of_a_build_without_cache(site, tmp_path, call_log):
    from programme.outputs import absolute

    uncached = uncached_then_cached(site, tmp_path)
    call_log.spy(absolute, "absolute_html", lambda body, base_url, *rest: base_url)
    site.build(**CACHED)
    assert call_log.calls() == []  # every entry's body came from the previous build
    feeds = {str(p.relative_to(uncached)): p.read_bytes() for p in (uncached / "flux").rglob("*") if p.is_file()}
    assert feeds and {name: site.files()[name] for name in feeds} == feeds


def test_an_edit_serialises_only_the_edited_event(site, tmp_path, call_log, monkeypatch):
    from programme.outputs import ical

    site.build(**CACHED)
    site.edit("evenements/webinaire.md", "Webinaire inondations", "Webinaire crues")
    call_log.spy(ical, "serialise", lambda component, *known: component.name == "VEVENT" and str(component["UID"]))
    site.build(**CACHED)
    assert [uid.split("@")[0] for uid in call_log.calls() if uid] == ["evenement-webinaire"]
    monkeypatch.undo()
    uncached = tmp_path / "uncached"
    site.build(OUTPUT_PATH=str(uncached))
    assert {name: data for name, data in site.files().items() if name.endswith(".ics")} == \
        {str(p.relative_to(uncached)): p.read_bytes() for p in uncached.rglob("*.ics")}


@pytest.mark.parametrize("parallel_build", [True, False])
def test_the_content_cache_is_pickled_in_a_forked_process_and_whole_when_the_build_ends(site, tmp_path, monkeypatch,
                                                                                      call_log, parallel_build):
    """Pickling a str makes CPython keep a UTF-8 copy inside it: pickled in the build's own process, every
    body would take twice its memory there, and in the processes forked from it, until the build ends."""
    from programme.build import generator
    from programme.content import reading

    savers = tmp_path / "savers"
    savers.mkdir()
    save = generator.ProgrammeGenerator.save_cache
    monkeypatch.setattr(generator.ProgrammeGenerator, "save_cache",
                        lambda self: (savers / str(os.getpid())).touch() or save(self))
    site.build(PARALLEL_BUILD=parallel_build, **CACHED)
    assert [int(saver.name) != os.getpid() for saver in savers.iterdir()] == [parallel_build]
    monkeypatch.undo()
    call_log.spy(reading, "render_markdown", lambda markdown, body: body)
    site.build(**CACHED)
    assert call_log.calls() == []  # the cache was whole: nothing read again


@pytest.mark.parametrize("failure", ["content", "template"])
def test_a_failed_build_leaves_its_cache_saved_and_no_process_behind(site, monkeypatch, failure):
    from programme.build import generator
    from programme.outputs import pages

    save = generator.ProgrammeGenerator.save_cache
    monkeypatch.setattr(generator.ProgrammeGenerator, "save_cache", lambda self: time.sleep(1) or save(self))
    if failure == "content":
        site.write("evenements/casse.md", "Title: Cassé\nStart: pas une date\n\nTexte.")
    else:
        monkeypatch.setattr(pages, "write_all", lambda *args: 1 / 0)
    with pytest.raises((ContentError, ZeroDivisionError)):
        site.build(PARALLEL_BUILD=True, **CACHED)
    assert multiprocessing.active_children() == []
    assert list((site.root / "cache").glob("content-*/ProgrammeGenerator"))

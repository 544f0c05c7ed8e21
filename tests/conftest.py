"""Builds tiny throwaway sites from the fixture folder, with the real Pelican and our plugin."""

from __future__ import annotations

import contextlib
import json
import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "site"
DEFAULT_NOW = "2026-11-25T12:00"


@dataclass
class Site:
    """A fixture site in a temp dir: edit its content, build it, read what came out."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def output(self) -> Path:
        return self.root / "output"

    def write(self, relative: str, text: str | bytes) -> Path:
        path = self.content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def settings(self, now: str = DEFAULT_NOW, **overrides) -> dict:
        override = {
            "PATH": str(self.content),
            "OUTPUT_PATH": str(self.output),
            "CACHE_PATH": str(self.root / "cache"),
            "CACHE_CONTENT": False,
            "LOAD_CONTENT_CACHE": False,
            "SITE_NOW": now,
            # Fixture sites build as production does, drafts left out and the calendars' memory recorded
            # (tests of the preview turn them back).
            "SHOW_DRAFTS": False, "DRAFT_SAVE_AS": "", "DRAFT_PAGE_SAVE_AS": "", "RECORD_CALENDAR_CHANGES": True,
            # The month's PDFs take WeasyPrint a second or two each: only the tests of the PDFs make them.
            "MONTH_PDFS": False,
            **overrides,
        }
        return read_settings(str(ROOT / "pelicanconf.py"), override=override)

    def build(self, now: str = DEFAULT_NOW, **overrides) -> None:
        Pelican(self.settings(now, **overrides)).run()

    def text(self, relative: str) -> str:
        return (self.output / relative).read_text(encoding="utf-8")

    def html(self, relative: str) -> BeautifulSoup:
        return BeautifulSoup(self.text(relative), "html5lib")

    def edit(self, relative: str, old: str, new: str) -> None:
        """Replace text in a content file, as someone editing it would."""
        path = self.content / relative
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")

    def json_ld(self, relative: str) -> list[dict]:
        """Every schema.org node of a page (its one JSON-LD script, `@graph` flattened), as a search engine reads it."""
        scripts = self.html(relative).find_all("script", type="application/ld+json")
        assert len(scripts) <= 1, f"{relative} has {len(scripts)} JSON-LD scripts"
        if not scripts:
            return []
        data = json.loads(scripts[0].string)
        assert data["@context"] == "https://schema.org"
        return data.get("@graph", [data])

    def node(self, relative: str, kind: str) -> dict:
        """The page's one node of that `@type`."""
        found = [node for node in self.json_ld(relative) if node["@type"] == kind]
        assert len(found) == 1, f"{relative} has {len(found)} {kind} nodes"
        return found[0]

    def files(self) -> dict[str, bytes]:
        return {str(p.relative_to(self.output)): p.read_bytes() for p in sorted(self.output.rglob("*")) if p.is_file()}


class CallLog:
    """Calls to a spied function, kept in a file: the build writes calendars and feeds in a forked process."""

    def __init__(self, path: Path, monkeypatch: pytest.MonkeyPatch):
        self.path = path
        self.monkeypatch = monkeypatch

    def spy(self, owner: object, name: str, describe: Callable[..., object]) -> None:
        """Replace `owner.name` by itself noting `describe(*args)` (anything JSON can hold) at each call."""
        real = getattr(owner, name)

        def noted(*args, **kwargs):
            with self.path.open("a", encoding="utf-8") as log:
                log.write(json.dumps(describe(*args, **kwargs)) + "\n")
            return real(*args, **kwargs)

        self.monkeypatch.setattr(owner, name, noted)

    def calls(self) -> list:
        """What was noted since the last call, in order."""
        if not self.path.exists():
            return []
        noted = [json.loads(line) for line in self.path.read_text(encoding="utf-8").splitlines()]
        self.path.unlink()
        return noted


@pytest.fixture
def call_log(tmp_path, monkeypatch) -> CallLog:
    return CallLog(tmp_path / "calls.jsonl", monkeypatch)


@pytest.fixture(autouse=True)
def _no_site_now_from_environment(monkeypatch):
    monkeypatch.delenv("SITE_NOW", raising=False)


@pytest.fixture
def site(tmp_path) -> Site:
    shutil.copytree(FIXTURE, tmp_path / "content")
    return Site(tmp_path)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Site:
    """One build of the untouched fixture, shared by read-only tests of a module."""
    root = tmp_path_factory.mktemp("built")
    shutil.copytree(FIXTURE, root / "content")
    result = Site(root)
    result.build()
    return result


@pytest.fixture(scope="module")
def network(tmp_path_factory) -> Site:
    """The fixture with a research network added (`network_site`: projects, partners, their events and
    videos), built once for a module's read-only tests."""
    from network_site import add_network

    root = tmp_path_factory.mktemp("network")
    shutil.copytree(FIXTURE, root / "content")
    result = add_network(Site(root))
    result.build()
    return result


@pytest.fixture(scope="session")
def browser():
    """The real Chromium, shared by the session's browser tests."""
    from serving import chromium

    with chromium() as instance:
        yield instance


@contextlib.contextmanager
def pelican_error_while_writing():
    """Pelican logs an error once pages are being written (a file it cannot write): the build fails late,
    after everything is staged; content errors, by contrast, stop it before anything is written."""
    from pelican import signals

    def fail(path, **kwargs) -> None:
        logging.getLogger("pelican.writers").error("Skipping %s: disk full", path)

    signals.content_written.connect(fail)
    try:
        yield
    finally:
        signals.content_written.disconnect(fail)

"""The README's screenshots: the sample programme (`content/`) built at a fixed date and photographed by the test
suite's Chromium, so that they show the site as it is. `invoke screenshots` writes them into `docs/screenshots/`;
`tests/test_screenshots.py` takes them again and fails while the committed ones differ from what the site shows.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from conftest import ROOT, Site
from serving import chromium, serve

FOLDER = ROOT / "docs" / "screenshots"
NOW = "2026-12-05T10:00"  # a Saturday with December's dates ahead: the month grid marks it


@dataclass(frozen=True)
class Shot:
    name: str  # the file's stem, before its width
    path: str  # the page, site-relative
    caption: str  # what the README says it shows


SHOTS = (
    Shot("accueil", "/", "Home"),
    Shot("agenda", "/agenda/", "Agenda"),
    Shot("mois", "/agenda/2026-12/", "Month grid"),
    Shot("evenement", "/evenements/bar-sciences-venins/", "Event"),
    Shot("lieux", "/lieux/", "Venues and their map"),
)
# Each screenshot's viewport: a laptop and a phone (the first screen, as a visitor sees it on arrival).
VIEWPORTS = {1280: 800, 375: 812}


def file_name(shot: Shot, width: int) -> str:
    return f"{shot.name}-{width}.png"


def build_sample(root: Path) -> Path:
    """The sample programme built in `root` at `NOW`; returns its output folder."""
    shutil.copytree(ROOT / "content", root / "content")
    site = Site(root)
    site.build(now=NOW)
    return site.output


def take(output: Path, folder: Path, browser=None) -> list[Path]:
    """Every shot at every width, as PNG files in `folder`; in `browser` (the test suite's shared browser: Playwright runs
    one at a time in a process), else in a Chromium of its own."""
    if browser is None:
        with chromium() as own:
            return take(output, folder, own)
    folder.mkdir(parents=True, exist_ok=True)
    taken = []
    with serve(output) as base_url:
        for width, height in VIEWPORTS.items():
            context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris", reduced_motion="reduce",
                                          viewport={"width": width, "height": height}, device_scale_factor=1)
            page = context.new_page()
            for shot in SHOTS:
                page.goto(base_url + shot.path, wait_until="networkidle")
                page.evaluate("document.fonts.ready")
                path = folder / file_name(shot, width)
                page.screenshot(path=str(path), animations="disabled", caret="hide")
                taken.append(path)
            context.close()
    return taken

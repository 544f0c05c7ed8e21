"""The README's screenshots show the site as it is: taken again here, they must match the committed ones
(`invoke screenshots` writes them), and the README shows each of them."""

from __future__ import annotations

import pytest
from PIL import Image, ImageChops, ImageStat
from screenshots import FOLDER, SHOTS, VIEWPORTS, build_sample, file_name, take

from conftest import ROOT

# Mean difference per channel (0-255) allowed between two takes of one page: anti-aliasing and font hinting
# differ a little from one Chromium build to another; a changed layout, text or picture differs far more.
TOLERANCE = 4.0


def test_the_readme_shows_every_screenshot_at_both_widths():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for shot in SHOTS:
        for width in VIEWPORTS:
            name = file_name(shot, width)
            assert f"docs/screenshots/{name}" in readme, name
            with Image.open(FOLDER / name) as image:
                assert image.size == (width, VIEWPORTS[width]), name


@pytest.mark.browser
@pytest.mark.slow
def test_the_screenshots_show_the_site_as_it_is(browser, tmp_path):
    fresh = take(build_sample(tmp_path / "site"), tmp_path / "shots", browser)
    stale = []
    for path in fresh:
        with Image.open(path) as now, Image.open(FOLDER / path.name) as committed:
            if now.size != committed.size:
                stale.append(f"{path.name}: {committed.size} → {now.size}")
                continue
            difference = ImageStat.Stat(ImageChops.difference(now.convert("RGB"), committed.convert("RGB"))).mean
            if max(difference) > TOLERANCE:
                stale.append(f"{path.name}: mean difference {max(difference):.1f}")
    assert not stale, "screenshots out of date (run `invoke screenshots`): " + "; ".join(stale)

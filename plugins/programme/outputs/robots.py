"""robots.txt: the whole site may be crawled, and here is its sitemap (an absolute URL, as robots.txt requires)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from ..build import staging

if TYPE_CHECKING:
    from ..build.generator import ProgrammeGenerator


def robots_text(public_url: str, sitemap_path: str) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {public_url}/{sitemap_path}\n"


def write(generator: ProgrammeGenerator) -> None:
    settings = generator.settings
    path = os.path.join(generator.output_path, settings["ROBOTS_SAVE_AS"])
    staging.write_bytes(settings, path, robots_text(generator.options.public_url, settings["SITEMAP_SAVE_AS"]).encode())

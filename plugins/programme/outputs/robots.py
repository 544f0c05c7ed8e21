"""robots.txt: the whole site may be crawled but the staff's pages (the social-media kits), and here is its
sitemap (an absolute URL, as robots.txt requires)."""

from __future__ import annotations

from collections.abc import Iterable

from . import kit
from .site import Site


def robots_text(public_url: str, sitemap_path: str, disallowed: Iterable[str] = ()) -> str:
    refused = "".join(f"Disallow: /{path}\n" for path in disallowed)
    return f"User-agent: *\n{refused}Allow: /\n\nSitemap: {public_url}/{sitemap_path}\n"


def write(site: Site) -> None:
    settings = site.settings
    text = robots_text(site.public_url, settings["SITEMAP_SAVE_AS"], kit.disallowed(settings))
    site.write(settings["ROBOTS_SAVE_AS"], text.encode())

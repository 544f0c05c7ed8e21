"""robots.txt: the whole site may be crawled, and here is its sitemap (an absolute URL, as robots.txt requires)."""

from __future__ import annotations

from .site import Site


def robots_text(public_url: str, sitemap_path: str) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {public_url}/{sitemap_path}\n"


def write(site: Site) -> None:
    settings = site.settings
    site.write(settings["ROBOTS_SAVE_AS"], robots_text(site.public_url, settings["SITEMAP_SAVE_AS"]).encode())

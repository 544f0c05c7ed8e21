"""sitemap.xml: every public page, with absolute URLs."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING
from xml.etree import ElementTree

if TYPE_CHECKING:
    from .generator import ProgrammeGenerator

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def page_entries(generator: ProgrammeGenerator, listing_urls: list[str]) -> list[tuple[str, str | None]]:
    """(url, lastmod) of every public page; lastmod only where the content gives a date."""
    entries: list[tuple[str, str | None]] = [(url, None) for url in listing_urls]
    programme = generator.programme
    for kind in ("event", "researcher", "venue", "cycle"):
        entries += [(item.url, None) for item in programme.of_kind(kind)]
    entries += [(e.url, e.published.date().isoformat() if e.published else None) for e in programme.episodes]
    for article in generator.context.get("articles", []):
        stamp = getattr(article, "modified", None) or article.date
        entries.append((article.url, stamp.date().isoformat()))
    entries += [(page.url, None) for page in generator.context.get("pages", [])]
    return sorted(set(entries))


def write(generator: ProgrammeGenerator, listing_urls: list[str]) -> None:
    base = generator.options.public_url
    root = ElementTree.Element("urlset", xmlns=NAMESPACE)
    for url, lastmod in page_entries(generator, listing_urls):
        node = ElementTree.SubElement(root, "url")
        ElementTree.SubElement(node, "loc").text = f"{base}/{url}"
        if lastmod:
            ElementTree.SubElement(node, "lastmod").text = lastmod
    path = os.path.join(generator.output_path, generator.settings["SITEMAP_SAVE_AS"])
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    ElementTree.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)

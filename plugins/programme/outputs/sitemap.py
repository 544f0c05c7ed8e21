"""sitemap.xml: every public page, with absolute URLs."""

from __future__ import annotations

from datetime import date
from xml.etree import ElementTree

from . import history, pages
from . import letter, months
from .site import Site

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def page_entries(site: Site) -> list[tuple[str, str | None]]:
    """(url, lastmod) of every public page.

    An item's lastmod is the newer of its source file's last commit (see `history`) and the date it
    declares (an episode's or a news article's); a listing's is the newest of all items', since it shows
    them. Pages with neither (content outside git) get no lastmod.
    """
    changes = history.last_changes(site.content_path)

    def lastmod(item, *declared) -> date | None:
        days = [changes.get(item.relative_source_path), *(moment.date() for moment in declared if moment)]
        return max((day for day in days if day), default=None)

    programme = site.programme
    items: list[tuple[str, date | None]] = []
    for kind in pages.PAGE_KINDS:  # every item page, projects' and partners' too
        items += [(item.url, lastmod(item, item.published if kind == "episode" else None))
                  for item in programme.of_kind(kind)]
    for article in site.context.get("articles", []):
        items.append((article.url, lastmod(article, article.date, getattr(article, "modified", None))))
    items += [(page.url, lastmod(page, getattr(page, "date", None), getattr(page, "modified", None))) for page in site.context.get("pages", [])]
    newest = max((day for _url, day in items if day), default=None)
    entries = [(url, newest) for url in [*pages.listing_urls(site), *direct_template_urls(site.settings)]] + items
    entries += [(url, newest) for url in [*months.urls(site), *letter.urls(site)]]  # they list what the listings do
    return sorted({(url, day.isoformat() if day else None) for url, day in entries})


NOT_PAGES = {"404"}  # direct templates that are not pages of the site


def direct_template_urls(settings: dict) -> list[str]:
    """Pelican's own listings that are published (the news index)."""
    return [settings.get(f"{name.upper()}_URL", f"{name}.html") for name in settings["DIRECT_TEMPLATES"]
            if name not in NOT_PAGES and settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html")]


def write(site: Site) -> None:
    base = site.public_url
    root = ElementTree.Element("urlset", xmlns=NAMESPACE)
    for url, lastmod in page_entries(site):
        node = ElementTree.SubElement(root, "url")
        ElementTree.SubElement(node, "loc").text = f"{base}/{url}"
        if lastmod:
            ElementTree.SubElement(node, "lastmod").text = lastmod
    site.write(site.settings["SITEMAP_SAVE_AS"], ElementTree.tostring(root, encoding="utf-8", xml_declaration=True))

"""The month's programme as a PDF, `/agenda/<yyyy>-<mm>/programme.pdf`: the month page itself, as written, laid
out by `pdf.render` with the site's print stylesheet (A4, two columns, a page per week), for every month not
over yet (nobody prints a programme that is past). An unchanged month comes from the PDF cache.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import months as month_pages
from . import pdf
from .site import Site

PRINT_STYLESHEET = ("print", "month.css")  # under the theme: read by WeasyPrint, never published
_LINK = re.compile(r'(<a\b[^>]*?\shref=")/(?!/)')
_ICON = re.compile(r'<svg class="icon"[^>]*>.*?</svg>', re.S)
_STYLESHEET = re.compile(r'<link\b[^>]*\brel="stylesheet"[^>]*>')


def printable_html(html: str, site: Site) -> str:
    """The page as WeasyPrint reads it: links lead to the public site (a PDF is read away from it); the
    stylesheets are given to the engine from the theme, since the output's copy may not be written yet; the
    pictograms' labels stay, their icons (an SVG sprite WeasyPrint does not read) go."""
    for own in {site.public_url, site.options.site_url}:
        if own:
            html = html.replace(f'="{own}/', '="/')
    return _LINK.sub(rf"\g<1>{site.public_url}/", _STYLESHEET.sub("", _ICON.sub("", html)))


def stylesheets(site: Site) -> tuple[Path, ...]:
    """The site's stylesheet (its print rules), then the PDF's own layout of the days (`theme/print/month.css`)."""
    folder = (site.settings.get("THEME_STATIC_PATHS") or ["static"])[0]
    return Path(site.settings["THEME"], folder, "css", "site.css"), Path(site.settings["THEME"], *PRINT_STYLESHEET)


def write(site: Site) -> None:
    """Each month not over: its PDF, from the cache when nothing it is made of changed."""
    if not site.settings["MONTH_PDFS"]:
        return
    output = Path(site.output_path)
    for month in month_pages.months(site):
        if month.pdf_url:
            html = printable_html((output / month.save_as).read_text(encoding="utf-8"), site)
            site.write(month.pdf_save_as, pdf.render(html, month.save_as, pdf.cache_root(site), stylesheets(site)))

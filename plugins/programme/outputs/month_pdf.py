"""The month's programme as a PDF, `/agenda/<yyyy>-<mm>/programme.pdf`: the month page itself, as written, laid
out by WeasyPrint with the site's print stylesheet (A4, two columns, a page per week), for every month not
over yet (nobody prints a programme that is past).

WeasyPrint takes about a second a document, so each PDF is cached by the hash of everything it is made of
(the page, the stylesheets and pictures it reads, WeasyPrint's version): an unchanged month is copied from the
cache. `render_pdf` is the engine: it reads files from one folder only and fetches nothing from anywhere else.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from . import months as month_pages
from .site import Site

# In the images' cache (whose pruning only ever removes folders, and this one holds files): what a build keeps of
# its cache when it starts cold keeps the PDFs too.
PDF_CACHE_FOLDER = "pdf"
_LINK = re.compile(r'(<a\b[^>]*?\shref=")/(?!/)')


class PdfError(RuntimeError):
    """A PDF could not be made (a file it needs is missing): the build says which."""


def render_pdf(html: str, base_url: str, title: str, lang: str) -> bytes:
    """A PDF of `html`, whose relative references are read under `base_url`, a `file://` folder; anything else
    (another folder, any network address) is refused, so that nothing is loaded from a third party."""
    import weasyprint  # ~0.3 s to import: only builds that make a PDF pay it
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    root = Path(url2pathname(urlsplit(base_url).path)).resolve()

    class FolderFetcher(URLFetcher):
        def fetch(self, url: str, headers=None) -> URLFetcherResponse:
            parts = urlsplit(url)
            path = Path(url2pathname(unquote(parts.path))).resolve()
            if parts.scheme != "file" or not path.is_relative_to(root) or not path.is_file():
                raise PdfError(f"« {url} » n'est pas un fichier du site : rien n'est chargé d'ailleurs.")
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": _mime(path)})

    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=FolderFetcher()).render()
    document.metadata.title = title
    document.metadata.lang = lang
    return document.write_pdf()


def _mime(path: Path) -> str:
    return {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
            ".webp": "image/webp"}.get(path.suffix, "application/octet-stream")


_ICON = re.compile(r'<svg class="icon"[^>]*>.*?</svg>', re.S)


def printable_html(html: str, site: Site) -> tuple[str, Path]:
    """The page as WeasyPrint reads it, and the folder it reads files from: the theme's static files, since the
    output's copy may not be written yet. Links lead to the public site; the pictograms' labels stay, their
    icons (an SVG sprite WeasyPrint does not read) go."""
    for own in {site.public_url, site.options.site_url}:
        if own:
            html = html.replace(f'="{own}/', '="/')
    static = site.settings.get("THEME_STATIC_DIR", "theme").strip("/")
    html = re.sub(rf'href="/{re.escape(static)}/([^"?]+)(?:\?[^"]*)?"', r'href="\1"', html)
    html = _LINK.sub(rf"\g<1>{site.public_url}/", _ICON.sub("", html))
    folders = site.settings.get("THEME_STATIC_PATHS") or ["static"]
    return html, (Path(site.settings["THEME"]) / folders[0]).resolve()


def write(site: Site) -> None:
    """Each month not over: its PDF, from the cache when nothing it is made of changed."""
    if not site.settings["MONTH_PDFS"]:
        return
    cache = Path(site.options.image_cache_path) / PDF_CACHE_FOLDER
    cache.mkdir(parents=True, exist_ok=True)
    output = Path(site.output_path)
    kept = set()
    for month in month_pages.months(site):
        if not month.pdf_url:
            continue
        html, folder = printable_html((output / month.save_as).read_text(encoding="utf-8"), site)
        key = _key(html, folder)
        kept.add(f"{key}.pdf")
        cached = cache / f"{key}.pdf"
        if not cached.is_file():
            title = f"Programme de {month.link.lower_label} — {site.settings['SITENAME']}"
            temporary = cached.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_bytes(render_pdf(html, folder.as_uri() + "/", title, "fr"))
            temporary.replace(cached)  # whole or absent, whatever stops the build
        site.write(month.pdf_save_as, cached.read_bytes())
    for stale in cache.glob("*.pdf"):
        if stale.name not in kept:
            stale.unlink()


def _key(html: str, root: Path) -> str:
    """What the PDF is made of: the page, every file it reads (the stylesheet), and WeasyPrint's version."""
    from importlib.metadata import version

    digest = hashlib.sha256(f"{version('weasyprint')}\x1f{html}".encode())
    for reference in sorted(set(re.findall(r'(?:href|src)="([^":#?]+)', html))):
        path = root / reference
        if path.is_file():
            digest.update(reference.encode() + path.read_bytes())
    return digest.hexdigest()

"""HTML to an accessible PDF with WeasyPrint: tagged (PDF/UA-1), with its `<title>` and `<html lang>` as the
document's title and language; cached by content hash, so that a build whose HTML did not change reuses it.

Any printable document of the site goes through `render` (a colloquium's programme, a month's programme):
only local files are read (no network at build time), and a failure of the layout engine becomes a French
problem naming the content file it was made from, never a traceback.
"""

from __future__ import annotations

import ctypes.util
import functools
import hashlib
import logging
import os
import time
from importlib.metadata import version
from pathlib import Path

from ..problems import ContentError, Problem
from .site import Site

# The system libraries WeasyPrint cannot work without (Debian: libpango-1.0-0, libpangoft2-1.0-0, which bring
# the others): looked up without importing WeasyPrint, which takes a second.
LIBRARIES = ("gobject-2.0", "pango-1.0", "pangoft2-1.0", "harfbuzz", "fontconfig")
VARIANT = "pdf/ua-1"  # tagged, with a title and a language: what screen readers need of a PDF
CACHE_FOLDER = "pdf"
# A cached PDF no build has used for this long is deleted: old months and edited programmes do not pile up,
# while switching between branches or versions for a few weeks lays nothing out again.
UNUSED_FOR = 30 * 24 * 3600
logger = logging.getLogger(__name__)


@functools.cache
def missing_libraries() -> tuple[str, ...]:
    """The libraries of `LIBRARIES` this machine lacks: without them the site is built without its PDFs."""
    return tuple(name for name in LIBRARIES if ctypes.util.find_library(name) is None)


def engine():
    """WeasyPrint, imported when a PDF is first needed: it loads Pango, which a build without PDFs never needs.

    Importing it sets Pillow's `LOAD_TRUNCATED_IMAGES` for the whole process, which would let a picture cut
    short pass the site's own check (`media`) in every later build of the process (the preview's): the
    setting is put back as it was.
    """
    from PIL import ImageFile

    before = ImageFile.LOAD_TRUNCATED_IMAGES
    import weasyprint

    ImageFile.LOAD_TRUNCATED_IMAGES = before
    return weasyprint


def cache_key(html: str, stylesheets: tuple[Path, ...]) -> str:
    """What the PDF depends on: the HTML, the stylesheets and the engine (read without importing it)."""
    digest = hashlib.sha256(f"{version('weasyprint')}|{VARIANT}".encode())
    digest.update(html.encode())
    for stylesheet in stylesheets:
        digest.update(stylesheet.read_bytes())
    return digest.hexdigest()[:32]


def _fetcher(roots: tuple[Path, ...]):
    """Reads files under `roots` only: a link in an abstract cannot make the build fetch anything else."""
    weasyprint = engine()
    allowed = tuple(str(root.resolve()) + os.sep for root in roots)

    class LocalFetcher(weasyprint.urls.URLFetcher):
        def fetch(self, url, headers=None):
            if not url.startswith("file:"):
                raise ValueError(f"not fetched (the build reads local files only): {url}")
            path = os.path.realpath(weasyprint.urls.unquote(url.split("?")[0].removeprefix("file://")))
            if not path.startswith(allowed):
                raise ValueError(f"not fetched (outside the theme and the output): {url}")
            return super().fetch(url, headers)

    return LocalFetcher(allowed_protocols={"file"})


def cache_root(site: Site) -> Path:
    """Where every printable document is cached (under `CACHE_FOLDER`): in the cache of derived media, with the
    pictures, since a PDF costs as much to make again; its pruning removes only entries' folders, not these files."""
    return Path(site.options.image_cache_path)


def write(site: Site) -> None:
    """After the documents are made: forget the cached PDFs no build has used for `UNUSED_FOR` seconds."""
    limit = time.time() - UNUSED_FOR
    for cached in (cache_root(site) / CACHE_FOLDER).glob("*.pdf"):
        if cached.stat().st_mtime < limit:
            cached.unlink(missing_ok=True)


def render(html: str, source: str, cache_root: Path, stylesheets: tuple[Path, ...] = ()) -> bytes:
    """The PDF of `html` (its <title> and <html lang> become the document's); `source` is the content file it
    tells of, named by the problem if WeasyPrint cannot lay it out."""
    key = cache_key(html, stylesheets)
    cached = cache_root / CACHE_FOLDER / f"{key}.pdf"
    if cached.is_file():
        os.utime(cached)  # used: `write` keeps it
        return cached.read_bytes()
    weasyprint = engine()
    fetcher = _fetcher(tuple(path.parent for path in stylesheets))
    try:
        document = weasyprint.HTML(string=html, url_fetcher=fetcher)
        data = document.write_pdf(stylesheets=[weasyprint.CSS(filename=str(path), url_fetcher=fetcher)
                                               for path in stylesheets], pdf_variant=VARIANT)
    except Exception as error:  # WeasyPrint's own failures have no common class
        logger.debug("WeasyPrint failed on %s", source, exc_info=True)
        raise ContentError([Problem(source, "le programme imprimable (PDF) n'a pas pu être mis en page "
                                    f"({type(error).__name__} : {str(error)[:200]}).",
                                    hint="cherchez dans le programme un texte inhabituel (un tableau ou un mot "
                                    "démesuré, une image) et simplifiez-le ; si rien n'y fait, transmettez ce message "
                                    "à l'équipe technique.")]) from None
    cached.parent.mkdir(parents=True, exist_ok=True)
    temporary = cached.with_name(f".{cached.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, cached)
    return data

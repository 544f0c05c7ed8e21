"""Links written inside Markdown bodies: to files under content/, and to the site's own pages.

Staff give such paths from content/, as they do for images (`![texte](images/x.jpg)`); a browser would
read them from the page's own address and miss. So a link to a content file is pointed at what the site
publishes of it: a page's address (`{filename}`), a document under a static folder such as media/ as
copied (`{static}`), an image's largest web version (its original, with its metadata, is never
published, even through `{static}`). A link to a content file that nothing publishes, naming a file that
content/ does not hold, or to an address of the site that no page has (`/evenements/x/`, `../agenda/`,
`https://<SITE_DOMAIN>/media/x.mp3`), is reported with the file and the line; links to other sites are
left as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape, unescape
from pathlib import PurePosixPath
from urllib.parse import unquote, urljoin, urlparse

from ..content.fields import ParseContext, parse_image
from ..content.inline_images import PELICAN_LINK, content_path
from ..content.reading import reference_line
from ..content.text import TAG_TAIL
from ..media.library import ImageLibrary
from ..problems import FieldError, Problem
from .addresses import Addresses
from .images import ORIGINAL_SUFFIXES

LINK = re.compile(r"<a\b" + TAG_TAIL, re.I)
# A relative link ending with one of these names a file that only content/ could hold: if it holds none, the
# link is broken.
# A link whose last segment has a suffix names a file (`.pdf`, `.mp3`, `.vtt`…), except these pages.
PAGE_SUFFIXES = (".html", ".htm")
# A tag's attributes, one after the other, each with its value if it has one: read in order, an `href=` written
# inside another attribute's quoted value is never taken for the link's own. Not an HTML parser: every body with
# a link goes through here.
ATTRIBUTE = re.compile(r"""\s+([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>=`<]+)))?""")


def href_attribute(tag: str) -> re.Match | None:
    """The `href` attribute of an `<a …>` tag (its value in group 2, 3 or 4, as it was quoted)."""
    return next((attribute for attribute in ATTRIBUTE.finditer(tag, 2) if attribute[1].lower() == "href"), None)


class FileLinks:
    def __init__(self, library: ImageLibrary, ctx: ParseContext, static_paths: list[str], site_url: str,
                 addresses: Addresses | None = None, site_domain: str = ""):
        self.library = library
        self.ctx = ctx
        self.static_paths = [PurePosixPath(folder) for folder in static_paths]
        self.site_url = site_url
        self.addresses = addresses  # None: links to pages are not checked (the preview's fast path)
        self.site_domain = site_domain.lower()

    def rewrite(self, body: str, path: str, source: Callable[[], str], page_url: str = "") -> tuple[str, list[Problem]]:
        """`body` with its links to content files pointed at what is published of them; `page_url` is where
        the page is published (relative links are read from there, as a browser does)."""
        problems: list[Problem] = []

        def replace(match: re.Match) -> str:
            tag = match[0]
            found = href_attribute(tag)
            if found is None:
                return tag
            href = unescape(next((value for value in found.groups()[1:] if value is not None), ""))
            try:
                target = self._target(href, path, page_url)
            except FieldError as error:
                problems.append(Problem(path, error.message, line=reference_line(source(), href), hint=error.hint))
                return tag
            if target is None:
                return tag
            return f'{tag[:found.start()]} href="{escape(target)}"{tag[found.end():]}'

        rewritten = LINK.sub(replace, body)
        # The same text in a new string would double every body's memory (the content cache holds the first).
        return (body if rewritten == body else rewritten), problems

    def _target(self, href: str, page_path: str, page_url: str = "") -> str | None:
        """The address to link to instead of `href`; None to keep `href` (not a content file, or already right)."""
        parsed = urlparse(href)
        pelican_mark = PELICAN_LINK.match(href)
        if not href or href.startswith(("#", "?")) or (href.startswith(("{", "|")) and not pelican_mark):
            return None  # within the page, or one of Pelican's other marks ({index}…)
        if parsed.scheme or href.startswith("//"):
            if parsed.scheme in ("http", "https", "") and parsed.netloc.lower() == self.site_domain:
                self._check_page(unquote(parsed.path) or "/", href)  # our own site, written in full
            return None
        suffix = PurePosixPath(unquote(parsed.path)).suffix.lower()
        names_file = bool(pelican_mark) or (bool(suffix) and suffix not in PAGE_SUFFIXES)
        relative = content_path(href, page_path, self.ctx.content_root, strict=names_file)
        if relative is None:
            if names_file and (not pelican_mark or pelican_mark[0].strip("{}|") != "filename"):
                if href.startswith("/") and not pelican_mark and self._page_exists(unquote(parsed.path)):
                    return None  # a file the build makes (a feed, a calendar)
                raise FieldError(f"le fichier du lien « {href} » est introuvable.",
                                 "donnez son chemin depuis le dossier content/ (ex. « evenements/bar-des-sciences.md », "
                                 "« media/programme.pdf ») ; pour un autre site, son adresse complète (https://…).")
            if not pelican_mark:
                self._check_page(unquote(urlparse(urljoin("/" + page_url, href)).path), href)
            return None
        if relative.lower().endswith(ORIGINAL_SUFFIXES):
            parse_image(relative, self.ctx)  # missing, unreadable or too large: reported like an image shown
            return f"{self.site_url}/{self.library.file(relative, '').largest}"
        suffix = f"#{parsed.fragment}" if parsed.fragment else ""
        published = any(PurePosixPath(relative).is_relative_to(folder) for folder in self.static_paths)
        if pelican_mark and (published or relative.endswith(".md")):
            return None  # Pelican resolves it
        if relative.endswith(".md"):
            return f"{{filename}}/{relative}{suffix}"
        if published:
            return f"{{static}}/{relative}{suffix}"
        raise FieldError(f"le lien « {href} » mène à un fichier que le site ne publie pas ({relative}).",
                         "placez les documents à publier (PDF…) sous content/media/ et donnez leur chemin, "
                         "ex. « [le programme](media/programme.pdf) ».")

    def _page_exists(self, path: str) -> bool:
        return self.addresses is None or self.addresses.holds(path)

    def _check_page(self, path: str, href: str) -> None:
        if not self._page_exists(path):
            raise FieldError(f"le lien « {href} » mène à une adresse que le site ne publie pas.",
                             "pour un événement, une fiche ou une page du site, donnez le chemin de son fichier depuis "
                             "content/ (ex. « evenements/bar-des-sciences.md ») : le lien suivra l'adresse de la page.")

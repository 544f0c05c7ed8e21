"""Links written inside Markdown bodies to files under content/ (`[l'affiche](images/affiche.jpg)`).

Staff give such paths from content/, as they do for images (`![texte](images/x.jpg)`); a browser would
read them from the page's own address and miss. So a link to a content file is pointed at what the site
publishes of it: a page's address (`{filename}`), a document under a static folder such as media/ as
copied (`{static}`), an image's largest web version (its original, with its metadata, is never
published, even through `{static}`). A link to a content file that nothing publishes, or naming a file
(`.md`, a document, an image) that content/ does not hold, is reported with the file and the line; any
other link is left as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape, unescape
from pathlib import PurePosixPath
from urllib.parse import urlparse

from .fields import ParseContext, parse_image
from .media.inline import PELICAN_LINK, content_path
from .media.library import ImageLibrary
from .media.publishing import ORIGINAL_SUFFIXES
from .problems import FieldError, Problem
from .reading import reference_line
from .text import TAG_TAIL

LINK = re.compile(r"<a\b" + TAG_TAIL, re.I)
# A relative link ending with one of these names a file that only content/ could hold: if it holds none, the
# link is broken.
CONTENT_FILE_SUFFIXES = (".md", ".pdf", ".odt", ".ods", ".odp", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx",
                         ".zip", *ORIGINAL_SUFFIXES)
# A tag's attributes, one after the other, each with its value if it has one: read in order, an `href=` written
# inside another attribute's quoted value is never taken for the link's own. Not an HTML parser: every body with
# a link goes through here.
ATTRIBUTE = re.compile(r"""\s+([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>=`<]+)))?""")


def href_attribute(tag: str) -> re.Match | None:
    """The `href` attribute of an `<a …>` tag (its value in group 2, 3 or 4, as it was quoted)."""
    return next((attribute for attribute in ATTRIBUTE.finditer(tag, 2) if attribute[1].lower() == "href"), None)


class FileLinks:
    def __init__(self, library: ImageLibrary, ctx: ParseContext, static_paths: list[str], site_url: str):
        self.library = library
        self.ctx = ctx
        self.static_paths = [PurePosixPath(folder) for folder in static_paths]
        self.site_url = site_url

    def rewrite(self, body: str, path: str, source: Callable[[], str]) -> tuple[str, list[Problem]]:
        """`body` with its links to content files pointed at what is published of them."""
        problems: list[Problem] = []

        def replace(match: re.Match) -> str:
            tag = match[0]
            found = href_attribute(tag)
            if found is None:
                return tag
            href = unescape(next((value for value in found.groups()[1:] if value is not None), ""))
            try:
                target = self._target(href, path)
            except FieldError as error:
                problems.append(Problem(path, error.message, line=reference_line(source(), href), hint=error.hint))
                return tag
            if target is None:
                return tag
            return f'{tag[:found.start()]} href="{escape(target)}"{tag[found.end():]}'

        rewritten = LINK.sub(replace, body)
        # The same text in a new string would double every body's memory (the content cache holds the first).
        return (body if rewritten == body else rewritten), problems

    def _target(self, href: str, page_path: str) -> str | None:
        """The address to link to instead of `href`; None to keep `href` (not a content file, or already right)."""
        parsed = urlparse(href)
        pelican_mark = PELICAN_LINK.match(href)
        if not href or parsed.scheme or href.startswith(("//", "#", "?")):
            return None
        if href.startswith("/") and not pelican_mark:
            return None  # an address on the site, as written
        names_file = bool(pelican_mark) or parsed.path.lower().endswith(CONTENT_FILE_SUFFIXES)
        relative = content_path(href, page_path, self.ctx.content_root, strict=names_file)
        if relative is None:
            if names_file and (not pelican_mark or pelican_mark[0].strip("{}|") != "filename"):
                raise FieldError(f"le fichier du lien « {href} » est introuvable.",
                                 "donnez son chemin depuis le dossier content/ (ex. « evenements/bar-des-sciences.md », "
                                 "« media/programme.pdf ») ; pour un autre site, son adresse complète (https://…).")
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

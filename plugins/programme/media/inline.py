"""Images written inside Markdown bodies (`![texte](images/x.jpg)`) get the same treatment as fields.

Each `<img>` pointing at a content image becomes a `<picture>` of its derivatives. An image without
alt text, missing, unreadable, or loaded from another site is reported with the file and the line.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

from ..fields import ParseContext, parse_image
from ..problems import FieldError, Problem
from ..reading import line_of
from ..text import TAG_TAIL
from .library import ImageLibrary, ResponsiveImage

IMG = re.compile(r"<img\b" + TAG_TAIL, re.I)
PELICAN_LINK = re.compile(r"^(?:\{(?:static|attach|filename)\}|\|(?:static|attach|filename)\|)")


class _Attributes(HTMLParser):
    def __init__(self, tag: str):
        super().__init__(convert_charrefs=True)
        self.values: dict[str, str] = {}
        self.feed(tag)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.values = {name: value or "" for name, value in attrs}

    handle_startendtag = handle_starttag


def content_path(src: str, page_path: str, root: Path) -> str | None:
    """The content-relative file an `<img src>` or a link's `href` means: from the site root, or next to
    the page, or (what staff usually mean by `images/x.jpg`) from the content root."""
    path = unquote(urlparse(PELICAN_LINK.sub("", src)).path)
    if path.startswith("/"):
        candidates = [path.lstrip("/")]
    else:
        candidates = [posixpath.normpath(posixpath.join(posixpath.dirname(page_path), path)), posixpath.normpath(path)]
    return next((c for c in candidates if not c.startswith("..") and (root / c).is_file()), None)


class InlineImages:
    def __init__(self, library: ImageLibrary, ctx: ParseContext, picture_markup: Callable[[ResponsiveImage], str]):
        self.library = library
        self.ctx = ctx
        self.picture_markup = picture_markup

    def rewrite(self, body: str, path: str, source: Callable[[], str]) -> tuple[str, list[Problem]]:
        """`body` with content images as `<picture>`; `source()` gives the file's text, for line numbers."""
        problems: list[Problem] = []

        def replace(match: re.Match) -> str:
            attributes = _Attributes(match[0]).values
            src = attributes.get("src", "")
            try:
                return self._picture(src, attributes.get("alt", "").strip(), path) or match[0]
            except FieldError as error:
                line = line_of(source(), src) if src else None
                problems.append(Problem(path, error.message, line=line, hint=error.hint))
                return match[0]

        return IMG.sub(replace, body), problems

    def _picture(self, src: str, alt: str, path: str) -> str | None:
        """The `<picture>` of a content image; None to keep the tag as written (an inline `data:` image)."""
        if not alt:
            raise FieldError(f"l'image « {src[:80]} » n'a pas de texte alternatif.",
                             "décrivez-la entre les crochets : « ![Ce que montre l'image](images/photo.jpg) ».")
        if src.startswith("data:"):
            return None
        if urlparse(src).scheme or src.startswith("//"):
            raise FieldError(
                f"l'image « {src} » serait chargée depuis un autre site, qui apprendrait ainsi qui lit la page.",
                "enregistrez l'image dans content/images/ et donnez son chemin, ex. « ![Texte](images/photo.jpg) ».",
            )
        relative = content_path(src, path, self.ctx.content_root)
        if relative is None:
            raise FieldError(f"l'image « {src} » est introuvable.",
                             "donnez un chemin depuis le dossier content/, ex. « images/photo.jpg ».")
        parse_image(relative, self.ctx)
        return self.picture_markup(self.library.file(relative, alt))

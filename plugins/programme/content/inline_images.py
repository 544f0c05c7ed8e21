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

from ..media.library import ImageLibrary, ResponsiveImage
from ..problems import FieldError, Problem
from .fields import ParseContext, parse_image, suggestion
from .reading import reference_line
from .sources import OUTSIDE_HINT, OutsideContent, resolve
from .text import TAG_TAIL

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


def content_path(src: str, page_path: str, root: Path, strict: bool = True) -> str | None:
    """The content-relative file an `<img src>` or a link's `href` means: from the site root, or next to
    the page, or (what staff usually mean by `images/x.jpg`) from the content root.

    A path through a symbolic link or to a hidden file is refused (FieldError); so is one that leaves
    content/ by every reading, when `strict` (an image, a `{static}` link: a file is meant, not a page).
    """
    path = unquote(urlparse(PELICAN_LINK.sub("", src)).path)
    if path.startswith("/"):
        candidates = [path]
    else:
        candidates = [posixpath.join(posixpath.dirname(page_path), path), path]
    outside: list[OutsideContent] = []
    for candidate in candidates:
        try:
            found = resolve(root, candidate)
        except OutsideContent as error:
            outside.append(error)
            continue
        if found is not None:
            return found
    if strict and len(outside) == len(candidates):
        raise OutsideContent(f"« {src} » mène hors du dossier content/.", OUTSIDE_HINT)
    return None


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
            if "src" not in attributes:  # one `sanitiser` refused (a `data:` or `javascript:` address) and reported
                return match[0]
            src = attributes["src"]
            try:
                return self._picture(src, attributes.get("alt", "").strip(), path) or match[0]
            except FieldError as error:
                line = reference_line(source(), src) if src else None
                problems.append(Problem(path, error.message, line=line, hint=error.hint))
                return match[0]

        return IMG.sub(replace, body), problems

    def _picture(self, src: str, alt: str, path: str) -> str | None:
        """The `<picture>` of a content image."""
        if not alt:
            raise FieldError(f"l'image « {src[:80]} » n'a pas de texte alternatif.",
                             "décrivez-la entre les crochets : « ![Ce que montre l'image](images/photo.jpg) ».")
        if urlparse(src).scheme or src.startswith("//"):
            raise FieldError(
                f"l'image « {src} » serait chargée depuis un autre site, qui apprendrait ainsi qui lit la page.",
                "enregistrez l'image dans content/images/ et donnez son chemin, ex. « ![Texte](images/photo.jpg) ».",
            )
        relative = content_path(src, path, self.ctx.content_root)
        if relative is None:
            raise FieldError(f"l'image « {src} » est introuvable.", suggestion(self.ctx, src) or
                             "donnez un chemin depuis le dossier content/, ex. « images/photo.jpg ».")
        parse_image(relative, self.ctx)
        return self.picture_markup(self.library.file(relative, alt))

"""Turns rendered HTML into plain text, for summaries, calendars and feeds."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCKS = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "br", "blockquote", "pre", "tr", "table"}


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(html: str) -> str:
    """Readable text with paragraphs kept apart by a blank line."""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    lines = [re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in "".join(extractor.parts).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def excerpt(text: str, words: int = 40) -> str:
    """The first `words` words of `text`, on one line, with an ellipsis when cut."""
    tokens = text.split()
    return " ".join(tokens) if len(tokens) <= words else " ".join(tokens[:words]) + "…"


def html_excerpt(html: str, words: int = 40, chunk: int = 2048) -> str:
    """`excerpt(plain_text(html), words)`, parsing only as much HTML as those words need.

    A summary needs forty words; parsing whole bodies for them was a tenth of a cold build.
    The text is read chunk by chunk until one word more than needed is in (the last may be cut).
    """
    extractor = _TextExtractor()
    for start in range(0, len(html), chunk):
        extractor.feed(html[start : start + chunk])
        if len("".join(extractor.parts).split()) > words + 1:
            return excerpt("".join(extractor.parts), words)
    extractor.close()
    return excerpt("".join(extractor.parts), words)

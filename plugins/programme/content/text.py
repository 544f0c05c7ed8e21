"""Turns rendered HTML into plain text, for summaries, calendars and feeds.

Regular expressions, not an HTML parser: the bodies are Python-Markdown's well-formed output, and
`html.parser` took a fifth of the calendars' time (0.4 of 2.3 CPU s at 2 000 events; these take 0.12).
"""

from __future__ import annotations

import html as entities
import re

_BLOCKS = ("blockquote", "br", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ol", "p", "pre", "table", "tr",
           "ul")  # each name is followed by the tag's end or a space (`_BLOCK`): "p" never takes "<pre>" or "<param>"
# A tag's attributes up to its end, which a quoted value may hold (raw HTML in a body: `title="a > b"`).
TAG_TAIL = r"""(?:[^>"']|"[^"]*"|'[^']*')*>"""
_HIDDEN = re.compile(r"<!--.*?(?:--!?>|\Z)|<(script|style)\b[^>]*>.*?(?:</\1\s*>|\Z)|<[!?][^>]*>", re.S | re.I)
_BLOCK = re.compile(r"<(/?)(%s)(?=[\t\n\r\f />])%s" % ("|".join(_BLOCKS), TAG_TAIL), re.I)
_TAG = re.compile(r"</?[a-zA-Z][^\t\n\r\f />]*" + TAG_TAIL)
_SPACES = re.compile(r" [ \t\r\f\v]+|[\t\r\f\v][ \t\r\f\v]*")  # not a lone space: most of a text's matches


def _line_break(block: re.Match) -> str:
    return "\n- " if not block[1] and block[2].lower() == "li" else "\n"


def plain_text(html: str) -> str:
    """Readable text: a line per block, list items as « - », paragraphs apart by a blank line; comments,
    scripts and styles dropped. Each check before a pass skips it when it has nothing to do (the usual case)."""
    if "<!" in html or "<?" in html or "<s" in html or "<S" in html:
        html = _HIDDEN.sub("", html)
    text = _TAG.sub("", _BLOCK.sub(_line_break, html))
    if "&" in text:
        text = entities.unescape(text)
    if "  " in text or "\t" in text or "\r" in text or "\f" in text or "\v" in text:
        text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip()


def excerpt(text: str, words: int = 40) -> str:
    """The first `words` words of `text`, on one line, with an ellipsis when cut."""
    tokens = text.split()
    return " ".join(tokens) if len(tokens) <= words else " ".join(tokens[:words]) + "…"


def html_excerpt(html: str, words: int = 40, chunk: int = 512) -> str:
    """`excerpt(plain_text(html), words)`, reading only as much HTML as those words need.

    A summary needs forty words of bodies that are often much longer. The HTML is read up to a tag's end
    past `chunk` characters, then twice as far, until one word more than needed is in (the last may be cut).
    """
    end = chunk
    while end < len(html):
        cut = _tag_end(html, end)
        if not cut:
            break
        tokens = plain_text(html[:cut]).split()
        if len(tokens) > words + 1:
            return excerpt(" ".join(tokens), words)
        end = 2 * cut
    return excerpt(plain_text(html), words)


def _tag_end(html: str, start: int) -> int:
    """The end of the first whole tag that ends at or after `start`; 0 if none. A `>` inside a quoted value
    or a comment ends no tag: a prefix cut there would leave part of the tag in the text."""
    cut = html.find(">", start) + 1
    while cut:
        opened = html.rfind("<", 0, cut)
        tag = _TAG.match(html, opened) if opened >= 0 else None
        if tag is not None and tag.end() == cut:
            return cut
        cut = html.find(">", cut) + 1
    return 0


# A sentence ends at . ! ? or … before a space and a capital, a digit or an opening quote (not « M. Dupont »: one
# capital letter before the dot is an initial).
_SENTENCE_END = re.compile(r"(?<=[.!?…])(?<![\s(][A-ZÀ-Ý]\.)(?<!^[A-ZÀ-Ý]\.)\s+(?=[«\"A-ZÀ-Ý0-9])")


def first_sentence(text: str) -> str:
    """The first sentence of a text, on one line: what stands for a missing `Summary` in a post or a letter."""
    flat = " ".join(text.split())
    return _SENTENCE_END.split(flat, maxsplit=1)[0] if flat else ""


DESCRIPTION_LENGTH = 160  # what search results show of a page's description


def meta_description(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """A page's description for search results and shared links: plain text on one line, at most `limit`
    characters, cut at the end of a word with an ellipsis (the `description` Jinja filter)."""
    value = " ".join(entities.unescape(_TAG.sub(" ", str(text))).split())
    if len(value) <= limit:
        return value
    cut = value[: limit].rsplit(" ", 1)[0] if " " in value[: limit] else value[: limit - 1]
    return cut.rstrip(" ,;:.–—-") + "…"

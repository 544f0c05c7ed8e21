"""HTML read away from the site (feeds): every URL inside made absolute, parsed and written as HTML5.

Lexbor (through selectolax) parses a fragment as browsers do (`<source>`, `<track>` are void elements;
libxml2's parser nests them) and serialises it by the HTML5 rules, about seven times faster than html5lib.
Our own markup is built as elements and serialised by ElementTree, never glued from strings, so its
text is always escaped.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urljoin
from xml.etree.ElementTree import Element, tostring

from selectolax.lexbor import LexborHTMLParser

URL_ATTRIBUTES = ("href", "src", "poster", "cite", "action", "formaction", "data", "longdesc", "background")
SRCSET_ATTRIBUTES = ("srcset", "imagesrcset")
# The elements that hold any of them, found by Lexbor itself: visiting every element from Python took twice as long.
WITH_URLS = ",".join(f"[{name}]" for name in (*URL_ATTRIBUTES, *SRCSET_ATTRIBUTES))


def absolute_srcset(srcset: str, base_url: str) -> str:
    """« a.jpg 1x, b.jpg 2x » with each candidate's URL resolved, its descriptor kept."""
    candidates = []
    for candidate in srcset.split(","):
        url, _, descriptor = candidate.strip().partition(" ")
        if url:
            candidates.append(" ".join(part for part in (urljoin(base_url, url), descriptor.strip()) if part))
    return ", ".join(candidates)


def element(tag: str, *content: str | Element, **attributes: str) -> Element:
    """A small builder for mixed content: `element("p", "Avec ", element("a", "Alice", href=url), ".")`."""
    node = Element(tag, attributes)
    for part in content:
        if not isinstance(part, str):
            node.append(part)
        elif len(node):
            node[-1].tail = (node[-1].tail or "") + part
        else:
            node.text = (node.text or "") + part
    return node


def absolute_html(body: str, base_url: str, before: Iterable[Element] = ()) -> str:
    """`before` then `body`, in one <div>, every link, image and media URL resolved against `base_url`."""
    markup = "".join(tostring(node, encoding="unicode", method="html") for node in before) + body
    fragment = LexborHTMLParser(markup, is_fragment=True, fragment_tag="div")  # parsed as a <div>'s content
    for node in fragment.css(WITH_URLS):
        attributes = node.attributes
        for name in URL_ATTRIBUTES:
            if attributes.get(name):
                node.attrs[name] = urljoin(base_url, attributes[name].strip())
        for name in SRCSET_ATTRIBUTES:
            if attributes.get(name):
                node.attrs[name] = absolute_srcset(attributes[name], base_url)
    return f"<div>{fragment.html or ''}</div>"


class AbsoluteBodies:
    """`absolute_html`, remembered from one build to the next in a JSON file of the content cache.

    Every feed is rebuilt at every build, and parsing the same bodies again was, with html5lib, a third
    of a rebuild that changed nothing (still ~0.1 ms a body with Lexbor). A result is keyed by
    a hash of everything it comes from (the cache folder changes with the plugin's code); the file keeps
    only what the last build used. Without a path (no `CACHE_CONTENT`), nothing is kept.
    """

    def __init__(self, path: Path | None):
        self.path = path
        self.known: dict[str, str] = {}
        if path is not None and path.is_file():
            self.known = json.loads(path.read_text(encoding="utf-8"))
        self.used: dict[str, str] = {}

    def __call__(self, body: str, base_url: str, before: Iterable[Element] = ()) -> str:
        before = list(before)
        parts = [body, base_url, *(tostring(node, encoding="unicode") for node in before)]
        key = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
        if key not in self.used:
            self.used[key] = self.known.get(key) or absolute_html(body, base_url, before)
        return self.used[key]

    def save(self) -> None:
        if self.path is not None and self.used != self.known:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(self.used, ensure_ascii=False), encoding="utf-8")

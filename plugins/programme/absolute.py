"""HTML read away from the site (feeds): every URL inside made absolute, parsed and written as HTML5.

html5lib parses as browsers do (`<source>`, `<track>` are void elements), and our own markup is added
as elements, never as strings, so text is always escaped.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urljoin
from xml.etree.ElementTree import Element

import html5lib
from html5lib.serializer import HTMLSerializer

URL_ATTRIBUTES = ("href", "src", "poster", "cite", "action", "formaction", "data", "longdesc", "background")
SRCSET_ATTRIBUTES = ("srcset", "imagesrcset")


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
    fragment = html5lib.parseFragment(body, treebuilder="etree", namespaceHTMLElements=False)
    root = element("div", *before, fragment.text or "", *fragment)
    for node in root.iter():
        if not isinstance(node.tag, str):  # comments
            continue
        for name in URL_ATTRIBUTES:
            if node.get(name):
                node.set(name, urljoin(base_url, node.get(name).strip()))
        for name in SRCSET_ATTRIBUTES:
            if node.get(name):
                node.set(name, absolute_srcset(node.get(name), base_url))
    walker = html5lib.getTreeWalker("etree")
    return HTMLSerializer(omit_optional_tags=False, quote_attr_values="always").render(walker(root))

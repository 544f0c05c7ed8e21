"""Writes each Atom entry's links whole, as a feedgen extension.

feedgen 1.0.0 writes an Atom entry's links with their href only (lkiesow/python-feedgen#135): a video's
enclosure would become a second alternate link. RSS output is right and left alone.
"""

from __future__ import annotations

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from lxml.etree import SubElement

ATTRIBUTES = ("href", "rel", "type", "length")


class AtomLinks(BaseExtension):
    """Nothing to add at feed level; feedgen's feed links are right."""


class AtomEntryLinks(BaseEntryExtension):
    def __init__(self) -> None:
        self.links: list[dict[str, str]] = []

    def extend_atom(self, entry):
        for node in entry.findall("link"):
            entry.remove(node)
        for link in self.links:
            SubElement(entry, "link", {name: link[name] for name in ATTRIBUTES if link.get(name)})
        return entry

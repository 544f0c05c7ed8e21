"""What feed readers and the W3C Feed Validator make of our feeds' dates, over a site's history of builds.

An entry's date is when it was announced (RSS pubDate, Atom published) and when it last changed (Atom
updated); the date an event takes place is in its title and summary. Readers hide, distrust or sort
last what carries a date in the future, and the validator calls it « Implausible date ».
"""

from __future__ import annotations

import calendar
import shutil
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import feedparser
import icalendar
import pytest
from agenda_events import EXTRA
from conftest import FIXTURE, Site
from feed_rules import feed_problems, shared_updated

UTC = timezone.utc
ZONE = ZoneInfo("Europe/Paris")
TAG = "tag:sciences.orleans-metropole.fr,2026:"
# The site's history: the first build (every event first seen), an event added, an event cancelled.
FIRST, ADDED, CANCELLED = "2026-11-25T12:00", "2026-11-28T09:00", "2026-12-01T18:30"
EXTRA_CONTENT = {
    "evenements/nouveau.md": "Title: Nouvelle conférence\nDate: 2027-02-04 19:00\nVenue: museum\n"
                             "Cycle: conferences\n\nTexte.",
    "actualites/a-venir.md": "Title: Annonce programmée\nDate: 2027-01-15 09:00\nSummary: Bientôt.\n\nTexte.",
    "actualites/corrigee.md": "Title: Corrigée\nDate: 2026-09-01 10:00\nModified: 2026-11-20 16:00\n\nTexte.",
    "webtv/sans-date.md": "Title: Sans date\nVideo: https://youtu.be/dQw4w9WgXcQ\n\nUne vidéo sans date.",
    "webtv/direct.md": "Title: En direct\nVideo: https://youtu.be/dQw4w9WgXcQ\nEvent: webinaire\n\n"
                       "Le webinaire en vidéo.",
}


def moment(site_now: str) -> datetime:
    """A `SITE_NOW` (Paris time) as the instant it is."""
    return datetime.fromisoformat(site_now).replace(tzinfo=ZONE).astimezone(UTC)


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> Site:
    root = tmp_path_factory.mktemp("history")
    shutil.copytree(FIXTURE, root / "content")
    site = Site(root)
    for slug, header in EXTRA.items():
        site.write(f"evenements/{slug}.md", f"{header}\nTexte de {slug}.")
    for relative, text in EXTRA_CONTENT.items():
        if relative != "evenements/nouveau.md":
            site.write(relative, text)
    site.build(now=FIRST)
    site.write("evenements/nouveau.md", EXTRA_CONTENT["evenements/nouveau.md"])
    site.build(now=ADDED)
    site.edit("evenements/sols-vivants.md", "Venue: museum\n", "Venue: museum\nState: cancelled\n")
    site.build(now=CANCELLED)
    return site


def feeds(site: Site) -> dict[str, bytes]:
    """Every feed the build wrote, by path."""
    return {str(path.relative_to(site.output)): path.read_bytes()
            for path in sorted(site.output.rglob("*")) if path.suffix in (".rss", ".atom")}


def as_datetime(parsed) -> datetime | None:
    """feedparser's UTC time tuple as an instant."""
    return datetime.fromtimestamp(calendar.timegm(parsed), UTC) if parsed else None


def dates(site: Site, relative: str) -> dict[str, tuple[datetime | None, datetime | None]]:
    """slug → (published, updated) as a feed reader gets them; RSS has no updated (feedparser repeats pubDate)."""
    parsed = feedparser.parse((site.output / relative).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    return {entry.id.rsplit("/", 1)[1]: (as_datetime(entry.get("published_parsed")),
                                         as_datetime(entry.get("updated_parsed")))
            for entry in parsed.entries}


def event_start(site: Site, slug: str) -> datetime:
    """The first start of an event, from its own calendar file (a client's reading)."""
    start = icalendar.Calendar.from_ical((site.output / f"evenements/{slug}.ics").read_bytes()).walk("VEVENT")[0].start
    if not isinstance(start, datetime):  # an all-day event starts at midnight, local time
        start = datetime.combine(start, datetime.min.time(), ZONE)
    return start.astimezone(UTC)


RSS = ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>'
       '<title>T</title><link>https://x.fr/</link><description>D</description>'
       '<atom:link href="https://x.fr/f.rss" rel="self" type="application/rss+xml"/>{items}</channel></rss>')
ATOM = ('<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><id>tag:x.fr,2026:feed</id>'
        '<title>T</title><updated>2026-11-01T10:00:00Z</updated><author><name>A</name></author>'
        '<link href="https://x.fr/f.atom" rel="self"/>{entries}</feed>')


def rss_item(guid: str, date: str) -> str:
    return f'<item><title>t</title><guid isPermaLink="false">{guid}</guid><pubDate>{date}</pubDate></item>'


def atom_entry(entry_id: str, updated: str, published: str = "2026-10-01T10:00:00+02:00") -> str:
    return (f'<entry><id>{entry_id}</id><title>t</title><updated>{updated}</updated><published>{published}</published>'
            '<link href="https://x.fr/e/" rel="alternate" type="text/html"/></entry>')


@pytest.mark.parametrize(("feed", "expected"), [
    (RSS.format(items=rss_item("tag:x.fr,2026:a", "Sun, 01 Nov 2026 10:00:00 +0000")), []),
    (RSS.format(items=rss_item("tag:x.fr,2026:a", "Thu, 03 Dec 2026 19:00:00 +0100")), ["ImplausibleDate"]),
    (RSS.format(items=rss_item("tag:x.fr,2026:a", "Thu, 01 Jan 1970 00:00:00 +0000")), ["ImplausibleDate"]),
    (RSS.format(items=rss_item("tag:x.fr,2026:a", "Mon, 01 Nov 2026 10:00:00 +0000")), ["IncorrectDOW"]),
    (RSS.format(items=rss_item("tag:x.fr,2026:a", "2026-11-01T10:00:00Z")), ["InvalidRFC2822Date"]),
    (RSS.format(items=rss_item("a", "Sun, 01 Nov 2026 10:00:00 +0000") * 2), ["DuplicateValue"]),
    (ATOM.format(entries=atom_entry("tag:x.fr,2026:a", "2026-11-01T10:00:00Z")), []),
    (ATOM.format(entries=atom_entry("tag:x.fr,2026:a", "2026-12-03T19:00:00+01:00")), ["ImplausibleDate"]),
    (ATOM.format(entries=atom_entry("tag:x.fr,2026:a", "2026-11-01T10:00:00Z", "2026-11-01")), ["InvalidRFC3339Date"]),
    (ATOM.format(entries=atom_entry("tag:x.fr,2026:a", "2026-11-01T10:00:00Z") * 2), ["DuplicateEntries"]),
    (ATOM.format(entries=atom_entry("tag:x.fr:a", "2026-11-01T10:00:00Z")), ["InvalidTAG"]),
    (ATOM.format(entries="<entry><title>t</title></entry>"),
     ["MissingElement", "MissingElement", "MissingContentOrAlternate"]),
])
def test_the_rules_find_what_the_validator_reports(feed, expected):
    """The checker itself, on feeds the validator rejects or warns about (and on two it accepts)."""
    found = feed_problems(feed.encode(), datetime(2026, 11, 25, 11, tzinfo=UTC))
    assert [problem.split(":")[0] for problem in found] == expected, found


def test_every_feed_follows_the_w3c_validators_rules(history):
    """No error and no « Implausible date » in any feed the build wrote, checked against the build's time."""
    written = feeds(history)
    assert {"flux/agenda.rss", "flux/agenda.atom", "flux/actualites.rss", "flux/webtv.atom",
            "flux/cycles/conferences.atom"} <= set(written)
    problems = {name: feed_problems(data, moment(CANCELLED)) for name, data in written.items()}
    assert {name: found for name, found in problems.items() if found} == {}


@pytest.mark.parametrize("relative", ["flux/agenda.atom", "flux/agenda.rss", "flux/cycles/conferences.atom"])
def test_an_events_entry_is_dated_when_it_was_announced_not_when_it_takes_place(history, relative):
    entries = dates(history, relative)
    published, updated = entries["nouveau"]  # first seen by the second build, takes place in February
    assert published == moment(ADDED)
    if relative.endswith(".atom"):
        assert updated == moment(ADDED)  # never changed since
    parsed = feedparser.parse((history.output / relative).read_bytes())
    entry = next(e for e in parsed.entries if e.id.endswith("/nouveau"))
    assert entry.title == "Nouvelle conférence — jeudi 4 février 2027, 19 h"  # its own date, in the title
    assert entry.summary.startswith("jeudi 4 février 2027, de 19 h à 21 h · Muséum d'Orléans")  # and the summary


@pytest.mark.parametrize("relative", ["flux/agenda.atom", "flux/agenda.rss"])
def test_a_change_updates_the_entry_it_announced(history, relative):
    published, updated = dates(history, relative)["sols-vivants"]
    assert published == moment(FIRST)  # announced by the first build
    parsed = feedparser.parse((history.output / relative).read_bytes())
    if relative.endswith(".atom"):
        assert updated == moment(CANCELLED)  # cancelled by the last one
        assert parsed.entries[0].id == f"{TAG}event/sols-vivants"  # the latest change comes first
        assert as_datetime(parsed.feed.updated_parsed) == moment(CANCELLED)
    else:
        assert as_datetime(parsed.feed.updated_parsed) == moment(CANCELLED)  # lastBuildDate


def test_an_event_published_after_it_took_place_is_dated_by_its_own_date(history):
    """An archive added later sits among its own dates, not at the top as news of that build."""
    entries = dates(history, "flux/agenda.atom")
    for slug in ("recent", "abeilles-et-cafe", "visite", "nuit-automne"):
        assert event_start(history, slug) < moment(FIRST)
        assert entries[slug] == (event_start(history, slug), event_start(history, slug)), slug


def test_entries_share_an_updated_only_when_they_changed_in_the_same_build(history):
    """The validator's DuplicateUpdated warning: each entry's `updated` is its own history. Only the events
    that the first build saw, still to come and unchanged since, were last updated together."""
    data = (history.output / "flux/agenda.atom").read_bytes()
    slugs = [entry.id.rsplit("/", 1)[1] for entry in feedparser.parse(data).entries]
    together = {slug for slug in slugs if slug not in ("sols-vivants", "nouveau")
                and event_start(history, slug) > moment(FIRST)}
    assert len(together) > 1
    shared = shared_updated(data)
    assert [datetime.fromisoformat(value).astimezone(UTC) for value in shared] == [moment(FIRST)]
    assert {entry_id.removeprefix(f"{TAG}event/") for ids in shared.values() for entry_id in ids} == together


def test_news_and_episodes_are_never_dated_after_the_build(history):
    news = dates(history, "flux/actualites.atom")
    assert news["a-venir"] == (moment(CANCELLED), moment(CANCELLED))  # scheduled ahead: announced by this build
    assert news["corrigee"] == (datetime(2026, 9, 1, 8, tzinfo=UTC), datetime(2026, 11, 20, 15, tzinfo=UTC))
    assert dates(history, "flux/actualites.rss")["a-venir"][0] == moment(CANCELLED)
    episodes = dates(history, "flux/webtv.atom")
    assert episodes["direct"][0] == moment(CANCELLED)  # the webinaire it records is still to come
    assert episodes["abeilles-video"][0] == datetime(2026, 11, 19, 23, tzinfo=UTC)  # its own Date


@pytest.mark.parametrize("extension", ["rss", "atom"])
def test_an_episode_without_a_date_has_no_publication_date_and_a_plausible_update(history, extension):
    parsed = feedparser.parse((history.output / f"flux/webtv.{extension}").read_bytes())
    entry = next(e for e in parsed.entries if e.id.endswith("/sans-date"))
    assert "published" not in entry  # no pubDate, no published: the reader uses the day it first sees it
    if extension == "atom":
        assert as_datetime(entry.updated_parsed) == datetime(2026, 1, 1, tzinfo=UTC)  # FEED_ID_DATE, not 1970


def test_a_build_earlier_than_the_ledger_dates_nothing_after_itself(site, tmp_path):
    """A build whose SITE_NOW comes before the ledger's stamps (a rebuild of an earlier state) still dates
    nothing after itself."""
    site.write("evenements/nouveau.md", EXTRA_CONTENT["evenements/nouveau.md"])
    site.build(now="2026-12-10T12:00")
    earlier = "2026-11-01T08:00"
    site.build(now=earlier)
    problems = {name: feed_problems(data, moment(earlier)) for name, data in feeds(site).items()}
    assert {name: found for name, found in problems.items() if found} == {}
    assert dates(site, "flux/agenda.atom")["nouveau"] == (moment(earlier), moment(earlier))


def test_the_same_content_and_ledger_give_the_same_feeds_whatever_the_build_time(history, tmp_path):
    """Readers see no change where there is none: a fresh clone built later writes the same feeds."""
    clone = Site(tmp_path / "clone")
    shutil.copytree(history.content, clone.content)  # the content and its ledger, no output, no cache
    clone.build(now="2027-06-01T08:00")
    later = feeds(clone)
    # Only what was dated by the build because it was scheduled after it moves, to its own date.
    moved = {name for name, data in later.items() if data != feeds(history)[name]}
    assert moved == {"flux/actualites.rss", "flux/actualites.atom", "flux/webtv.rss", "flux/webtv.atom"}
    assert dates(clone, "flux/actualites.atom")["a-venir"][0] == datetime(2027, 1, 15, 8, tzinfo=UTC)
    assert dates(clone, "flux/agenda.atom") == dates(history, "flux/agenda.atom")

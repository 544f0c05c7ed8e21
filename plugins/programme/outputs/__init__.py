"""What the site publishes, made from the programme: pages, calendars, feeds, structured data, sitemap…

Owns every file of the output and every template helper. Outputs receive a `site.Site`, never the
generator; they may import `content`, `media`, `settings` and `problems`, never `build`.

An output is a module with `write(site)` (and `advertise(site)` if templates need something from it
before any page is written), listed once below.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import (calendars, colloquia, colloquium_ics, csp, feeds, kit, letter, month_pdf, months, pdf, redirects,
               robots, sitemap, webapp)

if TYPE_CHECKING:
    from ..content.ledger import Ledger
    from .site import Site

# Put what templates show into the context, in this order, before any page is written: `advertise(site)`.
ANNOUNCING = (
    csp, feeds, calendars, webapp,
    months,  # the month pages' links
)
# Files written beside the pages, once these are: `write(site)`.
BESIDE_PAGES = (
    sitemap, robots, webapp, redirects,
    colloquia,  # the colloquia's printed programmes
    months, month_pdf, letter, kit,  # outreach from the agenda: month pages and PDFs, monthly letter, social kits
    pdf,  # last: forgets the printable documents' cached PDFs unused for long
)


def write_subscriptions(site: Site) -> Ledger:
    """The calendars, then the feeds; the calendars' memory with this build's stamps. They need the programme
    and nothing else, so the build may write them in another process, beside the pages."""
    memory = calendars.write_all(site)  # first: it stamps each event with its last change, which the feeds use
    colloquium_ics.write_all(site, memory)  # each session stamped in the same memory
    feeds.write_all(site)
    return memory

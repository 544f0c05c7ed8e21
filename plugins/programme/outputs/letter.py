"""The monthly letter: for every month with a programme page, `/lettre/<yyyy>-<mm>/` (its web version) and,
beside it, `lettre.html` (the e-mail to paste into the mailing tool) and `lettre.txt` (its plain text).

A letter is dated: it gives the month's dates by week, and the episodes and news published by the day it
goes out, the first of its month (or now, for a month still to come). So a month's letter no longer changes
once the month has begun, and the web version stays what subscribers received.

The e-mail is made for mail clients, not browsers: tables 600 px wide, every style inlined by css-inline
(no `<style>` left, nothing fetched), absolute https URLs, images with their size and alt text, no script,
no web font, no tracking pixel; `tests/test_letter.py` holds it to that and to Gmail's 102 KB.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import css_inline

from ..content import french
from ..content.contents import Episode
from ..content.text import excerpt, plain_text
from . import months as month_pages
from . import pages
from .months import Month, MonthEntry
from .site import Site

# The e-mail's styles are inlined and every <style> dropped; nothing is ever fetched (no remote stylesheet).
INLINER = css_inline.CSSInliner(keep_style_tags=False, keep_link_tags=False, load_remote_stylesheets=False)
GMAIL_CLIP_BYTES = 102 * 1024  # Gmail cuts a message's HTML beyond this


@dataclass(frozen=True)
class LetterEntry:
    """A date of the month as the letter tells it: « Jeudi 3 décembre, de 19 h à 21 h »."""

    entry: MonthEntry
    when: str
    url: str  # absolute

    @property
    def event(self):
        return self.entry.event

    @property
    def place(self) -> str:
        event = self.entry.event
        return "En ligne" if event.is_online_only else event.venue.title

    @property
    def teaser(self) -> str:
        return self.entry.event.teaser


@dataclass(frozen=True)
class LetterWeek:
    label: str
    entries: list[LetterEntry]


@dataclass(frozen=True)
class LetterItem:
    """An episode or a news article: its title, its date, a sentence, its page."""

    title: str
    date_label: str
    teaser: str
    path: str  # site-relative


@dataclass(frozen=True)
class Letter:
    month: Month
    issued: datetime  # the day it goes out: the first of its month, or now for a month to come
    weeks: list[LetterWeek]
    episodes: list[LetterItem]
    articles: list[LetterItem]
    url: str
    save_as: str
    email_save_as: str
    text_save_as: str
    unsubscribe: str  # what the mailing tool replaces by each subscriber's link

    @property
    def title(self) -> str:
        return f"La lettre de {self.month.link.lower_label}"

    @property
    def preheader(self) -> str:
        """The line mail clients show after the subject."""
        return f"{self.month.count_label} en {self.month.link.lower_label}, les dernières vidéos et actualités."


def letters(site: Site) -> list[Letter]:
    """A letter for every month with a date to send (a month of drafts only, in the preview, has none)."""
    return [letter for letter in (letter_of(site, month) for month in month_pages.months(site)) if letter.weeks]


def letter_of(site: Site, month: Month) -> Letter:
    settings = site.settings
    now = site.programme.now
    start = datetime.strptime(month.key, "%Y-%m").replace(tzinfo=now.tzinfo)
    issued = min(now, start)

    def entries(items: list[tuple[MonthEntry, str]]) -> list[LetterEntry]:
        """What is sent: never a draft, even from a preview build."""
        return [LetterEntry(item, when, site.absolute(item.event.url)) for item, when in items
                if not item.event.preview_only]

    weeks = [LetterWeek("Pendant tout le mois", entries([(e, e.span_label) for e in month.ongoing]))]
    weeks += [LetterWeek(week.label, entries([(e, f"{day.label}, {e.time_label}") for day in week.days
                                              for e in day.entries])) for week in month.weeks]
    weeks = [week for week in weeks if week.entries]
    episodes = [LetterItem(e.title, e.published_label, e.summary, e.url)
                for e in _published_by(site.programme.episodes, issued)][: settings["LETTER_EPISODE_COUNT"]]
    news = [a for a in site.context.get("articles", []) if a.date <= issued][: settings["LETTER_ARTICLE_COUNT"]]
    articles = [LetterItem(a.title, french.day_label(a.date), excerpt(plain_text(a.summary)), a.url) for a in news]
    key = month.key
    return Letter(month, issued, weeks, episodes, articles, settings["LETTER_URL"].format(month=key),
                  settings["LETTER_SAVE_AS"].format(month=key), settings["LETTER_EMAIL_SAVE_AS"].format(month=key),
                  settings["LETTER_TEXT_SAVE_AS"].format(month=key), settings["LETTER_UNSUBSCRIBE"])


def _published_by(episodes: list[Episode], issued: datetime) -> list[Episode]:
    """Episodes out by the letter's day, newest first (undated ones after the dated)."""
    return [episode for episode in episodes if episode.published is None or episode.published <= issued]


def email_html(site: Site, letter: Letter) -> bytes:
    """The e-mail version, its styles inlined."""
    rendered = site.template("letter_email").render({**site.context, "letter": letter, "site_image": _site_image(site)})
    return INLINER.inline(rendered).encode("utf-8")


def _site_image(site: Site) -> dict[str, object] | None:
    """The site's share card, the letter's banner (600 px wide in the e-mail)."""
    card = site.context.get("SITE_SHARE_IMAGE")
    if card is None:
        return None
    return {"url": site.absolute(card.path), "alt": card.alt, "width": 600, "height": round(600 * card.height / card.width)}


def text_version(site: Site, letter: Letter) -> str:
    """The plain text beside the e-mail: every date with its address, then the videos and the news."""
    rule = "=" * 60
    lines = [f"{site.settings['SITENAME']} — {letter.title}", rule, "",
             f"Version en ligne : {site.absolute(letter.url)}",
             f"Le programme du mois à imprimer : {site.absolute(letter.month.link.url)}", ""]
    for week in letter.weeks:
        lines += [week.label.upper(), "-" * len(week.label), ""]
        for item in week.entries:
            state = f"[{item.event.state_label.upper()}] " if item.event.state_label else ""
            lines += [f"{state}{item.event.title}", f"{item.when} — {item.place}"]
            lines += [item.teaser] if item.teaser else []
            lines += [item.url, ""]
    for heading, items in (("Les dernières vidéos", letter.episodes), ("Actualités", letter.articles)):
        if items:
            lines += [heading.upper(), "-" * len(heading), ""]
            for item in items:
                lines += [item.title, item.date_label, *([item.teaser] if item.teaser else []), site.absolute(item.path), ""]
    lines += [rule, f"Vous recevez cette lettre parce que vous y êtes abonné(e). Se désabonner : {letter.unsubscribe}", ""]
    return "\n".join(lines)


def urls(site: Site) -> list[str]:
    """The web versions' addresses, for the sitemap: the months of dates that are sent (drafts never are)."""
    keys = {key for event in site.programme.events if not event.preview_only for key in month_pages.month_keys(event)}
    return [site.settings["LETTER_URL"].format(month=key) for key in sorted(keys)]


def write(site: Site) -> None:
    for letter in letters(site):
        pages.write_page(site, letter.save_as, letter.url, "letter", letter=letter)
        site.write(letter.email_save_as, email_html(site, letter))
        site.write(letter.text_save_as, text_version(site, letter).encode("utf-8"))

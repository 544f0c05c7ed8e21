"""The plugin's settings: every default lives here, read once per build into `ProgrammeSettings`.

`build.configure` applies them to Pelican's settings; every layer may read them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

# Content folders (under PATH) of each kind, and the public URL of each page.
# `<KIND>_URL` / `<KIND>_SAVE_AS` follow Pelican's convention for Content classes.
# The image derivatives' cache: a folder of the cache root, kept when the content cache is versioned.
IMAGE_CACHE_FOLDER = "images"

DEFAULTS: dict[str, object] = {
    "EVENT_PATHS": ["evenements"],
    "RESEARCHER_PATHS": ["chercheurs"],
    "EPISODE_PATHS": ["webtv"],
    "VENUE_PATHS": ["lieux"],
    "CYCLE_PATHS": ["cycles"],
    "PARTNER_PATHS": ["partenaires"],
    "PROJECT_PATHS": ["projets"],
    # Colloquia and their translations share a folder: `<name>.en.md` translates `<name>.md` (`content.items`).
    "COLLOQUIUM_PATHS": ["colloques"],
    "TRANSLATION_PATHS": ["colloques"],
    "EVENT_URL": "evenements/{slug}/",
    "EVENT_SAVE_AS": "evenements/{slug}/index.html",
    "RESEARCHER_URL": "chercheurs/{slug}/",
    "RESEARCHER_SAVE_AS": "chercheurs/{slug}/index.html",
    "EPISODE_URL": "webtv/{slug}/",
    "EPISODE_SAVE_AS": "webtv/{slug}/index.html",
    "VENUE_URL": "lieux/{slug}/",
    "VENUE_SAVE_AS": "lieux/{slug}/index.html",
    "CYCLE_URL": "cycles/{slug}/",
    "CYCLE_SAVE_AS": "cycles/{slug}/index.html",
    "PARTNER_URL": "partenaires/{slug}/",
    "PARTNER_SAVE_AS": "partenaires/{slug}/index.html",
    "PROJECT_URL": "projets/{slug}/",
    "PROJECT_SAVE_AS": "projets/{slug}/index.html",
    "COLLOQUIUM_URL": "colloques/{slug}/",
    "COLLOQUIUM_SAVE_AS": "colloques/{slug}/index.html",
    # A translation's page: Pelican reads `<CLASS>_LANG_URL` for content not in DEFAULT_LANG.
    "TRANSLATION_LANG_URL": "{lang}/colloquia/{slug}/",
    "TRANSLATION_LANG_SAVE_AS": "{lang}/colloquia/{slug}/index.html",
    # Listing pages: (url, save_as, template).
    "PROGRAMME_LISTINGS": {
        "home": ("", "index.html", "home"),
        "agenda": ("agenda/", "agenda/index.html", "agenda"),
        "archives": ("agenda/archives/", "agenda/archives/index.html", "archives"),
        "researchers": ("chercheurs/", "chercheurs/index.html", "researchers"),
        "episodes": ("webtv/", "webtv/index.html", "episodes"),
        "partners": ("partenaires/", "partenaires/index.html", "partners"),
        "committee": ("comite-des-partenaires/", "comite-des-partenaires/index.html", "committee"),
        "projects": ("projets/", "projets/index.html", "projects"),
        "colloquia": ("colloques/", "colloques/index.html", "colloquia"),
        "venues": ("lieux/", "lieux/index.html", "venues"),
        "feeds": ("flux/", "flux/index.html", "feeds"),
        "search": ("recherche/", "recherche/index.html", "search"),
    },
    # The venue map (outputs/venue_map.py): the city and river drawn under the venues (None: Orléans's, shipped
    # in outputs/basemaps/), the tiles of the interactive map a visitor may ask for, and how many upcoming
    # events the venue listing names under each venue.
    "VENUE_MAP_BASEMAP": None,
    "VENUE_MAP_TILES": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    "VENUE_MAP_EVENTS": 3,
    "ARCHIVE_YEAR_URL": "agenda/archives/{year}/",
    "ARCHIVE_YEAR_SAVE_AS": "agenda/archives/{year}/index.html",
    # Outreach from the agenda (outputs/months.py, letter.py, kit.py). `{month}` is « 2027-01 ».
    # The month's programme, printable on A4, for every month with an event; its PDF beside it.
    "MONTH_URL": "agenda/{month}/",
    "MONTH_SAVE_AS": "agenda/{month}/index.html",
    "MONTH_PDF_SAVE_AS": "agenda/{month}/programme.pdf",
    # WeasyPrint takes a second or two a month: a site may do without (the tests' fixture sites do, but theirs).
    "MONTH_PDFS": True,
    # The monthly letter: its web version, the e-mail to paste into the mailing tool, its plain text.
    "LETTER_URL": "lettre/{month}/",
    "LETTER_SAVE_AS": "lettre/{month}/index.html",
    "LETTER_EMAIL_SAVE_AS": "lettre/{month}/lettre.html",
    "LETTER_TEXT_SAVE_AS": "lettre/{month}/lettre.txt",
    # What the mailing tool replaces with each subscriber's unsubscribe link (Brevo: {{ unsubscribe }},
    # Mailchimp: *|UNSUB|*).
    "LETTER_UNSUBSCRIBE": "{{ unsubscribe }}",
    "LETTER_EPISODE_COUNT": 3,
    "LETTER_ARTICLE_COUNT": 3,
    # The social-media kit of each upcoming event: staff pages (noindex, disallowed in robots.txt).
    "KIT_URL": "kit/{slug}/",
    "KIT_SAVE_AS": "kit/{slug}/index.html",
    "KIT_INDEX": ("kit/", "kit/index.html"),
    "SITEMAP_SAVE_AS": "sitemap.xml",
    # Feeds, each in RSS 2.0 and Atom: the path without its extension (".rss", ".atom" are added).
    "PROGRAMME_FEEDS": {"agenda": "flux/agenda", "news": "flux/actualites", "episodes": "flux/webtv"},
    "PROGRAMME_CYCLE_FEED": "flux/cycles/{slug}",
    "PROGRAMME_PROJECT_FEED": "flux/projets/{slug}",
    # Entry ids are tag URIs, `tag:<SITE_DOMAIN>,<FEED_ID_DATE>:<kind>/<slug>`: never change either.
    "FEED_ID_DATE": "2026",
    "ROBOTS_SAVE_AS": "robots.txt",
    # Pagefind's search bundle (index and its JavaScript), a folder of the output.
    "SEARCH_BUNDLE": "pagefind",
    # Pages per Pagefind process, which holds ~0.14 MiB a page: a lot of 1 000 peaks at ~160 MiB. The search page
    # fetches each lot's index but the engine once, so smaller lots cost it little (see search.py).
    "SEARCH_SHARD_PAGES": 1000,
    # Lots are indexed side by side while the whole build (every process, in MiB) leaves room for them under
    # this, measured as the lots are drawn up; else one at a time. The margin is for the build's own growth
    # meanwhile: its peak at 8 000 events is ~530 MiB with one lot. Linux only (/proc), and PARALLEL_BUILD.
    "BUILD_MEMORY_MIB": 500,
    # iCalendar files (their URL is their path): the subscriptions, and each event's own file.
    "AGENDA_CALENDAR_SAVE_AS": "agenda.ics",
    "CYCLE_CALENDAR_SAVE_AS": "cycles/{slug}.ics",
    "RESEARCHER_CALENDAR_SAVE_AS": "chercheurs/{slug}.ics",
    "PROJECT_CALENDAR_SAVE_AS": "projets/{slug}.ics",
    "EVENT_CALENDAR_SAVE_AS": "evenements/{slug}.ics",
    # A colloquium's sessions, one VEVENT each.
    "COLLOQUIUM_CALENDAR_SAVE_AS": "colloques/{slug}.ics",
    # A colloquium's printable programme, beside each language's page (`outputs.pdf` caches it by content hash).
    "PROGRAMME_PDF_NAME": "programme.pdf",
    # Subscriptions hold the events of the last 12 months and every future one.
    "CALENDAR_HISTORY": timedelta(days=365),
    # How often subscribers' clients should fetch a calendar again (REFRESH-INTERVAL, X-PUBLISHED-TTL): the
    # same as deploy/nginx.conf's `expires` for .ics files, so that no cache keeps a copy longer than that.
    "CALENDAR_REFRESH": timedelta(hours=1),
    # When each event last changed, for DTSTAMP/LAST-MODIFIED/SEQUENCE: a folder under PATH holding one file per
    # event, committed with the content (see ledger.py). The single file of earlier versions is read, then replaced.
    "CALENDAR_MEMORY": ".memoire-calendriers",
    "CALENDAR_LEDGER": ".calendar-ledger.json",
    # Whether a build records its changes in that memory: only builds that are published do (publishconf.py);
    # a preview computes the same stamps and writes nothing under PATH.
    "RECORD_CALENDAR_CHANGES": False,
    # Old addresses of renamed events (`Anciens noms`) and their new ones, for nginx's `map` (deploy/nginx.conf).
    "REDIRECTIONS_MAP_SAVE_AS": "redirections.map",
    # The years a date in content may fall in: anything else is a typo (and would overflow a calendar).
    "CONTENT_YEARS": (2000, 2100),
    "EVENT_DEFAULT_DURATION": timedelta(hours=2),
    "EVENT_DEFAULT_PRICE": "Entrée libre",
    "HOME_EVENT_COUNT": 6,
    # The cards a listing shows without scrolling: their pictures load at once, the others lazily.
    "CARDS_SEEN_AT_ONCE": 3,
    "HOME_EPISODE_COUNT": 3,
    "HOME_ARTICLE_COUNT": 3,
    "SITE_NOW": None,
    "SITE_DOMAIN": "localhost",
    # The name a phone shows under the site's icon on its home screen (the web app manifest's `short_name`).
    "SITE_SHORT_NAME": "Sciences Orléans",
    "ORGANIZER_NAME": "",
    "ORGANIZER_URL": "",
    # Drafts (and episodes dated ahead) on the site, each page under a « Brouillon » banner: the preview's
    # settings turn it on (pelicanconf.py), production's never (publishconf.py).
    "SHOW_DRAFTS": False,
    # Build into a sibling folder and swap it in only when the build succeeded.
    "STAGED_OUTPUT": True,
    # Use a forked process too: half the Markdown is rendered by it, and it writes the calendars and
    # feeds while this one writes the pages (see parallel.py).
    "PARALLEL_BUILD": True,
    # Content images: responsive derivatives under IMAGE_OUTPUT_DIR, cached by content hash in
    # IMAGE_CACHE_PATH (None: <CACHE_PATH>/images), made by IMAGE_PROCESSES processes (None: every core).
    "IMAGE_OUTPUT_DIR": "images",
    "IMAGE_WIDTHS": (320, 640, 1024, 1600),
    "IMAGE_QUALITY": 80,
    "IMAGE_CACHE_PATH": None,
    "IMAGE_PROCESSES": None,
    # Generated posters and share cards: bold and regular fonts (Debian's fonts-dejavu-core);
    # Pillow's own scalable font stands in for a missing file.
    "ARTWORK_FONTS": (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    ),
}

# Markdown extensions our plugin adds to every Markdown body, ours and Pelican's news and pages.
MARKDOWN_EXTENSIONS = ("programme.content.embedding:VideoEmbedExtension",)
# Our Jinja extensions (template tags).
JINJA_EXTENSIONS = ("programme.outputs.fragments.FragmentCache",)


KIND_NAMES = ("EVENT", "RESEARCHER", "EPISODE", "VENUE", "CYCLE", "PARTNER", "PROJECT", "COLLOQUIUM", "TRANSLATION")


@dataclass(frozen=True)
class ProgrammeSettings:
    """The values the plugin needs, typed, resolved once for a build."""

    timezone: ZoneInfo
    now: datetime
    site_url: str
    public_url: str
    site_domain: str
    default_duration: timedelta
    default_price: str
    image_output_dir: str
    image_widths: tuple[int, ...]
    image_quality: int
    image_cache_path: str
    image_processes: int
    artwork_fonts: tuple[str, str]
    parallel_build: bool
    show_drafts: bool

    @classmethod
    def from_pelican(cls, settings: dict) -> ProgrammeSettings:
        tz = ZoneInfo(settings.get("TIMEZONE") or "UTC")
        return cls(
            timezone=tz,
            now=site_now(settings, tz),
            site_url=settings.get("SITEURL", ""),
            public_url=public_url(settings),
            site_domain=settings["SITE_DOMAIN"],
            default_duration=settings["EVENT_DEFAULT_DURATION"],
            default_price=settings["EVENT_DEFAULT_PRICE"],
            image_output_dir=settings["IMAGE_OUTPUT_DIR"].strip("/"),
            image_widths=tuple(sorted(settings["IMAGE_WIDTHS"])),
            image_quality=settings["IMAGE_QUALITY"],
            image_cache_path=settings["IMAGE_CACHE_PATH"],
            image_processes=settings["IMAGE_PROCESSES"] or os.cpu_count() or 1,
            artwork_fonts=tuple(settings["ARTWORK_FONTS"]),
            parallel_build=bool(settings["PARALLEL_BUILD"]),
            show_drafts=bool(settings["SHOW_DRAFTS"]),
        )


def site_now(settings: dict, tz: ZoneInfo) -> datetime:
    """The build's notion of now: `SITE_NOW` from the environment, then the setting, then the clock."""
    raw = os.environ.get("SITE_NOW") or settings.get("SITE_NOW")
    if not raw:
        return datetime.now(tz).replace(microsecond=0)
    value = raw if isinstance(raw, datetime) else datetime.fromisoformat(str(raw))
    return value.replace(tzinfo=tz) if value.tzinfo is None else value.astimezone(tz)


def public_url(settings: dict) -> str:
    """The absolute base URL for what must be absolute (sitemap, feeds, calendars), even in preview."""
    site_url = settings.get("SITEURL", "")
    return site_url.rstrip("/") if site_url.startswith(("http://", "https://")) else f"https://{settings['SITE_DOMAIN']}"

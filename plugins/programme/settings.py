"""The plugin's settings: every default lives here, and is read once per build."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from jinja2 import FileSystemBytecodeCache

from . import french

# Content folders (under PATH) of each kind, and the public URL of each page.
# `<KIND>_URL` / `<KIND>_SAVE_AS` follow Pelican's convention for Content classes.
DEFAULTS: dict[str, object] = {
    "EVENT_PATHS": ["evenements"],
    "RESEARCHER_PATHS": ["chercheurs"],
    "EPISODE_PATHS": ["webtv"],
    "VENUE_PATHS": ["lieux"],
    "CYCLE_PATHS": ["cycles"],
    "PARTNER_PATHS": ["partenaires"],
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
    "PARTNER_URL": "partenaires/#{slug}",
    "PARTNER_SAVE_AS": "",
    # Listing pages: (url, save_as, template).
    "PROGRAMME_LISTINGS": {
        "home": ("", "index.html", "home"),
        "agenda": ("agenda/", "agenda/index.html", "agenda"),
        "archives": ("agenda/archives/", "agenda/archives/index.html", "archives"),
        "researchers": ("chercheurs/", "chercheurs/index.html", "researchers"),
        "episodes": ("webtv/", "webtv/index.html", "episodes"),
        "partners": ("partenaires/", "partenaires/index.html", "partners"),
    },
    "ARCHIVE_YEAR_URL": "agenda/archives/{year}/",
    "ARCHIVE_YEAR_SAVE_AS": "agenda/archives/{year}/index.html",
    "SITEMAP_SAVE_AS": "sitemap.xml",
    "EVENT_DEFAULT_DURATION": timedelta(hours=2),
    "EVENT_DEFAULT_PRICE": "Entrée libre",
    "HOME_EVENT_COUNT": 6,
    "HOME_EPISODE_COUNT": 3,
    "HOME_ARTICLE_COUNT": 3,
    "SITE_NOW": None,
    "SITE_DOMAIN": "localhost",
    "ORGANIZER_NAME": "",
    "ORGANIZER_URL": "",
    # Build into a sibling folder and swap it in only when the build succeeded.
    "STAGED_OUTPUT": True,
}


def apply_defaults(settings: dict) -> None:
    """Fill in every setting the site did not give, and keep our folders away from Pelican's readers."""
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    settings["JINJA_FILTERS"] = {**settings.get("JINJA_FILTERS", {}), "day_label": french.day_label}
    _tune_jinja(settings)
    ours = [folder for kind in KIND_NAMES for folder in settings[f"{kind}_PATHS"]]
    for key in ("ARTICLE_EXCLUDES", "PAGE_EXCLUDES"):
        settings[key] = sorted(set(settings.get(key, [])) | set(ours))


JINJA_EXTENSIONS = ("programme.fragments.FragmentCache",)


def _tune_jinja(settings: dict) -> None:
    """Our template tags; and no template work that cannot change the output within a build."""
    jinja = settings["JINJA_ENVIRONMENT"] = dict(settings.get("JINJA_ENVIRONMENT", {}))
    extensions = jinja.get("extensions", [])
    jinja["extensions"] = [*extensions, *(name for name in JINJA_EXTENSIONS if name not in extensions)]
    jinja.setdefault("auto_reload", False)  # templates do not change during a build: no stat at every render
    if settings.get("CACHE_CONTENT") and "bytecode_cache" not in jinja:  # compiled templates, checked by checksum
        folder = os.path.join(settings["CACHE_PATH"], "templates")
        os.makedirs(folder, exist_ok=True)
        jinja["bytecode_cache"] = FileSystemBytecodeCache(folder)


KIND_NAMES = ("EVENT", "RESEARCHER", "EPISODE", "VENUE", "CYCLE", "PARTNER")


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

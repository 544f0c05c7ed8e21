"""What templates may call beyond Pelican's context: our filters and globals, listed once."""

from __future__ import annotations

from collections.abc import Callable

from jinja2 import pass_context
from jinja2.runtime import Context

from ..content import french, text
from ..content.players import FACADE_MARKER
from . import assets, calendar_links, colloquia, social, structured


def filters(settings: dict) -> dict[str, Callable]:
    return {"day_label": french.day_label, "asset": assets.AssetFilter(settings), "description": text.meta_description}


def template_globals(settings: dict) -> dict[str, object]:
    # SITEURL as a global too: macros imported without context (event cards…) must link like their page.
    return {"SITEURL": settings.get("SITEURL", ""), "social_tags": social.social_tags,
            "structured_data": structured.structured_data, "breadcrumbs": structured.breadcrumbs,
            "has_video_facade": has_facade, "add_to_calendar": calendar_links.add_to_calendar,
            "page_language": page_language, "session_calendar": colloquia.session_calendar}


@pass_context
def page_language(context: Context) -> str:
    """The language of the page's subject (an English colloquium's is « en »); the site's otherwise."""
    subject = context.get("article") or context.get("page")
    return getattr(subject, "lang", None) or context.get("DEFAULT_LANG") or "fr"


@pass_context
def has_facade(context: Context) -> bool:
    """Whether the page shows a facade (its subject's player, or one in its body): only then is the script loaded."""
    subject = context.get("article") or context.get("page")
    player = getattr(subject, "player", None)
    if player is not None and not player.is_native:
        return True
    return FACADE_MARKER in (getattr(subject, "_content", None) or "")

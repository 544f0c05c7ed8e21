"""Open Graph and Twitter tags: what a link to any page shows when shared on a social network."""

from __future__ import annotations

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

OPEN_GRAPH_TYPES = {"article": "article", "episode": "video.other", "researcher": "profile"}
LOCALE = "fr_FR"


def _text(value: str) -> str:
    """Template blocks come rendered (escaped); tags want the text, escaped once when printed."""
    return Markup(value).unescape().strip() if isinstance(value, Markup) else str(value).strip()


def page_address(context: Context) -> str:
    """The page's URL path: its subject's, the listing's, or where the writer is putting it."""
    subject = context.get("article") or context.get("page")
    if subject is not None and getattr(subject, "url", None) is not None:
        return subject.url
    if context.get("page_url") is not None:
        return context["page_url"]
    output = context.get("output_file") or ""
    return output[: -len("index.html")] if output.endswith("index.html") else output


@pass_context
def social_tags(context: Context, title: str, description: str) -> Markup:
    """Every `<meta>` tag, one per line; base.html passes its title and description blocks.

    Printed here, not looped over in the template: on every page of a build, the loop's 45 escapes were a
    sixth of the templates' time. Names are ours; each content is escaped.
    """
    return Markup("\n  ".join(f'<meta {attribute}="{name}" content="{escape(value)}">'
                               for attribute, name, value in tag_values(context, title, description)))


def tag_values(context: Context, title: str, description: str) -> list[tuple[str, str, str]]:
    """(attribute, name, content) of every tag."""
    subject = context.get("article") or context.get("page")
    kind = getattr(subject, "kind", type(subject).__name__.lower()) if subject is not None else ""
    title = getattr(subject, "title", None) or _text(title)
    description = _text(description)
    base = context.get("PUBLIC_URL", "")
    tags = [
        ("property", "og:type", OPEN_GRAPH_TYPES.get(kind, "website")),
        ("property", "og:title", title),
        ("property", "og:description", description),
        ("property", "og:url", f"{base}/{page_address(context)}"),
        ("property", "og:site_name", context.get("SITENAME", "")),
        ("property", "og:locale", getattr(subject, "og_locale", LOCALE)),
        ("name", "twitter:title", title),
        ("name", "twitter:description", description),
    ]
    image = getattr(subject, "share_image", None) or context.get("SITE_SHARE_IMAGE")
    if image is not None:
        tags += [
            ("property", "og:image", f"{base}/{image.path}"),
            ("property", "og:image:width", str(image.width)),
            ("property", "og:image:height", str(image.height)),
            ("property", "og:image:alt", image.alt),
            ("name", "twitter:card", "summary_large_image"),
            ("name", "twitter:image", f"{base}/{image.path}"),
            ("name", "twitter:image:alt", image.alt),
        ]
    return tags

"""Accounts on social networks (`Mastodon:`, `Bluesky:` of partners and researchers): the kits' posts mention
them. Staff paste whatever their browser shows, the handle or the profile's address; the value kept is the
handle as each network writes a mention, `@name@server` or `@name.domain`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from ..problems import FieldError

if TYPE_CHECKING:
    from .fields import ParseContext

# Mastodon names are letters, digits and `_` (dots and hyphens inside, on some servers); a server is a domain.
_USER = r"[A-Za-z0-9_]+(?:[.-][A-Za-z0-9_]+)*"
_DOMAIN = r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z][A-Za-z0-9-]*[A-Za-z0-9]"
_MASTODON = re.compile(rf"@?(?P<user>{_USER})@(?P<server>{_DOMAIN})")
_BLUESKY = re.compile(rf"@?(?P<handle>{_DOMAIN})")
BLUESKY_APP = ("bsky.app", "www.bsky.app")


def parse_mastodon(text: str, ctx: ParseContext | None = None) -> str:
    """`@mobe@piaille.fr`, `mobe@piaille.fr` or `https://piaille.fr/@mobe` → `@mobe@piaille.fr`."""
    value = text.strip()
    if value.startswith(("http://", "https://")):
        parts = urlparse(value)
        name = parts.path.strip("/")
        if name.startswith("@") and "/" not in name and parts.hostname:
            value = f"{name}@{parts.hostname}"
    match = _MASTODON.fullmatch(value)
    if match is None:
        example = "« @mobe@piaille.fr » (le nom, puis le serveur), ou l'adresse de son profil, « https://piaille.fr/@mobe »"
        if re.fullmatch(rf"@?{_USER}", value):
            raise FieldError(f"« {value} » ne dit pas sur quel serveur Mastodon est le compte.", f"écrivez {example}.")
        raise FieldError(f"« {value} » n'est pas un compte Mastodon.", f"écrivez {example}.")
    return f"@{match['user']}@{match['server'].lower()}"


def parse_bluesky(text: str, ctx: ParseContext | None = None) -> str:
    """`@mobe.bsky.social`, `mobe.bsky.social` or `https://bsky.app/profile/mobe.bsky.social` → `@mobe.bsky.social`."""
    value = text.strip()
    if value.startswith(("http://", "https://")):
        parts = urlparse(value)
        segments = parts.path.strip("/").split("/")
        if parts.hostname in BLUESKY_APP and len(segments) >= 2 and segments[0] == "profile":
            value = segments[1]
    match = _BLUESKY.fullmatch(value)
    if match is None or value.lstrip("@").startswith("did:"):
        raise FieldError(f"« {value} » n'est pas un compte Bluesky.",
                         "écrivez le nom du compte tel que Bluesky l'affiche, « @mobe.bsky.social » (ou un nom de "
                         "domaine, « @mobe-orleans.fr »), ou l'adresse de son profil, "
                         "« https://bsky.app/profile/mobe.bsky.social ».")
    return f"@{match['handle'].lower()}"

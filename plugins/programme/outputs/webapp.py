"""The site's icons and web app manifest: what a tab, a bookmark or a phone's home screen shows.

The icons are drawn by `media/icons.py` and made, cached and published like every other image (one cache
entry, made once); they sit at the root of the site, where browsers look for `/favicon.ico` and
`/apple-touch-icon.png` even on pages that name no icon. The manifest is written at every build (a few
hundred bytes of JSON; `Site.write` keeps an unchanged file as it is).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..media.artwork import BRAND, PAPER
from ..media.icons import FAVICON_SIZES, ICON_FILES, IconSet
from ..media.library import ShareImage
from .site import Site

MANIFEST_SAVE_AS = "site.webmanifest"
# The browser's own colours around the page (Android's status bar, Safari's tab bar): the header's green.
THEME_COLOR = BRAND
BACKGROUND_COLOR = PAPER


@dataclass(frozen=True)
class HeadIcons:
    """What base.html links in every `<head>`."""

    theme_color: str
    favicon: str
    favicon_sizes: str
    svg: str
    apple_touch: str
    manifest: str


def head_icons(site_url: str) -> HeadIcons:
    return HeadIcons(
        theme_color=THEME_COLOR,
        favicon=f"{site_url}/favicon.ico",
        favicon_sizes=" ".join(f"{size}x{size}" for size in FAVICON_SIZES),
        svg=f"{site_url}/icon.svg",
        apple_touch=f"{site_url}/apple-touch-icon.png",
        manifest=f"{site_url}/{MANIFEST_SAVE_AS}",
    )


def manifest(name: str, short_name: str, description: str) -> dict:
    """The manifest's fields. Addresses are relative to the manifest, which sits at the root of the site,
    so they hold wherever the site is published."""
    return {
        "name": name,
        "short_name": short_name,
        "description": description,
        "lang": "fr",
        "dir": "ltr",
        "id": "./",
        "start_url": "./",
        "scope": "./",
        "display": "minimal-ui",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "icons": [{"src": icon.name, "sizes": f"{icon.size}x{icon.size}", "type": icon.mime_type,
                   "purpose": icon.purpose} for icon in ICON_FILES if icon.purpose],
    }


def advertise(site: Site) -> None:
    """Ask for the icons with the build's other images, and give templates their links."""
    site.images.icons(IconSet())
    site.context["site_icons"] = head_icons(site.options.site_url)
    # The museum's logo in structured data (`structured.home_nodes`): the largest icon, the site's mark.
    logo = next(icon for icon in ICON_FILES if icon.name == "icon-512.png")
    site.context["SITE_LOGO"] = ShareImage(logo.name, logo.size, logo.size, site.settings["SITENAME"])


def write(site: Site) -> None:
    settings = site.settings
    data = manifest(settings["SITENAME"], settings["SITE_SHORT_NAME"], settings.get("SITESUBTITLE", ""))
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    site.write(MANIFEST_SAVE_AS, text.encode())

"""The social-media kit of each upcoming event, `/kit/<slug>/`, and their list, `/kit/`.

Staff pages: `noindex`, in no sitemap, search index or feed, linked from no public page and disallowed in
robots.txt. Each network's text (`posts`) is a file of its own (`mastodon.txt`…) and is shown with a copy
button; the pictures, one per shape (made and cached like share cards, `illustrations.kit`), come with their
alt text, in a file too. The list also gives what the month's outreach needs: each letter's e-mail and text.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..content.contents import Event
from ..media.library import ShareImage
from . import letter, months, pages, posts
from .site import Site

# What each picture's shape is for.
SHAPE_USES = {(1200, 630): "paysage : Mastodon, Bluesky, LinkedIn, Facebook",
              (1080, 1080): "carré : Instagram, Facebook, Mastodon",
              (1080, 1350): "portrait : Instagram"}


@dataclass(frozen=True)
class KitPost:
    post: posts.Post
    path: str  # output-relative: « kit/<slug>/mastodon.txt »

    @property
    def network(self) -> posts.Network:
        return self.post.network

    @property
    def file_name(self) -> str:
        return self.path.rsplit("/", 1)[1]

    @property
    def rows(self) -> int:
        """How tall the text box is: every line of the text, within reason."""
        return min(24, max(4, self.post.text.count("\n") + 2 + len(self.post.text) // 70))


@dataclass(frozen=True)
class KitImage:
    image: ShareImage
    alt_path: str  # output-relative: « kit/<slug>/alt-1080x1080.txt »

    @property
    def size_label(self) -> str:
        return f"{self.image.width} × {self.image.height}"

    @property
    def use(self) -> str:
        return SHAPE_USES.get((self.image.width, self.image.height), "")

    @property
    def key(self) -> str:
        return f"{self.image.width}x{self.image.height}"


@dataclass(frozen=True)
class Kit:
    event: Event
    url: str
    save_as: str
    posts: list[KitPost]
    images: list[KitImage]

    @property
    def announcement(self) -> bool:
        """A cancelled, postponed or moved-online event: its texts announce the change instead of promoting it."""
        return self.event.state in posts.ANNOUNCED

    @property
    def too_long(self) -> list[KitPost]:
        return [item for item in self.posts if not item.post.fits]


def kit_of(site: Site, event: Event) -> Kit:
    folder = site.settings["KIT_URL"].format(slug=event.slug)
    texts = [KitPost(item, f"{folder}{item.network.key}.txt") for item in posts.posts(event, site.absolute(event.url))]
    images = [KitImage(image, f"{folder}alt-{image.width}x{image.height}.txt") for image in event.kit_images]
    return Kit(event, folder, site.settings["KIT_SAVE_AS"].format(slug=event.slug), texts, images)


def kits(site: Site) -> list[Kit]:
    return [kit_of(site, event) for event in site.programme.upcoming(site.programme.events)]


def disallowed(settings: dict) -> list[str]:
    """What robots.txt keeps crawlers out of: the kits' folder."""
    return [settings["KIT_INDEX"][0]]


def write(site: Site) -> None:
    found = kits(site)
    for kit in found:
        pages.write_page(site, kit.save_as, kit.url, "kit", kit=kit)
        for item in kit.posts:
            site.write(item.path, (item.post.text + "\n").encode("utf-8"))
        for picture in kit.images:
            site.write(picture.alt_path, (picture.image.alt + "\n").encode("utf-8"))
    url, save_as = site.settings["KIT_INDEX"]
    upcoming = [month for month in months.months(site) if not month.over]
    outreach = [(month, letter.letter_of(site, month)) for month in upcoming]
    pages.write_page(site, save_as, url, "kits", kits=found, outreach=outreach)

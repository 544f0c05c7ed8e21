"""The last step before writing, once every file is read and linked: pictures, players, bodies.

It runs over our items and over Pelican's news and pages alike, so that a `[video: …]` line or an
image works the same in every Markdown body, and reports what it cannot resolve with file and line.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from pelican.contents import Content
from slugify import slugify

from ..content import pelican_content
from ..content.contents import Episode, ProgrammeContent
from ..content.embedding import EmbedResolver
from ..content.illustrations import Illustrator
from ..content.inline_images import InlineImages
from ..content.items import CONTENT_CLASSES
from ..content.models import Video
from ..content.players import host_name, player_for
from ..content.programme import Programme
from ..content.sanitiser import sanitise
from ..media.library import ResponsiveImage
from ..outputs import csp, posts
from ..outputs.episodes import collapse_transcript
from ..problems import Problem
from .addresses import Addresses, site_addresses
from .file_links import FileLinks

if TYPE_CHECKING:
    from .generator import ProgrammeGenerator

# Where Pelican's generators keep what they publish.
PELICAN_CONTENT_LISTS = ("articles", "translations", "hidden_articles", "hidden_translations", "pages", "hidden_pages")


def finish(generator: ProgrammeGenerator, generators: Iterable) -> list[Problem]:
    """Set pictures and share cards, rewrite every body; returns the problems found in bodies."""
    illustrator = illustrator_for(generator)
    generator.context["SITE_SHARE_IMAGE"] = illustrator.illustrate(generator.programme)
    bodies = BodyFinisher(generator, illustrator, site_addresses(generator, pelican_contents(generators)))
    problems: list[Problem] = []
    for item in everything(generator.programme):
        problems += finish_body(item, bodies)
    for item in pelican_contents(generators):
        problems += bodies.finish(item)
    problems += illustrator.problems
    programme = generator.programme
    problems += posts.problems(programme.upcoming(programme.events), generator.options.public_url)  # warnings
    problems += pelican_content.check(pelican_contents(generators), generator.settings, Path(generator.path))
    csp.announce(generator.context, csp.embed_policy(generator.programme, bodies.embeds.videos))
    return problems


def finish_item(generator: ProgrammeGenerator, item: ProgrammeContent) -> list[Problem]:
    """One item, as `finish` does each: the preview's fast path finishes an edited item with it."""
    illustrator = illustrator_for(generator)
    illustrator.illustrate_item(item)
    return [*illustrator.problems, *finish_body(item, BodyFinisher(generator, illustrator))]


def illustrator_for(generator: ProgrammeGenerator) -> Illustrator:
    settings = generator.settings
    return Illustrator(generator.images, settings["SITENAME"], settings.get("SITESUBTITLE", ""),
                       generator.options.artwork_fonts)


def finish_body(item: ProgrammeContent, bodies: BodyFinisher) -> list[Problem]:
    if isinstance(item, Episode):
        item._content = collapse_transcript(item._content)
    return bodies.finish(item)


def everything(programme: Programme) -> list[Content]:
    return [item for kind in CONTENT_CLASSES for item in programme.of_kind(kind)]


def pelican_contents(generators: Iterable) -> list[Content]:
    return [item for generator in generators for name in PELICAN_CONTENT_LISTS for item in getattr(generator, name, [])
            if isinstance(item, Content)]


class BodyFinisher:
    """Images become `<picture>`, `[video: …]` placeholders become players, through the theme's macros."""

    def __init__(self, generator: ProgrammeGenerator, illustrator: Illustrator, addresses: Addresses | None = None):
        self.picture_macro = generator.get_template("_picture").module.picture
        self.player_macro = generator.get_template("_video").module.video_player
        self.illustrator = illustrator
        self.site_url = generator.options.site_url
        episodes = {episode.slug: episode for episode in generator.programme.episodes}
        self.images = InlineImages(generator.images, generator.parse_context, self.picture)
        self.links = FileLinks(generator.images, generator.parse_context, generator.settings["STATIC_PATHS"],
                               self.site_url, addresses, generator.options.site_domain)
        self.embeds = EmbedResolver(episodes, generator.drafts.get("episode", set()), generator.parse_context,
                                    self.episode_player, self.video_player)

    def picture(self, image: ResponsiveImage) -> str:
        return str(self.picture_macro(image, "prose"))

    def episode_player(self, episode: Episode) -> str:
        return str(self.player_macro(episode.player, lazy=True))

    def video_player(self, video: Video, title: str) -> str:
        poster = self.illustrator.poster(slugify(title) or "video", title, f"Vidéo hébergée par {host_name(video)}")
        return str(self.player_macro(player_for(video, title, "", poster, self.site_url), lazy=True))

    def finish(self, item: Content) -> list[Problem]:
        body = item._content
        path = item.relative_source_path
        source: Callable[[], str] = functools.cache(lambda: Path(item.source_path).read_text(encoding="utf-8-sig"))
        refused: list[Problem] = []
        if not isinstance(item, ProgrammeContent):  # ours were cleaned as they were read (`reading.read_body`)
            refused = self._sanitise_pelican(item, path, source)
            body = item._content
        if not body:
            return refused
        body, image_problems = self.images.rewrite(body, path, source)
        body, link_problems = self.links.rewrite(body, path, source, getattr(item, "url", ""))
        body, embed_problems = self.embeds.expand(body, path, source)
        item._content = body
        return refused + image_problems + link_problems + embed_problems

    @staticmethod
    def _sanitise_pelican(item: Content, path: str, source: Callable[[], str]) -> list[Problem]:
        """A news article's or page's body, and its `Summary` (Pelican renders it as Markdown too)."""
        problems: list[Problem] = []
        if item._content:
            item._content, problems = sanitise(item._content, path, source)
        summary = item.metadata.get("summary")
        if isinstance(summary, str) and "<" in summary:
            cleaned, refused = sanitise(summary, path, source)
            problems += [replace(problem, field="Summary") for problem in refused if problem not in problems]
            item.metadata["summary"] = cleaned
            if hasattr(item, "_summary"):
                item._summary = cleaned
        return problems

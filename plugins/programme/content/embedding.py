"""`[video: …]` in any Markdown body: an episode or a video shown with the same facade as episode pages.

Staff write, alone on a line:

    [video: volcans-auvergne-bar-des-sciences]          an episode of the WebTV, by its identifier
    [video: https://youtu.be/Qm7vKx2Lp9A?t=90 | Titre]   any accepted `Video` address, with a title

Markdown turns such a line into a placeholder; once every file is read and linked, `expand` replaces
each placeholder by the player, or reports (file, line, closest identifier) what does not resolve.
"""

from __future__ import annotations

import difflib
import html
import logging
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass

from markdown import Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from slugify import slugify

from ..problems import FieldError, Problem
from .fields import ParseContext
from .models import Video
from .video import VIDEO_FORMS, parse_video

logger = logging.getLogger(__name__)

DIRECTIVE = re.compile(r"^\[\s*vid[eé]o\s*:\s*(?P<target>[^|\]]+?)\s*(?:\|\s*(?P<title>[^\]]*?)\s*)?\]\s*$", re.I)
PLACEHOLDER = re.compile(r'<div data-video-embed="(?P<target>[^"]*)" data-video-title="(?P<title>[^"]*)"></div>')


class _EmbedProcessor(BlockProcessor):
    """A directive line, wherever it stands in a block, becomes a placeholder element of its own."""

    def test(self, parent: etree.Element, block: str) -> bool:
        return any(DIRECTIVE.match(line) for line in block.split("\n"))

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        lines = blocks.pop(0).split("\n")
        index = next(i for i, line in enumerate(lines) if DIRECTIVE.match(line))
        if index:
            self.parser.parseBlocks(parent, ["\n".join(lines[:index])])
        match = DIRECTIVE.match(lines[index])
        etree.SubElement(parent, "div", {"data-video-embed": match["target"], "data-video-title": match["title"] or ""})
        if lines[index + 1 :]:
            blocks.insert(0, "\n".join(lines[index + 1 :]))


class VideoEmbedExtension(Extension):
    """Registered for our bodies (`reading.make_markdown`) and Pelican's (settings `MARKDOWN`)."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.parser.blockprocessors.register(_EmbedProcessor(md.parser), "video_embed", 75)


class _Draft(Exception):
    """The line names an episode still in draft: nothing is shown, and its author is told."""

    def __init__(self, slug: str):
        super().__init__(slug)
        self.slug = slug


@dataclass(frozen=True)
class Embed:
    """One placeholder found in a rendered body."""

    target: str
    title: str
    start: int
    end: int


def placeholders(body: str) -> list[Embed]:
    return [Embed(html.unescape(m["target"]), html.unescape(m["title"]), m.start(), m.end())
            for m in PLACEHOLDER.finditer(body)]


class EmbedResolver:
    """Turns a placeholder's target into markup: an episode by slug, or a video address."""

    def __init__(self, episodes: dict[str, object], drafts: set[str], ctx: ParseContext,
                 episode_markup: Callable[[object], str], video_markup: Callable[[Video, str], str]):
        self.episodes = episodes
        self.drafts = drafts
        self.ctx = ctx
        self.episode_markup = episode_markup
        self.video_markup = video_markup
        self.videos: list[Video] = []  # every video address a body embeds: the pages' policy must allow its host

    def expand(self, body: str, path: str, source: Callable[[], str]) -> tuple[str, list[Problem]]:
        """`body` with every placeholder replaced; `source()` gives the file's text, for line numbers."""
        found = placeholders(body)
        if not found:
            return body, []
        problems: list[Problem] = []
        parts, position = [], 0
        for embed in found:
            parts.append(body[position : embed.start])
            position = embed.end
            try:
                parts.append(self._markup(embed))
            except FieldError as error:
                line = directive_line(source(), embed.target)
                problems.append(Problem(path, error.message, line=line, hint=error.hint))
            except _Draft as draft:
                problems.append(Problem(path, f"« {draft.slug} » est un brouillon : la vidéo n'est pas montrée tant que "
                                        "l'épisode n'est pas publié.", line=directive_line(source(), embed.target),
                                        hint="rien à faire si c'est voulu.", warning=True))
        parts.append(body[position:])
        return "".join(parts), problems

    def _markup(self, embed: Embed) -> str:
        if "/" in embed.target or "." in embed.target:
            video = parse_video(embed.target, self.ctx)
            self.videos.append(video)
            return self.video_markup(video, embed.title or f"Vidéo {_host_word(video)}".strip())
        slug = slugify(embed.target)
        if slug in self.episodes:
            return self.episode_markup(self.episodes[slug])
        if slug in self.drafts:
            raise _Draft(slug)
        close = difflib.get_close_matches(slug, self.episodes, n=1, cutoff=0.5)
        raise FieldError(
            f"« {embed.target} » n'est ni un épisode de la WebTV ni une adresse de vidéo.",
            f"vouliez-vous dire « {close[0]} » ?" if close
            else f"donnez l'identifiant d'un épisode, ou {VIDEO_FORMS}.",
        )


def directive_line(text: str, target: str) -> int | None:
    """The line (from 1) of the `[video: target]` directive in a file's text."""
    for number, line in enumerate(text.splitlines(), start=1):
        match = DIRECTIVE.match(line.strip())
        if match and match["target"] == target:
            return number
    return None


def _host_word(video: Video) -> str:
    return {"youtube": "YouTube", "peertube": "PeerTube"}.get(video.host, "")

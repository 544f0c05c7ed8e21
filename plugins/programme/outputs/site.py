"""The site as every output sees it: a small value made by the build, never the generator itself."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from jinja2 import Template
    from pelican.writers import Writer

    from ..content.ledger import Ledger
    from ..content.programme import Programme
    from ..media.library import ImageLibrary
    from ..settings import ProgrammeSettings


class Files(Protocol):
    """How outputs write beside Pelican's writer (the build stages every file, see `build.staging`)."""

    def write_bytes(self, path: str, data: bytes) -> None:
        """Write one output file, `path` under `Site.output_path`."""

    def leave_unchanged(self, paths: Iterable[str]) -> None:
        """Output paths (relative, with `/`) found current and not written again: publishing keeps them."""

    def tree_mib(self) -> float | None:
        """The memory the whole build uses now, in MiB (None: unknown); for outputs that run processes."""


@dataclass(frozen=True)
class Site:
    """The programme read, linked and finished, Pelican's settings and context, and where to write."""

    programme: Programme
    settings: dict[str, Any]
    options: ProgrammeSettings
    context: dict[str, Any]  # Pelican's shared context (news, pages); outputs add what templates show
    content_path: str
    output_path: str
    memory: Ledger  # when each event first appeared and last changed (`content.ledger`)
    files: Files
    template: Callable[[str], Template]  # a theme template by name, as the generator loads it
    images: ImageLibrary  # the build's pictures: an output asks for the derivatives it needs here
    writer: Writer | None = None  # Pelican's writer: set for the outputs written with it

    @property
    def public_url(self) -> str:
        """The absolute base URL, for whatever must be absolute (feeds, calendars, sitemap)."""
        return self.options.public_url

    def absolute(self, url: str) -> str:
        return f"{self.options.public_url}/{url}"

    def output(self, save_as: str) -> str:
        """Where an output file is written, its folder made."""
        path = os.path.join(self.output_path, save_as)
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        return path

    def write(self, save_as: str, data: bytes) -> None:
        self.files.write_bytes(self.output(save_as), data)

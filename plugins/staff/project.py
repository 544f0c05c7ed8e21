"""Where the site's pieces are: the repository, its content, its output, its two settings files.

`SITE_CONTENT` and `SITE_OUTPUT` (environment) point the tasks at another content or output folder;
the tests use them to run the real tasks on throwaway copies.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Project:
    root: Path
    content: Path
    output: Path

    @classmethod
    def from_environment(cls, root: Path = ROOT) -> Project:
        content = Path(os.environ.get("SITE_CONTENT") or root / "content").resolve()
        output = Path(os.environ.get("SITE_OUTPUT") or root / "output").resolve()
        return cls(root, content, output)

    @property
    def cache(self) -> Path:
        """Beside the output and named after it (like the staging folder), so each output has its own."""
        return self.output.parent / f".{self.output.name}.cache"

    def settings_file(self, prod: bool) -> Path:
        return self.root / ("publishconf.py" if prod else "pelicanconf.py")

    def settings(self, prod: bool = False, output: Path | None = None) -> dict:
        """Pelican's settings for this content, as a build would read them."""
        if str(self.root) not in sys.path:
            sys.path.insert(0, str(self.root))  # publishconf.py imports pelicanconf
        override = {"PATH": str(self.content), "OUTPUT_PATH": str(output or self.output), "CACHE_PATH": str(self.cache)}
        return read_settings(str(self.settings_file(prod)), override=override)

    def watched(self) -> list[Path]:
        """What a change in must rebuild the preview: content, theme, plugins and settings."""
        return [self.content, self.root / "theme", self.root / "plugins", self.settings_file(False)]

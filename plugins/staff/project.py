"""Where the site's pieces are: the repository, its content, its output, its two settings files.

`SITE_CONTENT`, `SITE_OUTPUT` and `SITE_CACHE` (environment) point the tasks at other content, output or
cache folders; the tests and the benchmark use them to run the real tasks on throwaway copies.
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
    cache_folder: Path | None = None

    @classmethod
    def from_environment(cls, root: Path = ROOT) -> Project:
        content = Path(os.environ.get("SITE_CONTENT") or root / "content").resolve()
        output = Path(os.environ.get("SITE_OUTPUT") or root / "output").resolve()
        cache = os.environ.get("SITE_CACHE")
        return cls(root, content, output, Path(cache).resolve() if cache else None)

    @property
    def cache(self) -> Path:
        """Unless given, beside the output and named after it (like the staging folder), so each output has its own."""
        return self.cache_folder or self.output.parent / f".{self.output.name}.cache"

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

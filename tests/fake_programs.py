"""Programs the tests put first on PATH, standing in for ssh or rsync: a shell script that fails as they do."""

from __future__ import annotations

import os
import stat
from pathlib import Path


def on_path(folder: Path, monkeypatch, name: str, script: str, encoding: str | None = None) -> Path:
    """Write `script` as the program `name` in `folder`, and put `folder` first on PATH for the test."""
    folder.mkdir(parents=True, exist_ok=True)
    program = folder / name
    program.write_text(script, encoding=encoding)
    program.chmod(program.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    return program

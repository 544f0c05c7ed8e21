"""Staff and developer tasks: `invoke --list` shows them all."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from invoke import task

ROOT = Path(__file__).resolve().parent
OUTPUT = ROOT / "output"
PELICAN = f'"{sys.executable}" -m pelican'


def _settings(prod: bool) -> Path:
    return ROOT / ("publishconf.py" if prod else "pelicanconf.py")


@task(help={"prod": "Construire avec publishconf.py (adresses du site public)."})
def build(c, prod=False):
    """Construit le site dans output/ (l'ancien site reste en place si la construction échoue)."""
    c.run(f'{PELICAN} "{ROOT / "content"}" -s "{_settings(prod)}" -o "{OUTPUT}"', pty=False, env=os.environ.copy())

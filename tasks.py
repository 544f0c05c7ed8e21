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


@task(
    help={
        "sizes": "Tailles des programmes synthétiques (nombres d'événements), séparées par des virgules.",
        "repeat": "Nombre de constructions par mesure ; la médiane est retenue.",
        "output": "Fichier JSON où écrire les résultats.",
        "preview": "Mesurer aussi le délai de l'aperçu en direct (--no-preview pour l'omettre).",
    }
)
def bench(c, sizes="500,2000,8000", repeat=3, output="bench.json", preview=True):
    """Mesure la construction sur des programmes synthétiques, face à Pelican seul (voir docs/performance.md)."""
    from tests.benchmark.harness import run

    run([int(size) for size in sizes.split(",")], int(repeat), Path(output), preview=preview)

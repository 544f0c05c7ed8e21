"""The guide's field tables, printed from `programme.schema`: `python -m staff.guide` rewrites them in place.

docs/guide-redaction.md marks each table with `<!-- champs: event -->` … `<!-- /champs -->` (`commun` for the
fields every kind shares); what lies between is written here, from the one table that also drives the
checker and `invoke new`, and a test fails while the guide differs from it.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from programme.content.schema import COMMON, SCHEMAS, FieldSpec

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "guide-redaction.md"
BLOCK = re.compile(r"(<!-- champs: (?P<kind>\w+) -->\n)(?P<table>.*?)(<!-- /champs -->)", re.DOTALL)
COMMON_NAMES = {spec.name for spec in COMMON}


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def field_table(kind: str) -> str:
    """The Markdown table of a kind's own fields (`commun`: the shared ones), French name first."""
    specs: tuple[FieldSpec, ...] = COMMON if kind == "commun" else tuple(
        spec for spec in SCHEMAS[kind] if spec.name not in COMMON_NAMES or spec.help != _common(spec.name).help)
    rows = ["| Champ | Nom anglais | Rôle | Exemple |", "| --- | --- | --- | --- |"]
    for spec in specs:
        role = spec.help[0].upper() + spec.help[1:]
        rows.append(f"| `{spec.french}` | `{spec.name}` | {_cell(role)} | `{spec.french}: {_cell(spec.example)}` |")
    return "\n".join(rows) + "\n"


def _common(name: str) -> FieldSpec:
    return next(spec for spec in COMMON if spec.name == name)


def update(text: str) -> str:
    """`text` with every marked table printed afresh."""
    return BLOCK.sub(lambda match: f"{match[1]}{field_table(match['kind'])}{match[4]}", text)


def main() -> int:
    text = GUIDE.read_text(encoding="utf-8")
    updated = update(text)
    if updated != text:
        GUIDE.write_text(updated, encoding="utf-8")
        print(f"{GUIDE} : tableaux des champs mis à jour.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

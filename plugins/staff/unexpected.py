"""An error nobody foresaw (a bug, a full disk): told in French, its detail kept for the developers.

Staff never see a Python traceback: they are told that nothing published changed and where the detail is,
so that they can hand it on. The detail goes to `derniere-erreur.txt` in the build's cache folder.
"""

from __future__ import annotations

import traceback
from pathlib import Path

REPORT = "derniere-erreur.txt"


def describe(error: BaseException, cache: Path | str | None) -> str:
    """One French sentence about `error`; its traceback written beside the cache when possible."""
    where = ""
    if cache:
        path = Path(cache) / REPORT
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("".join(traceback.format_exception(error)), encoding="utf-8")
            where = f" Le détail technique est dans {path} : transmettez-le à l'équipe technique."
        except OSError:
            pass
    return (f"erreur inattendue ({type(error).__name__} : {error}). Rien de ce qui est publié n'a changé."
            f"{where}")

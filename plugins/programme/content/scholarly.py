"""What a research project is identified by: DOIs, HAL ids, and the month or day it starts or ends."""

from __future__ import annotations

import calendar
import re
from datetime import date

from ..problems import FieldError
from .fields import ParseContext, parse_list, parse_moment
from .models import ProjectDate

# A DOI is `10.<registrant>/<suffix>` (doi.org's handbook, §2.2); a link or `doi:` prefix is taken off.
_DOI = re.compile(r"10\.\d{4,9}/\S+")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)
# A HAL id: a portal prefix (hal, halshs, tel, inria, cea…) and eight digits, with an optional version.
_HAL = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*-\d{8}(?:v\d+)?")
_HAL_PREFIX = re.compile(r"^https?://(?:[a-z0-9-]+\.)?(?:hal\.science|archives-ouvertes\.fr)/", re.I)
_MONTH = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})$|^(?P<m2>\d{1,2})/(?P<y2>\d{4})$")


def parse_dois(text: str, ctx: ParseContext) -> list[str]:
    dois = []
    for written in parse_list(text, ctx):
        doi = _DOI_PREFIX.sub("", written)
        if not _DOI.fullmatch(doi):
            raise FieldError(f"« {written} » n'est pas un DOI.", "un DOI commence par « 10. », un numéro, puis « / », "
                             "ex. « 10.1051/apido/2025012 » (ou son lien https://doi.org/…).")
        dois.append(doi)
    return dois


def parse_hal_ids(text: str, ctx: ParseContext) -> list[str]:
    ids = []
    for written in parse_list(text, ctx):
        hal = _HAL_PREFIX.sub("", written).strip("/")
        if not _HAL.fullmatch(hal):
            raise FieldError(f"« {written} » n'est pas un identifiant HAL.", "recopiez-le depuis hal.science : un "
                             "préfixe, un tiret et huit chiffres, ex. « hal-04512345 » (ou « hal-04512345v2 »).")
        ids.append(hal)
    return ids


def parse_project_date(text: str, ctx: ParseContext, end: bool = False) -> ProjectDate:
    """A month (`2025-01`, `01/2025`) or a day (every form `Début` takes, without a time)."""
    month = _MONTH.match(text.strip())
    if month:
        year, number = int(month["y"] or month["y2"]), int(month["m"] or month["m2"])
        if not 1 <= number <= 12:
            raise FieldError(f"« {text.strip()} » : il n'y a pas de mois {number}.", "écrivez le mois de 01 à 12, ex. "
                             "« 2025-01 ».")
        if not ctx.years[0] <= year <= ctx.years[1]:
            raise FieldError(f"« {text.strip()} » : l'année {year} est hors des années possibles "
                             f"({ctx.years[0]}–{ctx.years[1]}).", "vérifiez l'année.")
        day = calendar.monthrange(year, number)[1] if end else 1
        return ProjectDate(date(year, number, day), month_only=True)
    forms = "écrivez « 2025-01 » (un mois) ou « 2025-01-15 » (un jour)."
    try:
        moment = parse_moment(text, ctx)
    except FieldError as error:  # the forms it names are an event's, with hours: a project's are months and days
        raise FieldError(error.message, forms if "formes acceptées" in (error.hint or "") else error.hint) from None
    if not isinstance(moment, date) or hasattr(moment, "hour"):
        raise FieldError(f"« {text.strip()} » : un projet commence et finit un jour ou un mois, sans heure.", forms)
    return ProjectDate(moment)


def parse_project_end(text: str, ctx: ParseContext) -> ProjectDate:
    return parse_project_date(text, ctx, end=True)

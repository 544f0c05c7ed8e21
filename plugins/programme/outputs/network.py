"""What the partners', committee's and projects' listings show: partners by kind, projects current then finished."""

from __future__ import annotations

from ..content.models import PARTNER_KINDS
from ..content.programme import Programme
from .agenda import Group


def partners_by_kind(programme: Programme) -> list[Group]:
    """One group per kind that has partners, in the schema's order; partners without a kind last."""
    groups = [Group(kind, heading, [partner for partner in programme.partners if partner.partner_kind == kind])
              for kind, heading in PARTNER_KINDS.items()]
    others = [partner for partner in programme.partners if partner.partner_kind not in PARTNER_KINDS]
    return [group for group in [*groups, Group("autres", "Autres partenaires", others)] if group.items]


def partners_view(programme: Programme) -> dict:
    return {"partners": programme.partners, "groups": partners_by_kind(programme),
            "committee": [partner for partner in programme.partners if partner.committee]}


def projects_view(programme: Programme) -> dict:
    return {"current_projects": programme.current_projects(), "finished_projects": programme.finished_projects()}

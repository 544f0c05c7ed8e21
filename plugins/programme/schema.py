"""The staff-facing contract: which fields each kind of content has, and how they are checked."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import fields as f
from .models import PARTNER_KINDS, Ref, State
from .problems import FieldError, Problem
from .reading import Source
from .repeat import check_series, check_skipped_hours, parse_dates, parse_repeat, with_exceptions
from .video import parse_video


@dataclass(frozen=True)
class FieldSpec:
    name: str
    attr: str
    parse: Callable[[str, f.ParseContext], Any]
    required: bool = False
    ref: bool = False  # the value names other content by slug


COMMON = (
    FieldSpec("Title", "title", f.parse_title, required=True),
    FieldSpec("Slug", "slug", f.parse_slug),
    FieldSpec("Summary", "summary", f.parse_text),
    FieldSpec("Status", "status", f.parse_choice(("published", "draft", "hidden"))),
)

SCHEMAS: dict[str, tuple[FieldSpec, ...]] = {
    "event": COMMON
    + (
        FieldSpec("Date", "start", f.parse_moment, required=True),
        FieldSpec("End", "end", f.parse_moment),
        FieldSpec("Repeat", "repeat", parse_repeat),
        FieldSpec("Except", "repeat_exceptions", parse_dates),
        FieldSpec("Venue", "venue_ref", f.parse_slug, ref=True),
        FieldSpec("Online", "online", f.parse_url),
        FieldSpec("Cycle", "cycle_ref", f.parse_slug, ref=True),
        FieldSpec("Speakers", "speaker_refs", f.parse_slugs, ref=True),
        FieldSpec("Registration", "registration", f.parse_url),
        FieldSpec("Price", "price", f.parse_text),
        FieldSpec("Audience", "audience", f.parse_text),
        FieldSpec("Image", "image", f.parse_image),
        FieldSpec("ImageAlt", "image_alt", f.parse_alt),
        FieldSpec("Episode", "episode_ref", f.parse_slug, ref=True),
        FieldSpec("State", "state", f.parse_state),
        FieldSpec("PreviousDate", "previous_start", f.parse_moment),
        FieldSpec("Accessibility", "own_accessibility", f.parse_accessibility),
        FieldSpec("Tags", "tags", f.parse_list),
    ),
    "researcher": COMMON
    + (
        FieldSpec("Role", "role", f.parse_text),
        FieldSpec("Lab", "lab", f.parse_text),
        FieldSpec("Institution", "institution", f.parse_text),
        FieldSpec("Discipline", "discipline", f.parse_text),
        FieldSpec("Photo", "photo", f.parse_image),
        FieldSpec("Orcid", "orcid", f.parse_orcid),
        FieldSpec("Website", "website", f.parse_url),
    ),
    "episode": COMMON
    + (
        FieldSpec("Date", "published", f.parse_publication),
        FieldSpec("Video", "video", parse_video, required=True),
        FieldSpec("Duration", "duration", f.parse_duration),
        FieldSpec("Speakers", "speaker_refs", f.parse_slugs, ref=True),
        FieldSpec("Event", "event_ref", f.parse_slug, ref=True),
        FieldSpec("Poster", "poster", f.parse_image),
        FieldSpec("Captions", "captions", f.parse_content_file((".vtt",))),
    ),
    "venue": COMMON
    + (
        FieldSpec("Address", "address", f.parse_text),
        FieldSpec("Geo", "geo", f.parse_geo),
        FieldSpec("Accessibility", "accessibility", f.parse_accessibility),
        FieldSpec("AccessibilityNote", "accessibility_note", f.parse_text),
        FieldSpec("Website", "website", f.parse_url),
    ),
    "cycle": COMMON + (FieldSpec("Image", "image", f.parse_image), FieldSpec("ImageAlt", "image_alt", f.parse_alt)),
    "partner": COMMON
    + (
        FieldSpec("Kind", "partner_kind", f.parse_choice(PARTNER_KINDS)),
        FieldSpec("Website", "website", f.parse_url),
        FieldSpec("Logo", "logo", f.parse_image),
    ),
}


def _as_refs(value: str | list[str], spec: FieldSpec, line: int) -> Ref | list[Ref]:
    if isinstance(value, list):
        return [Ref(slug, spec.name, line) for slug in value]
    return Ref(value, spec.name, line)


def validate(kind: str, source: Source, ctx: f.ParseContext) -> tuple[dict[str, Any], list[Problem]]:
    """Typed values keyed by attribute, plus every problem found in this one file."""
    specs = {spec.name.lower(): spec for spec in SCHEMAS[kind]}
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    problems: list[Problem] = []
    for key, written in source.fields.items():
        spec = specs.get(key)
        if spec is None:
            close = difflib.get_close_matches(key, specs, n=1, cutoff=0.6)
            hint = f"vouliez-vous écrire « {specs[close[0]].name} » ?" if close else None
            known = ", ".join(spec.name for spec in SCHEMAS[kind])
            problems.append(
                Problem(source.path, f"ce champ n'existe pas pour ce type de contenu (champs possibles : {known}).",
                        written.name, written.line, hint)
            )
            continue
        if not written.value:
            if spec.required:
                problems.append(Problem(source.path, "le champ est vide.", spec.name, written.line, "il est obligatoire."))
            continue
        try:
            value = spec.parse(written.value, ctx)
        except FieldError as error:
            problems.append(Problem(source.path, error.message, spec.name, written.line, error.hint))
            continue
        values[spec.attr] = _as_refs(value, spec, written.line) if spec.ref else value
        lines[spec.attr] = written.line
    for spec in specs.values():
        if spec.required and spec.name.lower() not in source.fields:
            problems.append(Problem(source.path, "champ obligatoire manquant.", spec.name, hint=f"ajoutez une ligne « {spec.name}: … » en tête du fichier."))
    if kind == "event" and "start" in values:
        problems += _finish_event(values, lines, source, ctx)
    if "image" in values and "image_alt" not in values:
        problems.append(Problem(source.path, "l'image n'a pas de texte alternatif.", "ImageAlt", lines.get("image"), f.ALT_HINT))
    return values, problems


def _finish_event(values: dict[str, Any], lines: dict[str, int], source: Source, ctx: f.ParseContext) -> list[Problem]:
    """Rules that involve several fields of an event."""
    path = source.path
    problems = []
    try:
        values["schedule"] = f.make_schedule(values["start"], values.get("end"), ctx)
    except FieldError as error:
        problems.append(Problem(path, error.message, "End", lines.get("end"), error.hint))
    if "schedule" in values:
        problems += _finish_series(values, lines, path, repeat_written="repeat" in source.fields)
    state = values.setdefault("state", State.SCHEDULED)
    if "venue_ref" not in values and "online" not in values:
        problems.append(Problem(path, "ni lieu ni adresse en ligne.", "Venue", hint="donnez « Venue: » (l'identifiant d'un lieu) ou « Online: » (l'adresse de la diffusion)."))
    if state is State.MOVED_ONLINE and "online" not in values:
        problems.append(Problem(path, "l'événement est passé en ligne mais aucune adresse n'est donnée.", "Online", lines.get("state"), "ajoutez « Online: https://… »."))
    if "previous_start" in values:
        try:
            values["previous_schedule"] = f.make_schedule(values["previous_start"], None, ctx)
        except FieldError as error:
            problems.append(Problem(path, error.message, "PreviousDate", lines.get("previous_start"), error.hint))
    elif state is State.RESCHEDULED:
        problems.append(Problem(path, "un événement déplacé doit garder son ancienne date.", "PreviousDate", lines.get("state"), "ajoutez « PreviousDate: 2026-12-03 19:00 » (la date annoncée d'abord)."))
    return problems


def _finish_series(values: dict[str, Any], lines: dict[str, int], path: str, repeat_written: bool) -> list[Problem]:
    """`Repeat` must fit `Date`; `Except` needs `Repeat` and may only remove dates of the series."""
    exceptions = values.pop("repeat_exceptions", ())
    if "repeat" not in values:
        if exceptions and not repeat_written:
            return [Problem(path, "« Except » sans « Repeat » : il n'y a pas de série dont retirer des dates.", "Except",
                            lines.get("repeat_exceptions"), "ajoutez « Repeat: … » ou retirez « Except ».")]
        return []
    try:
        check_series(values["repeat"], values["schedule"])
    except FieldError as error:
        del values["repeat"]
        return [Problem(path, error.message, "Repeat", lines.get("repeat"), error.hint)]
    try:
        values["repeat"] = with_exceptions(values["repeat"], exceptions, values["schedule"])
    except FieldError as error:
        return [Problem(path, error.message, "Except", lines.get("repeat_exceptions"), error.hint)]
    try:
        check_skipped_hours(values["repeat"], values["schedule"])
    except FieldError as error:
        del values["repeat"]
        return [Problem(path, error.message, "Repeat", lines.get("repeat"), error.hint)]
    return []

"""Whether a timetable holds together: days within the colloquium, talks within their sessions, no room
used twice at once; and whether a translation's timetable is the original's, so that its texts find their place."""

from __future__ import annotations

from datetime import date

from ..problems import Problem
from . import french
from .fields import fold
from .timetable import Day, Session, Talk


def _span(session: Session | Talk) -> str:
    return f"{session.start:%H:%M}-{session.end:%H:%M}"


def check(days: list[Day], path: str, first: date | None, last: date | None) -> list[Problem]:
    """Every mistake of fit, each at its line; talks without an end get one (the next talk's start, or the end of
    their session) first."""
    problems: list[Problem] = []
    for day in days:
        if first is not None and last is not None and not first <= day.day <= last:
            dates = french.day_label(first) if first == last else f"du {french.day_label(first)} au {french.day_label(last)}"
            problems.append(Problem(path, f"le {french.day_label(day.day)} est hors des dates du colloque ({dates}).", None,
                                    day.line, "corrigez la date de la journée, ou « Début » et « Fin » en tête du fichier."))
        day.sessions.sort(key=lambda session: (session.start, session.line))
        for session in day.sessions:
            problems += _check_talks(session, path)
        problems += _check_rooms(day, path)
    return problems


def _check_talks(session: Session, path: str) -> list[Problem]:
    problems = []
    talks = session.talks
    for talk, following in zip(talks, [*talks[1:], None]):
        if following is not None and following.start < talk.start:
            problems.append(Problem(path, f"l'intervention de {following.start:%H:%M} suit celle de {talk.start:%H:%M} : "
                                    "les interventions d'une session vont dans l'ordre de leurs horaires.", None,
                                    following.line, "remettez-les dans l'ordre, ou corrigez l'horaire."))
            return problems
        if not talk.explicit_end:
            talk.end = following.start if following is not None and following.start > talk.start else session.end
    for talk, following in zip(talks, [*talks[1:], None]):
        if talk.start < session.start or talk.end > session.end:
            problems.append(Problem(path, f"l'intervention ({_span(talk)}) déborde de sa session ({_span(session)}, "
                                    f"ligne {session.line}).", None, talk.line,
                                    "corrigez son horaire, ou celui de la session."))
        elif talk.end <= talk.start:
            problems.append(Problem(path, f"l'intervention commence à {talk.start:%H:%M}, quand sa session finit.", None,
                                    talk.line, "corrigez son horaire, ou celui de la session."))
        elif following is not None and following.start < talk.end:
            problems.append(Problem(path, f"l'intervention ({_span(talk)}) chevauche la suivante, qui commence à "
                                    f"{following.start:%H:%M} (ligne {following.line}).", None, talk.line,
                                    "corrigez l'une des deux heures."))
    return problems


def _check_rooms(day: Day, path: str) -> list[Problem]:
    """Two sessions at once in one room (sessions without a room count as one room: the venue's)."""
    problems = []
    latest: dict[str, Session] = {}
    for session in day.sessions:
        room = fold(session.room)
        earlier = latest.get(room)
        if earlier is not None and session.start < earlier.end:
            where = f"dans la même salle ({session.room})" if session.room else "sans salle précisée"
            problems.append(Problem(path, f"la session ({_span(session)}) chevauche celle de {_span(earlier)} (ligne "
                                    f"{earlier.line}), {where}.", None, session.line,
                                    "corrigez les horaires, ou donnez à chacune sa salle (« Salle: … » sous son titre)."))
        if earlier is None or session.end > earlier.end:
            latest[room] = session
    return problems


def merge_translation(original: list[Day], translated: list[Day], language: str, path: str,
                      original_path: str) -> list[Problem]:
    """Give each of the original's sessions and talks the translated titles, notes and abstracts, matched by
    day, start and room; whatever the translation holds that the original lacks is reported."""
    problems = []
    days = {day.day: day for day in original}
    hint = (f"une traduction reprend les journées et les horaires de {original_path} : corrigez-les ici, ou ajoutez "
            "d'abord cet élément à l'original.")
    for day in translated:
        match = days.get(day.day)
        if match is None:
            problems.append(Problem(path, f"le {french.day_label(day.day)} n'est pas une journée du colloque original.",
                                    None, day.line, hint))
            continue
        for session in day.sessions:
            found, starting = _session(match, session)
            if found is None and len(starting) > 1 and not session.room:
                rooms = ", ".join(f"« {other.room_name or other.room} »" for other in starting)
                problems.append(Problem(path, f"plusieurs sessions de l'original commencent à {session.start:%H:%M} ce "
                                        f"jour-là ({rooms}) : laquelle est traduite ici ?", None, session.line,
                                        "ajoutez sous son titre la ligne « Room: … » (ou « Salle: … ») de l'original."))
                continue
            if found is None:
                problems.append(Problem(path, f"aucune session de l'original ne commence à {session.start:%H:%M} ce jour-là"
                                        + (f" en salle « {session.room} »." if session.room else "."), None,
                                        session.line, hint))
                continue
            found.translations[language] = (session.title, session.note)
            talks = {talk.key: talk for talk in found.talks}
            for talk in session.talks:
                if talk.key not in talks:
                    problems.append(Problem(path, f"aucune intervention de l'original ne commence à {talk.start:%H:%M} "
                                            f"dans cette session (ligne {found.line} de l'original).", None, talk.line, hint))
                    continue
                talks[talk.key].translations[language] = (talk.title, talk.abstract)
    return problems


def _session(day: Day, translated: Session) -> tuple[Session | None, list[Session]]:
    """The original's session at the same start (in the same room, when several start together), and all those
    that start then."""
    starting = [session for session in day.sessions if session.start == translated.start]
    found = starting
    if len(starting) > 1:
        found = [session for session in starting if fold(session.room) == fold(translated.room)]
    return (found[0] if len(found) == 1 else None), starting

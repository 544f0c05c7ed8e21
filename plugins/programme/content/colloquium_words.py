"""What a colloquium's pages, printed programme and calendar say, in French and in English: one table.

The rest of the site is French (`french.py`); a colloquium with a translation has an English page too, whose
labels, dates and times come from here (Babel's English names, British order: « Thursday 10 June 2027 »).
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from babel.dates import format_date

from . import french

LANGUAGES = ("fr", "en")
LOCALES = {"fr": "fr_FR", "en": "en_GB"}
LANGUAGE_NAMES = {"fr": {"fr": "français", "en": "anglais"}, "en": {"fr": "French", "en": "English"}}

WORDS: dict[str, dict[str, str]] = {
    "fr": {
        "colloquium": "Colloque", "colloquia": "Colloques", "home": "Accueil", "colon": " : ",
        "dates": "Dates", "venue": "Lieu", "map": "voir sur OpenStreetMap", "rooms": "Salles",
        "organizers": "Organisé par", "committee": "Comité scientifique", "project": "Projet de recherche",
        "price": "Tarif", "registration": "Inscription", "register": "S'inscrire",
        "registration_until": "Inscriptions ouvertes jusqu'au {deadline}.", "registration_open": "Inscriptions ouvertes.",
        "registration_closed": "Inscriptions closes.",
        "call": "Appel à contributions", "call_until": "Propositions attendues jusqu'au {deadline}.",
        "call_open": "Propositions attendues.", "call_closed": "L'appel à contributions est clos.", "read_call": "Lire l'appel",
        "programme": "Programme", "days": "Les journées du colloque", "room": "Salle", "chair": "Présidence",
        "abstract": "Résumé", "given_in": "en {language}", "no_programme": "Le programme sera publié prochainement.",
        "add_to_calendar": "Ajouter à mon agenda", "session_calendar": "Ajouter cette session à mon agenda",
        "whole_calendar": "Toutes les sessions (fichier .ics)",
        "calendar_for": " pour Apple Calendrier, Outlook ou Thunderbird",
        "pdf": "Le programme à imprimer (PDF, A4)", "switch": "Version française", "speakers": "Intervenants",
        "google": "Google Agenda", "facts": "En bref", "opens_pdf": "Programme (PDF)",
        "other_version": "Cette page existe aussi en anglais :", "talks_heading": "Interventions en colloque",
        "printed_from": "Programme imprimé depuis", "printed_title": "Programme",
        "upcoming": "Colloques à venir", "past": "Colloques passés", "none": "Aucun colloque annoncé pour le moment.",
    },
    "en": {
        "colloquium": "Colloquium", "colloquia": "Colloquia", "home": "Home", "colon": ": ",
        "dates": "Dates", "venue": "Venue", "map": "see on OpenStreetMap", "rooms": "Rooms",
        "organizers": "Organised by", "committee": "Scientific committee", "project": "Research project",
        "price": "Fee", "registration": "Registration", "register": "Register",
        "registration_until": "Registration open until {deadline}.", "registration_open": "Registration open.",
        "registration_closed": "Registration closed.",
        "call": "Call for contributions", "call_until": "Proposals are welcome until {deadline}.",
        "call_open": "Proposals are welcome.", "call_closed": "The call for contributions is closed.",
        "read_call": "Read the call",
        "programme": "Programme", "days": "Days of the colloquium", "room": "Room", "chair": "Chair",
        "abstract": "Abstract", "given_in": "in {language}", "no_programme": "The programme will be published soon.",
        "add_to_calendar": "Add to my calendar", "session_calendar": "Add this session to my calendar",
        "whole_calendar": "Every session (.ics file)", "calendar_for": " for Apple Calendar, Outlook or Thunderbird",
        "pdf": "Printable programme (PDF, A4)", "switch": "English version", "speakers": "Speakers",
        "google": "Google Calendar", "facts": "At a glance", "opens_pdf": "Programme (PDF)",
        "other_version": "This page is also in French:", "talks_heading": "Talks",
        "printed_from": "Programme printed from", "printed_title": "Programme",
        "upcoming": "Upcoming colloquia", "past": "Past colloquia", "none": "No colloquium announced yet.",
    },
}


def words(language: str) -> dict[str, str]:
    return WORDS[language]


@lru_cache(maxsize=None)
def day_label(day: date, language: str) -> str:
    """« jeudi 10 juin 2027 », « Thursday 10 June 2027 »."""
    if language == "fr":
        return french.day_label(day)
    return format_date(day, "EEEE d MMMM y", locale=LOCALES[language])


def capitalised(text: str) -> str:
    """The first letter up, the rest as it is (Jinja's `capitalize` lowers « March » and « Friday »)."""
    return text[:1].upper() + text[1:]


def short_day_label(day: date, language: str) -> str:
    """« Jeudi 10 juin », « Thursday 10 June »: a day of the colloquium in its navigation."""
    text = format_date(day, "EEEE d MMMM", locale=LOCALES[language])
    if language == "fr" and day.day == 1:
        text = text.replace(" 1 ", " 1er ", 1)
    return capitalised(text)


def time_label(moment: datetime, language: str) -> str:
    """« 9 h 30 », « 09:30 »."""
    return french.time_label(moment) if language == "fr" else f"{moment:%H:%M}"


def span_label(start: datetime, end: datetime, language: str) -> str:
    return f"{time_label(start, language)} – {time_label(end, language)}"


def days_label(first: date, last: date, language: str) -> str:
    """« du jeudi 10 juin 2027 au vendredi 11 juin 2027 », « Thursday 10 June 2027 – Friday 11 June 2027 »."""
    if first == last:
        return day_label(first, language)
    if language == "fr":
        return f"du {day_label(first, language)} au {day_label(last, language)}"
    return f"{day_label(first, language)} – {day_label(last, language)}"


def deadline_label(deadline: date | datetime, language: str) -> str:
    """A deadline as a sentence ends with it: « jeudi 31 mai 2027 », « 31 mai 2027 à 12 h »."""
    if isinstance(deadline, datetime):
        at = "à" if language == "fr" else "at"
        return f"{day_label(deadline.date(), language)} {at} {time_label(deadline, language)}"
    return day_label(deadline, language)


def language_note(talk_language: str, page_language: str) -> str:
    """« en anglais » beside a talk given in another language than the page's; nothing otherwise."""
    if talk_language == page_language:
        return ""
    return WORDS[page_language]["given_in"].format(language=LANGUAGE_NAMES[page_language][talk_language])

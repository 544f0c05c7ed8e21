"""The staff-facing contract, in one table: each kind's fields, their French and English names, parser and help.

This table drives the reader (`validation`), the checker, `invoke new` (which writes the French names,
with their help as comments) and the guide's field tables (`staff.guide` prints them from here). Staff may
write either name, in any case, with or without accents, spaces or hyphens: `Début`, `debut`, `Date`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import fields as f
from .colloquium_fields import parse_day
from .fields import DATE_FORMS, fold
from .handles import parse_bluesky, parse_mastodon
from .models import ACCESSIBILITY_WORDS, PARTNER_KINDS, STATE_WORDS, STATUS_WORDS, YES_NO_WORDS
from .repeat import parse_dates, parse_repeat
from .scholarly import parse_dois, parse_hal_ids, parse_project_date, parse_project_end
from .video import parse_video


@dataclass(frozen=True)
class FieldSpec:
    name: str  # the English name (the sample content and older files use it)
    french: str  # the French name, which `invoke new` writes and the guide shows first
    attr: str
    parse: Callable[[str, f.ParseContext], Any]
    help: str  # French, for `invoke new` and the guide
    example: str  # a value that passes `parse` against the sample content
    required: bool = False
    refers_to: str | None = None  # the kind whose slugs the value names
    prefill: bool = False  # written as a real line in a new file; otherwise commented out

    @property
    def ref(self) -> bool:
        return self.refers_to is not None


def _words(table: dict) -> str:
    """« annulé (cancelled), reporté (postponed)… »: the first French word of each value, with its English one."""
    return ", ".join(f"{words[1]} ({words[0]})" for words in table.values())


_ACCESSIBILITY = f"codes séparés par des virgules : {_words(ACCESSIBILITY_WORDS)}"
_STATUS = ("« brouillon » (draft : rien n'est publié), « caché » (hidden : page publiée mais absente des listes) "
           "ou « publié » (published, par défaut). Retirez la ligne « Statut: brouillon » pour publier.")

TITLE = FieldSpec("Title", "Titre", "title", f.parse_title, "le titre affiché sur le site (obligatoire).",
                  "Mille abeilles sauvages", required=True, prefill=True)
COMMON = (
    TITLE,
    FieldSpec("Slug", "Identifiant", "slug", f.parse_slug, "l'identifiant utilisé dans l'adresse de la page et par "
              "les autres fiches ; par défaut, le nom du fichier. Une fois la fiche publiée, ne le changez plus (pour "
              "un événement, c'est possible avec « Anciens noms »).",
              "mille-abeilles-sauvages"),
    FieldSpec("Summary", "Résumé", "summary", f.parse_text, "une ou deux phrases reprises dans les listes, les flux "
              "et les moteurs de recherche ; par défaut, le début du texte.",
              "L'entomologiste Amina Haddad présente les abeilles sauvages."),
    FieldSpec("Status", "Statut", "status", f.parse_words(STATUS_WORDS), _STATUS, "brouillon", prefill=True),
)
IMAGE = FieldSpec("Image", "Image", "image", f.parse_image, "une image, chemin depuis le dossier content/ (JPEG, "
                  "PNG ou WebP).", "images/evenements/abeilles-sauvages.jpg")
IMAGE_ALT = FieldSpec("ImageAlt", "Texte alternatif", "image_alt", f.parse_alt, "ce que montre l'image, en une "
                      "phrase, pour les personnes qui ne la voient pas (obligatoire avec « Image ») ; « décorative » "
                      "si elle n'apporte aucune information.", "Une abeille sauvage butine une fleur de lavande")
SPEAKERS = FieldSpec("Speakers", "Intervenants", "speaker_refs", f.parse_slugs, "les intervenants : identifiants de "
                     "fiches chercheurs, séparés par des virgules.", "amina-haddad, claire-morvan",
                     refers_to="researcher")
PROJECTS = FieldSpec("Project", "Projet", "project_refs", f.parse_slugs, "le ou les projets de recherche dont "
                     "il fait partie : identifiants de fiches du dossier projets/, séparés par des virgules.",
                     "polliville", refers_to="project")


def _website(example: str) -> FieldSpec:
    return FieldSpec("Website", "Site web", "website", f.parse_url, "l'adresse de son site web, complète.", example)


# Accounts the social-media kits mention (`outputs/posts.py`): a partner's, a researcher's.
SOCIAL = (
    FieldSpec("Mastodon", "Mastodon", "mastodon", parse_mastodon, "son compte Mastodon, que les textes du kit "
              "réseaux sociaux mentionnent : « @nom@serveur », ou l'adresse de son profil.", "@mobe@piaille.fr"),
    FieldSpec("Bluesky", "Bluesky", "bluesky", parse_bluesky, "son compte Bluesky, que les textes du kit réseaux "
              "sociaux mentionnent : « @nom.bsky.social » (ou son nom de domaine), ou l'adresse de son profil.",
              "@mobe-orleans.bsky.social"),
)


SCHEMAS: dict[str, tuple[FieldSpec, ...]] = {
    "event": COMMON + (
        FieldSpec("Date", "Début", "start", f.parse_moment, f"le début (obligatoire), heure de Paris : {DATE_FORMS}.",
                  "2026-12-03 19:00", required=True, prefill=True),
        FieldSpec("End", "Fin", "end", f.parse_moment, "la fin ; sans elle, un événement à heure fixe dure 2 heures et "
                  "un événement sans heure une journée. Même forme que « Début ».", "2026-12-03 21:00"),
        FieldSpec("Repeat", "Répétition", "repeat", parse_repeat, "pour une série : le rythme et la fin, à partir de "
                  "« Début » (la première séance) ; « tous les mercredis jusqu'au 2027-02-24 », « chaque semaine, "
                  "6 fois », « le premier dimanche du mois, 3 fois », « chaque mois jusqu'au 2027-06-30 ».",
                  "tous les mercredis jusqu'au 2027-02-24"),
        FieldSpec("Except", "Sauf", "repeat_exceptions", parse_dates, "les dates de la série où il n'y a pas de "
                  "séance, séparées par des virgules.", "2026-12-23, 2026-12-30"),
        FieldSpec("Venue", "Lieu", "venue_ref", f.parse_slug, "l'identifiant du lieu (une fiche du dossier lieux/). "
                  "Un événement a un lieu, une adresse « En ligne », ou les deux.", "museum-orleans",
                  refers_to="venue", prefill=True),
        FieldSpec("Online", "En ligne", "online", f.parse_url, "l'adresse de la diffusion en ligne (webinaire, direct).",
                  "https://tube.univ-orleans.fr/w/HPPtRpZh5oN6cbKKWAyinn"),
        FieldSpec("Cycle", "Cycle", "cycle_ref", f.parse_slug, "l'identifiant du cycle auquel l'événement appartient.",
                  "conferences-du-jeudi", refers_to="cycle"),
        SPEAKERS,
        PROJECTS,
        FieldSpec("Partners", "Partenaires", "partner_refs", f.parse_slugs, "les partenaires qui coorganisent "
                  "l'événement : identifiants de fiches du dossier partenaires/.", "brgm, universite-orleans",
                  refers_to="partner"),
        FieldSpec("Registration", "Inscription", "registration", f.parse_url, "l'adresse de la page d'inscription ou "
                  "de réservation.", "https://www.billetweb.fr/conference-parfums-mobe"),
        FieldSpec("Price", "Tarif", "price", f.parse_text, "le tarif, en clair ; « Entrée libre » par défaut.",
                  "5 € / 3 € tarif réduit"),
        FieldSpec("Audience", "Public", "audience", f.parse_text, "le public visé.", "Tout public, dès 12 ans"),
        IMAGE,
        IMAGE_ALT,
        FieldSpec("Episode", "Épisode", "episode_ref", f.parse_slug, "l'identifiant de l'épisode WebTV qui a "
                  "enregistré l'événement.", "abeilles-sauvages-conference", refers_to="episode"),
        FieldSpec("State", "État", "state", f.parse_words(STATE_WORDS), f"l'état de l'événement : "
                  f"{_words(STATE_WORDS)} ; « prévu » par défaut.", "annulé"),
        FieldSpec("PreviousDate", "Date initiale", "previous_start", f.parse_moment, "la date annoncée d'abord, "
                  "obligatoire avec « État: nouvelle date ».", "2026-11-26 19:00"),
        FieldSpec("Accessibility", "Accessibilité", "own_accessibility", f.parse_accessibility, "l'accessibilité, si "
                  f"elle diffère de celle du lieu ; {_ACCESSIBILITY}.", "moteur, auditif"),
        FieldSpec("Tags", "Mots-clés", "tags", f.parse_list, "des mots-clés, séparés par des virgules.",
                  "biodiversité, insectes"),
        FieldSpec("PreviousSlugs", "Anciens noms", "previous_slugs", f.parse_previous_slugs, "pour un événement "
                  "déjà publié dont le fichier (ou « Identifiant ») a été renommé : l'ancien identifiant, ou les "
                  "anciens séparés par des virgules, le plus ancien d'abord. L'ancienne adresse mène alors à la "
                  "nouvelle, et les agendas abonnés gardent le même événement.", "conference-abeilles-sauvages"),
    ),
    "researcher": (
        FieldSpec("Title", "Titre", "title", f.parse_title, "le prénom et le nom (obligatoire).", "Amina Haddad",
                  required=True, prefill=True),
        *COMMON[1:],
        FieldSpec("Role", "Fonction", "role", f.parse_text, "la fonction.", "Ingénieure de recherche"),
        FieldSpec("Lab", "Laboratoire", "lab", f.parse_text, "le laboratoire ou l'unité.",
                  "Unité de recherche Zoologie forestière (URZF)"),
        FieldSpec("Institution", "Établissement", "institution", f.parse_text, "l'établissement.", "INRAE Val de Loire"),
        FieldSpec("Affiliations", "Organismes", "partner_refs", f.parse_slugs, "le laboratoire ou l'établissement, "
                  "s'il a une fiche partenaire : identifiants du dossier partenaires/, séparés par des virgules.",
                  "inrae-val-de-loire", refers_to="partner"),
        FieldSpec("Discipline", "Discipline", "discipline", f.parse_text, "la discipline.", "Entomologie"),
        FieldSpec("Photo", "Photo", "photo", f.parse_image, "le portrait, chemin depuis content/ ; avec l'accord écrit "
                  "de la personne.", "images/chercheurs/amina-haddad.jpg"),
        FieldSpec("Orcid", "ORCID", "orcid", f.parse_orcid, "l'identifiant ORCID (recopié depuis orcid.org ; il est "
                  "vérifié).", "0000-0001-6018-9659"),
        _website("https://www.inrae.fr/centres/val-loire"),
        *SOCIAL,
    ),
    "episode": COMMON + (
        FieldSpec("Date", "Date de publication", "published", f.parse_publication, "la date de mise en ligne de la "
                  f"vidéo : {DATE_FORMS}.", "2026-10-20"),
        FieldSpec("Video", "Vidéo", "video", parse_video, "l'adresse de la vidéo (obligatoire) : lien YouTube, lien "
                  "PeerTube, ou fichier .mp4/.webm.", "https://tube.univ-orleans.fr/w/8MZZix7yFzfgcTsdcvorrY",
                  required=True, prefill=True),
        FieldSpec("Duration", "Durée", "duration", f.parse_duration, "la durée, « HH:MM:SS » ou « MM:SS ».", "01:15:20"),
        SPEAKERS,
        FieldSpec("Event", "Événement", "event_ref", f.parse_slug, "l'identifiant de l'événement enregistré.",
                  "jeudi-abeilles-sauvages", refers_to="event"),
        PROJECTS,
        FieldSpec("Poster", "Affiche", "poster", f.parse_image, "l'image affichée avant la lecture, chemin depuis "
                  "content/.", "images/webtv/tempetes-solaires-conference.jpg"),
        FieldSpec("Captions", "Sous-titres", "captions", f.parse_content_file((".vtt",)), "les sous-titres, fichier "
                  ".vtt rangé sous content/media/.", "media/captions/volcans-auvergne-bar-des-sciences.vtt"),
    ),
    "venue": (
        FieldSpec("Title", "Titre", "title", f.parse_title, "le nom du lieu (obligatoire).", "Médiathèque d'Orléans",
                  required=True, prefill=True),
        *COMMON[1:],
        FieldSpec("Address", "Adresse", "address", f.parse_text, "l'adresse postale, sur une ligne.",
                  "1 place Gambetta, 45000 Orléans"),
        FieldSpec("Geo", "Coordonnées", "geo", f.parse_geo, "la position « latitude, longitude » (clic droit "
                  "« Afficher l'adresse » sur openstreetmap.org).", "47.9029, 1.9093"),
        FieldSpec("Accessibility", "Accessibilité", "accessibility", f.parse_accessibility, "l'accessibilité du lieu, "
                  f"reprise par ses événements ; {_ACCESSIBILITY}.", "moteur, auditif, visuel"),
        FieldSpec("AccessibilityNote", "Note d'accessibilité", "accessibility_note", f.parse_text, "les précisions "
                  "utiles (entrée, ascenseur, boucle magnétique…).",
                  "Entrée de plain-pied ; boucle magnétique dans l'auditorium."),
        _website("https://mediatheques.orleans-metropole.fr"),
        FieldSpec("Rooms", "Salles", "rooms", f.parse_list, "les salles où se tiennent les sessions d'un colloque, "
                  "séparées par des virgules ; le programme d'un colloque les nomme ainsi.",
                  "Amphithéâtre Charles-Sadron, Salle des thèses"),
    ),
    "cycle": COMMON + (
        FieldSpec("Image", "Image", "image", f.parse_image, "l'image du cycle, chemin depuis content/.",
                  "images/cycles/bar-des-sciences.jpg"),
        IMAGE_ALT,
    ),
    "partner": COMMON + (
        FieldSpec("Kind", "Type", "partner_kind", f.parse_choice(PARTNER_KINDS), "le type de partenaire, qui le range "
                  f"sur la page des partenaires : {', '.join(PARTNER_KINDS)}.", "organisme de recherche"),
        _website("https://www.brgm.fr"),
        FieldSpec("Logo", "Logo", "logo", f.parse_image, "le logo, chemin depuis content/ (PNG à fond transparent de "
                  "préférence) ; sans logo, un logo est dessiné avec son nom.", "images/partenaires/brgm.png"),
        FieldSpec("Committee", "Comité", "committee", f.parse_words(YES_NO_WORDS), "« oui » s'il siège au comité de "
                  "partenaires (la page « Comité de partenaires » le liste) ; « non » par défaut.", "oui"),
        *SOCIAL,
    ),
    "project": (
        FieldSpec("Title", "Titre", "title", f.parse_title, "le titre complet du projet (obligatoire).",
                  "Pollinisateurs des villes : suivre les abeilles sauvages d'Orléans", required=True, prefill=True),
        *COMMON[1:],
        FieldSpec("Acronym", "Acronyme", "acronym", f.parse_text, "l'acronyme ou le nom court du projet.", "POLLIVILLE"),
        FieldSpec("Start", "Début", "start", parse_project_date, "le début du projet (obligatoire) : un mois "
                  "« 2025-01 » ou un jour « 2025-01-15 ».", "2025-01", required=True, prefill=True),
        FieldSpec("End", "Fin", "end", parse_project_end, "la fin prévue, même forme que « Début » ; sans fin, le "
                  "projet est en cours.", "2028-12"),
        FieldSpec("Funders", "Financeurs", "funder_refs", f.parse_slugs, "les financeurs : identifiants de fiches du "
                  "dossier partenaires/, séparés par des virgules.", "anr, region-centre-val-de-loire",
                  refers_to="partner", prefill=True),
        FieldSpec("Call", "Appel", "call", f.parse_text, "l'appel à projets, en clair.", "ANR — AAPG 2025 (JCJC)"),
        FieldSpec("Label", "Label", "label", f.parse_text, "un label obtenu.", "Science avec et pour la société (SAPS)"),
        FieldSpec("Partners", "Partenaires", "partner_refs", f.parse_slugs, "les partenaires du projet (laboratoires, "
                  "établissements, associations) : identifiants du dossier partenaires/.", "inrae-val-de-loire",
                  refers_to="partner"),
        FieldSpec("Lead", "Porteur", "lead_ref", f.parse_slug, "la personne qui porte le projet : identifiant d'une "
                  "fiche chercheur.", "amina-haddad", refers_to="researcher"),
        FieldSpec("Researchers", "Chercheurs", "researcher_refs", f.parse_slugs, "les autres chercheuses et chercheurs "
                  "du projet : identifiants de fiches chercheurs.", "claire-morvan, julien-ferrand",
                  refers_to="researcher"),
        _website("https://anr.fr/Projet-ANR-25-CE32-0001"),
        FieldSpec("HAL", "HAL", "hal_ids", parse_hal_ids, "les publications du projet dans HAL : identifiants "
                  "séparés par des virgules.", "hal-04512345"),
        FieldSpec("DOI", "DOI", "dois", parse_dois, "les publications ou jeux de données du projet : DOI séparés par "
                  "des virgules.", "10.1051/apido/2025012"),
        IMAGE,
        IMAGE_ALT,
        FieldSpec("FundingMention", "Mention de financement", "funding_mention", f.parse_text, "la phrase de "
                  "remerciement que le financeur exige, recopiée telle quelle : elle s'affiche sur la page du projet "
                  "et au pied de ses événements.", "Ce projet a bénéficié d'une aide de l'État gérée par l'Agence "
                  "nationale de la recherche au titre de France 2030 (ANR-25-CE32-0001)."),
    ),
    "colloquium": (
        FieldSpec("Title", "Titre", "title", f.parse_title, "le titre du colloque (obligatoire).",
                  "Fleuves vivants : la Loire et ses sédiments", required=True, prefill=True),
        *COMMON[1:],
        FieldSpec("Start", "Début", "start", parse_day, "le premier jour (obligatoire) : « 2027-06-10 » ; les "
                  "horaires vont dans le programme, sous « # Programme ».", "2027-06-10", required=True, prefill=True),
        FieldSpec("End", "Fin", "end", parse_day, "le dernier jour ; sans fin, le colloque dure une journée.",
                  "2027-06-11", prefill=True),
        FieldSpec("Venue", "Lieu", "venue_ref", f.parse_slug, "l'identifiant du lieu (obligatoire) ; les salles du "
                  "programme sont celles de sa fiche (« Salles »).", "universite-la-source", required=True,
                  refers_to="venue", prefill=True),
        FieldSpec("Registration", "Inscription", "registration", f.parse_url, "l'adresse du formulaire d'inscription.",
                  "https://www.billetweb.fr/fleuves-vivants-2027"),
        FieldSpec("RegistrationDeadline", "Date limite d'inscription", "registration_deadline", f.parse_moment,
                  "le dernier jour (ou le dernier moment) pour s'inscrire ; ensuite la page dit « Inscriptions closes ».",
                  "2027-05-31"),
        FieldSpec("Price", "Tarif", "price", f.parse_text, "les frais d'inscription, en clair.",
                  "Gratuit, inscription obligatoire"),
        FieldSpec("CallForContributions", "Appel à contributions", "call", f.parse_url, "l'adresse de l'appel à "
                  "contributions (communications, posters).", "https://fleuves2027.sciencesconf.org"),
        FieldSpec("CallDeadline", "Date limite de l'appel", "call_deadline", f.parse_moment, "la date limite de "
                  "l'appel à contributions ; ensuite la page le dit clos.", "2027-02-15"),
        FieldSpec("Organizers", "Organisateurs", "organizer_refs", f.parse_slugs, "les organisateurs : identifiants "
                  "de fiches du dossier partenaires/, séparés par des virgules.", "universite-orleans, brgm",
                  refers_to="partner"),
        FieldSpec("ScientificCommittee", "Comité scientifique", "committee_refs", f.parse_slugs, "le comité "
                  "scientifique : identifiants de fiches chercheurs, séparés par des virgules.",
                  "claire-morvan, julien-ferrand", refers_to="researcher"),
        PROJECTS,
        IMAGE,
        IMAGE_ALT,
    ),
    "translation": (
        FieldSpec("Title", "Titre", "title", f.parse_title, "le titre traduit (obligatoire). Une traduction anglaise "
                  "porte le nom du fichier qu'elle traduit, suivi de « .en.md ».",
                  "Living rivers: the Loire and its sediments", required=True, prefill=True),
        FieldSpec("Summary", "Résumé", "summary", f.parse_text, "le résumé traduit.",
                  "Two days on the sediments of the Loire."),
        COMMON[3],
        FieldSpec("ImageAlt", "Texte alternatif", "image_alt", f.parse_alt, "le texte alternatif de l'image, "
                  "traduit.", "The Loire at low water, sandbanks in the foreground"),
    ),
}


# The text `invoke new` puts in a new file's body, for staff to replace (`reading` warns while it is there).
BODY_PLACEHOLDER = ("Écrivez ici le texte de la page, en Markdown : des paragraphes séparés par une ligne vide, "
                    "des **mots en gras**, des listes avec « - » et des liens comme [ceci](https://www.mobe-orleans.fr/).")


def _index(specs: tuple[FieldSpec, ...]) -> dict[str, FieldSpec]:
    index: dict[str, FieldSpec] = {}
    for spec in specs:
        for name in {fold(spec.name), fold(spec.french)}:
            assert index.get(name, spec) is spec, f"{name} names two fields"
            index[name] = spec
    return index


INDEX = {kind: _index(specs) for kind, specs in SCHEMAS.items()}


def field_named(kind: str, written: str) -> FieldSpec | None:
    """The field `written` names (either name, any case, accents or not)."""
    return INDEX[kind].get(fold(written))


def closest_name(kind: str, written: str) -> str | None:
    """The known name (French or English, as spelt in the table) nearest to a name that is none."""
    names = {fold(name): name for spec in SCHEMAS[kind] for name in (spec.french, spec.name)}
    close = difflib.get_close_matches(fold(written), names, n=1, cutoff=0.6)
    return names[close[0]] if close else None


_NAME = re.compile(r"[^\W\d_][\w'’ -]{0,39}")
# What `invoke new` writes at the top of a new file's header, while staff have not cleaned it up yet.
SCAFFOLD_MARK = "# Nouvelle fiche « "


def looks_like_field(line: str) -> bool:
    """Whether a line is `Name: value` with a name of any kind's field: what a header line looks like."""
    name, colon, _value = line.partition(":")
    return bool(colon) and bool(_NAME.fullmatch(name.strip())) and any(fold(name.strip()) in index
                                                                        for index in INDEX.values())

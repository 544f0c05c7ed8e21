"""What each field of `programme.schema.SCHEMAS` is for, in French, with an example value.

The one place staff-facing help about fields is written: `invoke new` prints it into the files it
creates. Every example must pass its field's parser against the sample `content/` (a test checks it),
and every schema field must have an entry here (another test checks that).
"""

from __future__ import annotations

from dataclasses import dataclass

from programme.fields import DATE_FORMS
from programme.models import ACCESSIBILITY_CODES, PARTNER_KINDS, State


@dataclass(frozen=True)
class FieldDoc:
    help: str
    example: str
    prefill: bool = False  # written as a real field in a new file; otherwise left commented out
    lists: str | None = None  # kind whose existing slugs the new file lists (fields naming other content)


_ACCESSIBILITY = f"codes séparés par des virgules : {', '.join(ACCESSIBILITY_CODES)}"

GENERAL: dict[str, FieldDoc] = {
    "Title": FieldDoc("le titre affiché sur le site (obligatoire).", "Mille abeilles sauvages", prefill=True),
    "Slug": FieldDoc("l'identifiant utilisé dans l'adresse de la page et par les autres fiches ; "
                     "par défaut, le nom du fichier. À ne plus changer une fois publié.", "mille-abeilles-sauvages"),
    "Summary": FieldDoc("une ou deux phrases reprises dans les listes, les flux et les moteurs de recherche ; "
                        "par défaut, le début du texte.", "L'entomologiste Amina Haddad présente les abeilles sauvages."),
    "Status": FieldDoc("« draft » (brouillon : rien n'est publié), « hidden » (page publiée mais absente des "
                       "listes) ou « published » (par défaut). Retirez la ligne « Status: draft » pour publier.",
                       "draft", prefill=True),
    "Website": FieldDoc("l'adresse de son site web, complète.", "https://www.inrae.fr/centres/val-loire"),
    "Image": FieldDoc("une image, chemin depuis le dossier content/ (JPEG, PNG ou WebP).",
                      "images/evenements/abeilles-sauvages.jpg"),
    "ImageAlt": FieldDoc("ce que montre l'image, en une phrase, pour les personnes qui ne la voient pas "
                         "(obligatoire avec « Image ») ; « décorative » si elle n'apporte aucune information.",
                         "Une abeille sauvage butine une fleur de lavande"),
    "Speakers": FieldDoc("les intervenants : identifiants de fiches chercheurs, séparés par des virgules.",
                         "amina-haddad, claire-morvan", lists="researcher"),
}

BY_KIND: dict[str, dict[str, FieldDoc]] = {
    "event": {
        "Date": FieldDoc(f"le début (obligatoire), heure de Paris : {DATE_FORMS}.", "2026-12-03 19:00", prefill=True),
        "End": FieldDoc("la fin ; sans elle, un événement à heure fixe dure 2 heures et un événement sans heure "
                        "une journée. Même forme que « Date ».", "2026-12-03 21:00"),
        "Venue": FieldDoc("l'identifiant du lieu (une fiche du dossier lieux/). Un événement a un lieu, une "
                          "adresse « Online », ou les deux.", "museum-orleans", prefill=True, lists="venue"),
        "Online": FieldDoc("l'adresse de la diffusion en ligne (webinaire, direct).",
                           "https://tube.univ-orleans.fr/w/HPPtRpZh5oN6cbKKWAyinn"),
        "Cycle": FieldDoc("l'identifiant du cycle auquel l'événement appartient.", "conferences-du-jeudi",
                          lists="cycle"),
        "Registration": FieldDoc("l'adresse de la page d'inscription ou de réservation.",
                                 "https://www.billetweb.fr/conference-parfums-mobe"),
        "Price": FieldDoc("le tarif, en clair ; « Entrée libre » par défaut.", "5 € / 3 € tarif réduit"),
        "Audience": FieldDoc("le public visé.", "Tout public, dès 12 ans"),
        "Episode": FieldDoc("l'identifiant de l'épisode WebTV qui a enregistré l'événement.",
                            "abeilles-sauvages-conference", lists="episode"),
        "State": FieldDoc(f"l'état de l'événement : {', '.join(state.value for state in State)} "
                          "(« scheduled », prévu, par défaut).", "cancelled"),
        "PreviousDate": FieldDoc("la date annoncée d'abord, obligatoire avec « State: rescheduled ».",
                                 "2026-11-26 19:00"),
        "Accessibility": FieldDoc(f"l'accessibilité, si elle diffère de celle du lieu ; {_ACCESSIBILITY}.",
                                  "motor, hearing"),
        "Tags": FieldDoc("des mots-clés, séparés par des virgules.", "biodiversité, insectes"),
        "Repeat": FieldDoc("pour une série : le rythme et la fin, à partir de « Date » (la première séance) ; "
                           "« tous les mercredis jusqu'au 2027-02-24 », « chaque semaine, 6 fois », "
                           "« le premier dimanche du mois, 3 fois », « chaque mois jusqu'au 2027-06-30 ».",
                           "tous les mercredis jusqu'au 2027-02-24"),
        "Except": FieldDoc("les dates de la série où il n'y a pas de séance, séparées par des virgules.",
                           "2026-12-23, 2026-12-30"),
    },
    "researcher": {
        "Title": FieldDoc("le prénom et le nom (obligatoire).", "Amina Haddad", prefill=True),
        "Role": FieldDoc("la fonction.", "Ingénieure de recherche"),
        "Lab": FieldDoc("le laboratoire ou l'unité.", "Unité de recherche Zoologie forestière (URZF)"),
        "Institution": FieldDoc("l'établissement.", "INRAE Val de Loire"),
        "Discipline": FieldDoc("la discipline.", "Entomologie"),
        "Photo": FieldDoc("le portrait, chemin depuis content/ ; avec l'accord écrit de la personne.",
                          "images/chercheurs/amina-haddad.jpg"),
        "Orcid": FieldDoc("l'identifiant ORCID (recopié depuis orcid.org ; il est vérifié).", "0000-0001-6018-9659"),
    },
    "episode": {
        "Date": FieldDoc(f"la date de mise en ligne de la vidéo : {DATE_FORMS}.", "2026-10-20"),
        "Video": FieldDoc("l'adresse de la vidéo (obligatoire) : lien YouTube, lien PeerTube, ou fichier .mp4/.webm.",
                          "https://tube.univ-orleans.fr/w/8MZZix7yFzfgcTsdcvorrY", prefill=True),
        "Duration": FieldDoc("la durée, « HH:MM:SS » ou « MM:SS ».", "01:15:20"),
        "Event": FieldDoc("l'identifiant de l'événement enregistré.", "jeudi-abeilles-sauvages", lists="event"),
        "Poster": FieldDoc("l'image affichée avant la lecture, chemin depuis content/.",
                           "images/webtv/tempetes-solaires-conference.jpg"),
        "Captions": FieldDoc("les sous-titres, fichier .vtt sous content/.",
                             "media/captions/volcans-auvergne-bar-des-sciences.vtt"),
    },
    "venue": {
        "Title": FieldDoc("le nom du lieu (obligatoire).", "Médiathèque d'Orléans", prefill=True),
        "Address": FieldDoc("l'adresse postale, sur une ligne.", "1 place Gambetta, 45000 Orléans"),
        "Geo": FieldDoc("la position « latitude, longitude » (clic droit « Afficher l'adresse » sur "
                        "openstreetmap.org).", "47.9029, 1.9093"),
        "Accessibility": FieldDoc(f"l'accessibilité du lieu, reprise par ses événements ; {_ACCESSIBILITY}.",
                                  "motor, hearing, visual"),
        "AccessibilityNote": FieldDoc("les précisions utiles (entrée, ascenseur, boucle magnétique…).",
                                      "Entrée de plain-pied ; boucle magnétique dans l'auditorium."),
    },
    "cycle": {
        "Image": FieldDoc("l'image du cycle, chemin depuis content/.", "images/cycles/bar-des-sciences.jpg"),
    },
    "partner": {
        "Kind": FieldDoc(f"le type de partenaire : {', '.join(PARTNER_KINDS)}.", "organisme de recherche"),
        "Logo": FieldDoc("le logo, chemin depuis content/ (PNG à fond transparent de préférence).",
                         "images/partenaires/brgm.png"),
        "Website": FieldDoc("l'adresse de son site web, complète.", "https://www.brgm.fr"),
    },
}


def field_doc(kind: str, name: str) -> FieldDoc:
    """The help for `name` in `kind`, falling back to what the field means everywhere."""
    try:
        return BY_KIND[kind].get(name) or GENERAL[name]
    except KeyError:
        raise KeyError(f"no French help for field {name!r} of {kind!r}: add it to staff/field_docs.py") from None

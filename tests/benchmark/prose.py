"""Realistic French Markdown bodies for synthetic content: paragraphs, a heading, a list and links.

Deterministic: every function takes the caller's `random.Random`, so a seed gives the same programme.
"""

from __future__ import annotations

import random

TOPICS = [
    ("les abeilles sauvages", "la pollinisation"), ("la Loire", "les crues"), ("les sols vivants", "le carbone"),
    ("les volcans d'Auvergne", "le magma"), ("les tempêtes solaires", "le champ magnétique"),
    ("les chauves-souris", "l'écholocation"), ("l'ADN environnemental", "les poissons migrateurs"),
    ("les nappes phréatiques", "la sécheresse"), ("le lithium", "les batteries"), ("les parfums", "la chimie"),
    ("les forêts de Sologne", "le climat"), ("les oiseaux des villes", "le bruit"), ("les fossiles", "l'évolution"),
    ("les champignons", "la symbiose"), ("les météorites", "la formation du système solaire"),
    ("les vers de terre", "l'agriculture"), ("le sommeil des animaux", "les rêves"), ("les venins", "les médicaments"),
]

OPENINGS = [
    "Que savons-nous vraiment sur {sujet} ?",
    "Longtemps négligés, {sujet} occupent aujourd'hui une place centrale dans la recherche orléanaise.",
    "Depuis une dizaine d'années, les laboratoires d'Orléans étudient {sujet} et leurs liens avec {theme}.",
    "Cette rencontre propose de découvrir {sujet} sous un jour nouveau, loin des idées reçues.",
]

SENTENCES = [
    "Les chercheurs présenteront les résultats de plusieurs campagnes de mesures menées dans la région Centre-Val de Loire.",
    "La soirée commencera par un exposé d'une quarantaine de minutes, suivi d'un long temps d'échange avec le public.",
    "On y parlera de {theme}, de ce que les données récentes nous apprennent et des questions qui restent ouvertes.",
    "Des échantillons issus des collections du muséum seront présentés et pourront être observés à la loupe.",
    "Chacun pourra poser ses questions, des plus simples aux plus pointues, dans une ambiance conviviale.",
    "Les travaux présentés associent des équipes du CNRS, de l'Université d'Orléans, d'INRAE et du BRGM.",
    "Comprendre {sujet}, c'est aussi mieux anticiper les changements qui touchent déjà notre quotidien.",
    "Les données recueillies par des centaines de bénévoles ont permis de dresser une carte inédite du territoire.",
    "La recherche avance souvent par petites touches, et cette soirée montrera comment naît une découverte.",
    "Les enfants sont les bienvenus : une partie de la présentation leur est spécialement destinée.",
    "Plusieurs instruments de mesure, conçus et fabriqués à Orléans, seront exposés à l'issue de la rencontre.",
    "Le lien entre {sujet} et {theme} reste débattu, et les hypothèses en présence seront discutées sans détour.",
    "Des images inédites, prises au microscope ou sur le terrain, accompagneront l'exposé.",
    "Cette question intéresse autant les scientifiques que les agriculteurs, les élus et les habitants.",
    "La conférence s'appuie sur des publications récentes, accessibles librement en ligne pour qui veut aller plus loin.",
    "Les résultats surprennent parfois les chercheurs eux-mêmes, et c'est tout l'intérêt de cette soirée.",
    "Un court film tourné sur le terrain ouvrira la séance et montrera les coulisses d'une campagne de mesures.",
    "La médiatrice scientifique du muséum animera les échanges et relaiera les questions posées en ligne.",
]

HEADINGS = ["Au programme", "Pour aller plus loin", "En pratique", "Déroulé de la soirée"]

LIST_ITEMS = [
    "une présentation des travaux en cours ({theme})",
    "un temps de questions et de discussion avec la salle",
    "la découverte de spécimens des collections du MOBE",
    "une démonstration d'instruments de laboratoire",
    "des ressources pour prolonger la découverte à la maison",
    "une sélection d'ouvrages proposée par la médiathèque",
    "la projection d'un court documentaire",
]

LINKS = [
    ("le site de l'Université d'Orléans", "https://www.univ-orleans.fr/fr/univ/recherche"),
    ("la page du CNRS Centre Limousin Poitou-Charentes", "https://www.dr8.cnrs.fr/"),
    ("le centre INRAE Val de Loire", "https://www.inrae.fr/centres/val-loire"),
    ("le BRGM", "https://www.brgm.fr/fr"),
    ("le Muséum d'Orléans", "https://www.orleans-metropole.fr/culture/musees-expositions"),
    ("les données ouvertes de la Métropole", "https://data.orleans-metropole.fr/"),
]

FIRST_NAMES = [
    "Amina", "Bruno", "Camille", "Claire", "David", "Élodie", "Fabien", "Gaëlle", "Hugo", "Inès", "Julien", "Karima",
    "Lucas", "Manon", "Nicolas", "Océane", "Pierre", "Quentin", "Rachida", "Sophie", "Thomas", "Ursule", "Victor",
    "Yasmine", "Zoé", "Aurélien", "Béatrice", "Cédric", "Delphine", "Étienne",
]
LAST_NAMES = [
    "Haddad", "Petit", "Morvan", "Dubreuil", "Renard", "Le Gall", "Ferrand", "Martin", "Bernard", "Lefèvre", "Roux",
    "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent", "Muller", "Leroy",
    "Garnier", "Chevalier", "François", "Legrand", "Gauthier", "Perrin", "Robin", "Clément", "Morin",
]


def topic(rng: random.Random) -> tuple[str, str]:
    return rng.choice(TOPICS)


def body(rng: random.Random, subject: tuple[str, str], words: int = 300) -> str:
    """About `words` words of Markdown: paragraphs, one `##` heading, a bulleted list and two links."""
    sujet, theme = subject
    fill = {"sujet": sujet, "theme": theme}
    paragraphs: list[str] = []
    count = 0
    heading_done = False
    while count < words:
        sentences = rng.sample(SENTENCES, rng.randint(3, 5))
        if not paragraphs:
            sentences[0] = rng.choice(OPENINGS)
        text = " ".join(sentence.format(**fill) for sentence in sentences)
        if len(paragraphs) == 1:
            label, url = rng.choice(LINKS)
            text += f" Plus d'informations sur [{label}]({url})."
        paragraphs.append(text)
        count += len(text.split())
        if not heading_done and count > words // 2:
            items = rng.sample(LIST_ITEMS, 4)
            paragraphs.append(f"## {rng.choice(HEADINGS)}")
            paragraphs.append("\n".join(f"- {item.format(**fill)}" for item in items))
            count += sum(len(item.split()) for item in items)
            heading_done = True
    label, url = rng.choice(LINKS)
    paragraphs.append(f"Pour préparer votre venue, consultez [{label}]({url}).")
    return "\n\n".join(paragraphs) + "\n"


def title(rng: random.Random, subject: tuple[str, str]) -> str:
    sujet, theme = subject
    forms = [
        f"{sujet[0].upper()}{sujet[1:]} : ce que la science en dit",
        f"{sujet[0].upper()}{sujet[1:]} et {theme}",
        f"Enquête sur {sujet}",
        f"{theme[0].upper()}{theme[1:]} : une question de recherche",
    ]
    return rng.choice(forms)

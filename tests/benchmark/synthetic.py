"""Synthetic programmes of N events, valid for our schema, for the benchmark (never written into content/).

Proportions are those of the real programme, scaled: researchers N/10, episodes N/10 (half with a poster), venues N/50,
cycles N/100, research projects N/100, news N/20. Each project has a funder, partners, a lead and researchers among the
synthetic ones; about a fifth of the events (and the episodes that recorded them) name one. Everything is drawn from a seeded `random.Random`, so a size and a seed
always give the same files, and dates are placed around the fixed `SITE_NOW`.
"""

from __future__ import annotations

import io
import random
import string
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from PIL import Image, ImageDraw
from slugify import slugify

from . import prose

SITE_NOW = "2026-11-25T12:00"
SEED = 2026
EVENTS_PER_YEAR = 400  # how fast a museum's archive grows: sets how many years N events span
TIMES = [(10, 0), (14, 0), (18, 30), (19, 0), (20, 0)]
STATES = [("cancelled", 0.04), ("postponed", 0.01), ("moved-online", 0.01), ("rescheduled", 0.01), ("full", 0.02)]
ACCESSIBILITY = ["motor", "hearing", "visual", "intellectual", "psychic"]
POSTER_SIZE = (1280, 720)
PHOTO_SIZE = (600, 600)
DISTINCT_IMAGES = 4  # distinct pictures; every file is one of them with a few different bytes


def counts(events: int) -> dict[str, int]:
    """How many items of each kind a programme of `events` events has."""
    return {
        "events": events,
        "researchers": max(1, events // 10),
        "episodes": max(1, events // 10),
        "venues": max(1, events // 50),
        "cycles": max(1, events // 100),
        "projects": max(1, events // 100),
        "news": max(1, events // 20),
    }


# The partners, fixed: two funders, and the others projects join and researchers belong to.
PARTNERS = [("université", "Université"), ("organisme de recherche", "Organisme de recherche"),
            ("collectivité", "Collectivité"), ("association", "Association"), ("financeur", "Agence de financement"),
            ("financeur", "Région")]
FUNDERS = [f"partenaire-{number}" for number, (kind, _) in enumerate(PARTNERS) if kind == "financeur"]
MEMBERS = [f"partenaire-{number}" for number, (kind, _) in enumerate(PARTNERS) if kind != "financeur"]
PROJECT_SHARE = 0.2  # of the events, and so of the episodes that recorded them


@dataclass
class SyntheticSite:
    """A generated programme: its content folder, what it holds, and how to edit one event."""

    root: Path
    counts: dict[str, int]
    event_paths: list[Path] = field(default_factory=list)
    image_paths: list[Path] = field(default_factory=list)

    @property
    def content(self) -> Path:
        return self.root / "content"

    def edit_event(self, index: int, marker: str) -> Path:
        """Change one event's body (as staff would fix a sentence); returns the file written."""
        path = self.event_paths[index % len(self.event_paths)]
        text = path.read_text(encoding="utf-8")
        path.write_text(text.rstrip("\n") + f"\n\nMise à jour : {marker}.\n", encoding="utf-8")
        return path


def _write(path: Path, header: dict[str, object], body: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"{name}: {value}" for name, value in header.items() if value not in (None, "")]
    path.write_text("\n".join(lines) + "\n\n" + body, encoding="utf-8")
    return path


def _orcid(rng: random.Random) -> str:
    digits = [rng.randint(0, 9) for _ in range(15)]
    total = 0
    for digit in digits:
        total = (total + digit) * 2
    check = (12 - total % 11) % 11
    text = "".join(map(str, digits)) + ("X" if check == 10 else str(check))
    return "-".join(text[i : i + 4] for i in range(0, 16, 4))


def _picture(size: tuple[int, int], rng: random.Random) -> bytes:
    """A JPEG with gradients and shapes, so encoders have real work (not a flat colour)."""
    width, height = size
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    tint = Image.new("RGB", size, tuple(rng.randint(40, 220) for _ in range(3)))
    image = Image.blend(image, tint, 0.6)
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rng.randrange(width), rng.randrange(height)
        radius = rng.randint(20, width // 4)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=tuple(rng.randint(0, 255) for _ in range(3)))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def _variant(jpeg: bytes, label: str) -> bytes:
    """The same picture with a JPEG comment segment after the SOI marker: new bytes, same pixels."""
    comment = label.encode("ascii")
    return jpeg[:2] + b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment + jpeg[2:]


class _Images:
    """Writes image files as variants of a few distinct pictures."""

    def __init__(self, rng: random.Random, content: Path):
        self.content = content
        self.bases = {size: [_picture(size, rng) for _ in range(DISTINCT_IMAGES)] for size in (POSTER_SIZE, PHOTO_SIZE)}
        self.written: list[Path] = []

    def write(self, relative: str, size: tuple[int, int]) -> str:
        path = self.content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_variant(self.bases[size][len(self.written) % DISTINCT_IMAGES], relative))
        self.written.append(path)
        return relative


def _moment(day: date, rng: random.Random) -> tuple[str, str]:
    hour, minute = rng.choice(TIMES)
    start = datetime(day.year, day.month, day.day, hour, minute)
    end = start + timedelta(minutes=rng.choice([60, 90, 120]))
    return f"{start:%Y-%m-%d %H:%M}", f"{end:%Y-%m-%d %H:%M}"


def _state(rng: random.Random) -> str:
    draw = rng.random()
    for state, share in STATES:
        if draw < share:
            return state
        draw -= share
    return ""


def generate(root: Path, events: int, seed: int = SEED) -> SyntheticSite:
    """Write a programme of `events` events under `root/content` and return what was written."""
    rng = random.Random(f"{seed}-{events}")
    site = SyntheticSite(root=root, counts=counts(events))
    content = site.content
    images = _Images(rng, content)
    now = datetime.fromisoformat(SITE_NOW).date()
    span = max(365, events * 365 // EVENTS_PER_YEAR)

    venues = []
    for number in range(site.counts["venues"]):
        subject = prose.topic(rng)
        slug = f"lieu-{number:04d}"
        venues.append(slug)
        _write(content / "lieux" / f"{slug}.md", {
            "Title": f"Salle {prose.LAST_NAMES[number % len(prose.LAST_NAMES)]} n° {number}",
            "Address": f"{rng.randint(1, 120)} rue de la Loire, 45000 Orléans",
            "Geo": f"{47.85 + rng.random() / 10:.4f}, {1.85 + rng.random() / 10:.4f}",
            "Accessibility": ", ".join(rng.sample(ACCESSIBILITY, rng.randint(0, 4))),
            "AccessibilityNote": "Accès de plain-pied par l'entrée principale ; boucle magnétique sur demande.",
            "Website": f"https://lieux.example.fr/{slug}",
        }, prose.body(rng, subject, 120))

    cycles = []
    for number in range(site.counts["cycles"]):
        subject = prose.topic(rng)
        slug = f"cycle-{number:04d}"
        cycles.append(slug)
        _write(content / "cycles" / f"{slug}.md", {
            "Title": f"Cycle {number} : {subject[0]}",
            "Summary": f"Un cycle de rencontres consacré à {subject[0]} et à {subject[1]}.",
        }, prose.body(rng, subject, 150))

    researchers = []
    for number in range(site.counts["researchers"]):
        first, last = rng.choice(prose.FIRST_NAMES), rng.choice(prose.LAST_NAMES)
        slug = slugify(f"{first} {last} {number}")
        researchers.append(slug)
        photo = images.write(f"images/chercheurs/{slug}.jpg", PHOTO_SIZE) if number % 4 == 0 else ""
        _write(content / "chercheurs" / f"{slug}.md", {
            "Title": f"{first} {last}",
            "Role": rng.choice(["Chargée de recherche", "Maître de conférences", "Ingénieur de recherche", "Professeure"]),
            "Lab": rng.choice(["Institut des Sciences de la Terre d'Orléans (ISTO)", "LPC2E", "ICOA", "CEDETE", "URZF"]),
            "Institution": rng.choice(["CNRS", "Université d'Orléans", "INRAE Val de Loire", "BRGM"]),
            "Discipline": prose.topic(rng)[1],
            "Affiliations": rng.choice(MEMBERS) if number % 2 == 0 else "",
            "Photo": photo,
            "Orcid": _orcid(rng),
            "Website": f"https://recherche.example.fr/{slug}",
        }, prose.body(rng, prose.topic(rng), 200))

    projects = _projects(content, site.counts["projects"], researchers, rng, now)

    days = [now + timedelta(days=rng.randint(-span, 270)) for _ in range(events)]
    days[0] = now - timedelta(days=30)  # always some past and some upcoming, even at tiny N
    if events > 1:
        days[1] = now + timedelta(days=30)
    past: list[int] = []
    for number, day in enumerate(days):
        subject = prose.topic(rng)
        header: dict[str, object] = {"Title": f"{prose.title(rng, subject)} ({number})"}
        if number % 20 == 7:  # an exhibition over whole days, several weeks long
            header["Date"], header["End"] = day.isoformat(), (day + timedelta(days=rng.randint(10, 90))).isoformat()
        else:
            header["Date"], header["End"] = _moment(day, rng)
        state = _state(rng)
        online = number % 20 == 11 or state == "moved-online"
        if number % 20 != 11:
            header["Venue"] = rng.choice(venues)
        if online:
            header["Online"] = f"https://tube.example.fr/w/direct-{number}"
        if rng.random() < 0.8:
            header["Cycle"] = rng.choice(cycles)
        header["Speakers"] = ", ".join(rng.sample(researchers, min(len(researchers), rng.randint(1, 3))))
        if rng.random() < PROJECT_SHARE:
            header["Project"] = rng.choice(projects)
            header["Partners"] = rng.choice(MEMBERS)
        header["Audience"] = rng.choice(["Tout public", "Tout public, dès 10 ans", "Adultes", "Scolaires"])
        if rng.random() < 0.3:
            header["Price"] = "5 € (gratuit pour les moins de 18 ans)"
            header["Registration"] = f"https://billetterie.example.fr/{number}"
        if state:
            header["State"] = state
        if state == "rescheduled":
            header["PreviousDate"] = f"{day - timedelta(days=14):%Y-%m-%d} 19:00"
        header["Tags"] = ", ".join([subject[1], "sciences", rng.choice(["biodiversité", "Loire", "climat", "chimie"])])
        if rng.random() < 0.5:
            header["Summary"] = f"Une rencontre pour comprendre {subject[0]} et {subject[1]}."
        path = _write(content / "evenements" / f"evenement-{number:05d}.md", header, prose.body(rng, subject))
        site.event_paths.append(path)
        if day < now - timedelta(days=100):
            past.append(number)

    for number, event in enumerate(rng.sample(past, min(len(past), site.counts["episodes"]))):
        video_id = "".join(rng.choice(string.ascii_letters + string.digits + "-_") for _ in range(11))
        poster = images.write(f"images/webtv/episode-{number:04d}.jpg", POSTER_SIZE) if number % 2 == 0 else ""
        event_text = site.event_paths[event].read_text(encoding="utf-8")
        speakers = next(line for line in event_text.splitlines() if line.startswith("Speakers:")).split(":", 1)[1]
        project = next((line.split(":", 1)[1].strip() for line in event_text.splitlines() if line.startswith("Project:")),
                       "")
        _write(content / "webtv" / f"episode-{number:04d}.md", {
            "Title": f"Captation : {prose.title(rng, prose.topic(rng))}",
            "Date": (days[event] + timedelta(days=10)).isoformat(),
            "Video": f"https://www.youtube.com/watch?v={video_id}",
            "Duration": f"{rng.randint(0, 1):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}",
            "Speakers": speakers.strip(),
            "Event": f"evenement-{event:05d}",
            "Project": project,
            "Poster": poster,
        }, prose.body(rng, prose.topic(rng), 150))
    site.counts["episodes"] = min(len(past), site.counts["episodes"])

    for number in range(site.counts["news"]):
        subject = prose.topic(rng)
        day = now - timedelta(days=rng.randint(0, span))
        _write(content / "actualites" / f"actualite-{number:04d}.md", {
            "Title": f"Actualité : {prose.title(rng, subject)} ({number})",
            "Date": f"{day:%Y-%m-%d} 10:00",
            "Tags": f"{subject[1]}, programme",
        }, prose.body(rng, subject))

    for slug, name in [("mentions-legales", "Mentions légales"), ("a-propos", "À propos"), ("accessibilite", "Accessibilité")]:
        _write(content / "pages" / f"{slug}.md", {"Title": name}, prose.body(rng, prose.topic(rng), 200))
    for number, (kind, name) in enumerate(PARTNERS):
        _write(content / "partenaires" / f"partenaire-{number}.md", {
            "Title": f"{name} {number}", "Kind": kind, "Website": f"https://partenaire{number}.example.fr/",
            "Committee": "yes" if number % 2 == 0 else "",
        }, "Un partenaire fidèle du programme.\n")

    site.image_paths = images.written
    return site


def _projects(content: Path, count: int, researchers: list[str], rng: random.Random, now: date) -> list[str]:
    """Write `count` research projects, a third of them over by `now`; returns their slugs."""
    slugs = []
    for number in range(count):
        subject = prose.topic(rng)
        slug = f"projet-{number:04d}"
        slugs.append(slug)
        start = now - timedelta(days=rng.randint(-180, 5 * 365))
        end = start + timedelta(days=rng.randint(2, 4) * 365)
        team = rng.sample(researchers, min(len(researchers), rng.randint(1, 4)))
        _write(content / "projets" / f"{slug}.md", {
            "Title": f"Projet {number} : {subject[0]} et {subject[1]}",
            "Acronym": f"PROJ{number}",
            "Start": f"{start:%Y-%m}",
            "End": f"{end:%Y-%m}",
            "Funders": rng.choice(FUNDERS),
            "Call": f"Appel à projets {start.year}",
            "Partners": ", ".join(rng.sample(MEMBERS, rng.randint(1, 3))),
            "Lead": team[0],
            "Researchers": ", ".join(team[1:]),
            "Website": f"https://projets.example.fr/{slug}",
            "HAL": f"hal-0{rng.randint(1000000, 9999999)}",
            "FundingMention": f"Le projet PROJ{number} a bénéficié d'une aide portant la référence REF-{number:04d}.",
            "Summary": f"Un projet de recherche sur {subject[0]} et {subject[1]}.",
        }, prose.body(rng, subject, 200))
    return slugs


BASELINE_SETTINGS = '''"""Vanilla Pelican: no plugin, the default theme, no cache."""
PATH = "content"
SITENAME = "Baseline"
SITEURL = ""
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "fr"
PLUGINS = []
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
'''


def write_baseline(site: SyntheticSite, root: Path) -> Path:
    """N plain articles (title, date, the same Markdown text as each event) for vanilla Pelican; returns the settings file."""
    content = root / "content"
    for number, path in enumerate(site.event_paths):
        header, _, body = path.read_text(encoding="utf-8").partition("\n\n")
        title = header.splitlines()[0].split(":", 1)[1].strip()
        day = date(2020, 1, 1) + timedelta(days=number % 2500)
        _write(content / f"article-{number:05d}.md", {"Title": title, "Date": f"{day:%Y-%m-%d} 10:00"}, body)
    settings = root / "baselineconf.py"
    settings.write_text(BASELINE_SETTINGS, encoding="utf-8")
    return settings

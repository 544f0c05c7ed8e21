"""Events added to the fixture site for the agenda and calendar tests (the fixture's counts stay as they are):
events around both daylight-saving changes, repeating events with exceptions, every state, and events
on both sides of the agenda calendar's 12-month window."""

import shutil
from pathlib import Path

from conftest import FIXTURE, Site

# Events around both daylight-saving changes, repeating events and every state, added to the fixture.
EXTRA = {
    "nuit-automne": "Title: Nuit d'automne\nDate: 2026-10-25 02:30\nEnd: 2026-10-25 04:00\nVenue: museum\n",
    "matin-automne": "Title: Matin d'automne\nDate: 2026-10-25 10:00\nVenue: museum\n",
    "nuit-printemps": "Title: Nuit de printemps\nDate: 2027-03-28 01:00\nEnd: 2027-03-28 04:00\nVenue: museum\n",
    "matin-printemps": "Title: Matin de printemps\nDate: 2027-03-28 10:00\nVenue: museum\n",
    "atelier": "Title: Atelier du mercredi\nDate: 2027-03-17 14:00\nEnd: 2027-03-17 16:00\n"
               "Repeat: tous les mercredis, 4 fois\nExcept: 2027-03-31\nVenue: museum\nCycle: conferences\n",
    "visite": "Title: Visite du premier dimanche\nDate: 2026-10-04 15:00\nEnd: 2026-10-04 16:00\n"
              "Repeat: le premier dimanche du mois jusqu'au 2027-01-31\nExcept: 2026-12-06\nVenue: museum\n",
    "marche": "Title: Marché aux graines\nDate: 2026-12-05\nRepeat: tous les samedis, 3 fois\nExcept: 2026-12-12\n"
              "Venue: cafe-du-pont\n",
    "reporte": "Title: Conférence reportée\nDate: 2026-12-17 19:00\nVenue: museum\nState: postponed\n",
    "deplace": "Title: Conférence déplacée\nDate: 2026-12-18 19:00\nVenue: museum\nState: rescheduled\n"
               "PreviousDate: 2026-12-01 19:00\n",
    "en-ligne": "Title: Soirée passée en ligne\nDate: 2026-12-19 19:00\nVenue: museum\nState: moved-online\n"
                "Online: https://visio.example.fr/soiree\n",
    "complet": "Title: Atelier complet\nDate: 2026-12-20 10:00\nVenue: museum\nState: full\nPrice: 5 €\n"
               "Registration: https://billetterie.example.fr/complet\n",
    "ancien": "Title: Il y a plus d'un an\nDate: 2025-10-01 19:00\nVenue: museum\n",
    "recent": "Title: Il y a moins d'un an\nDate: 2025-12-01 19:00\nVenue: museum\n",
}


def build_with_agenda_events(root: Path) -> Site:
    """The fixture plus `EXTRA`, built once (now: 2026-11-25 12:00)."""
    shutil.copytree(FIXTURE, root / "content")
    site = Site(root)
    for slug, header in EXTRA.items():
        site.write(f"evenements/{slug}.md", f"{header}\nTexte de {slug}.")
    site.build()
    return site

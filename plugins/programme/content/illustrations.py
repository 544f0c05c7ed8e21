"""Which pictures each item shows, with what alt text, and the card a shared link to its page shows.

Alt text: researcher photos say « Portrait de <nom> », partner logos « Logo : <nom> », event and
cycle images take their `ImageAlt` field (« décorative » for a purely decorative image). Episode
posters are decorative (alt="") because they are always printed next to the episode's title.

Cards (events, episodes, researchers, projects) each show one picture, chosen here (`card_picture`): the
item's own, else (an event) its cycle's, else its share card's drawing, made with it in one cache entry (a
researcher: their initials). A card's picture is decorative: the title beside it says it all.
"""

from __future__ import annotations

from ..media.artwork import CARD_SIZE, KIT_SIZES, Artwork
from ..media.library import ImageLibrary, ResponsiveImage, ShareImage
from ..problems import FieldError, Problem
from .colloquia import Colloquium, ColloquiumPage
from .contents import Cycle, Episode, Event, ProgrammeContent, Researcher
from .network import Partner, Project
from .programme import Programme


class Illustrator:
    def __init__(self, library: ImageLibrary, site_name: str, site_subtitle: str, fonts: tuple[str, str]):
        self.library = library
        self.site_name = site_name
        self.site_subtitle = site_subtitle
        self.fonts = fonts
        self.problems: list[Problem] = []  # pictures that cannot be decoded, by file and field

    def picture(self, item: ProgrammeContent, field: str, relative: str, alt: str) -> ResponsiveImage | None:
        """A content image of `item` (its `field`), or None with a problem when it does not decode."""
        try:
            return self.library.file(relative, alt)
        except FieldError as error:
            self.problems.append(Problem(item.relative_source_path, error.message, field, hint=error.hint))
            return None

    def artwork(self, kind: str, title: str, lines: tuple[str, ...], photo: str = "",
                canvas: tuple[int, int] | None = None) -> Artwork:
        return Artwork(kind, title, tuple(line for line in lines if line), self.site_name, self.fonts, photo, canvas)

    def card(self, stem: str, title: str, lines: tuple[str, ...], photo: str = "") -> ShareImage:
        """A share card; its alt text is what it shows (the title and its lines), never the site's name twice."""
        artwork = self.artwork("card", title, lines, photo)
        return self.library.card(artwork, f"{stem}-partage", " · ".join((title, *artwork.lines)))

    def card_and_picture(self, stem: str, title: str, lines: tuple[str, ...]) -> tuple[ShareImage, ResponsiveImage]:
        """The share card of an item without a picture, and the same drawing as its cards' picture."""
        artwork = self.artwork("card", title, lines)
        return self.library.card_with_picture(artwork, f"{stem}-partage", " · ".join((title, *artwork.lines)))

    def poster(self, stem: str, title: str, line: str):
        """A generated poster: the title on the site's colours."""
        return self.library.drawn(self.artwork("poster", title, (line,)), f"{stem}-affiche", "")

    def event(self, event: Event) -> None:
        if event.image:
            event.picture = self.picture(event, "Image", event.image, event.image_alt)
        lines = (event.start_label, event.venue.title if event.venue else "En ligne")
        # Its cycle is illustrated first (`illustrate`), or was by the build a preview re-renders after.
        event.card_picture = event.picture or (event.cycle.picture if event.cycle else None)
        if event.card_picture:
            event.share_image = self.card(event.slug, event.title, lines, event.image if event.picture else "")
        else:
            event.share_image, event.card_picture = self.card_and_picture(event.slug, event.title, lines)
        photo = event.image if event.picture else (event.cycle.image if event.cycle else "")
        event.search_images = self.library.structured(photo) if photo else (event.share_image.path,)
        if event.upcoming_occurrences:
            event.kit_images = self.kit(event)

    def kit(self, event: Event) -> tuple[ShareImage, ...]:
        """The social-media kit's pictures of an upcoming event, one per shape (`KIT_SIZES`), made and cached like
        share cards; a changed event (« ANNULÉ ») says so on them. The 1200×630 one of a scheduled event is its
        share card."""
        place = "En ligne" if event.is_online_only else event.venue.title
        when = f"{event.state_label.upper()} — {event.start_label}" if event.state_label else event.start_label
        photo = event.image if event.picture else ""
        images = []
        for size in KIT_SIZES:
            artwork = self.artwork("card", event.title, (when, place), photo, None if size == CARD_SIZE else size)
            stem = f"{event.slug}-partage" if size == CARD_SIZE else f"{event.slug}-kit-{size[0]}x{size[1]}"
            alt = " · ".join((artwork.title, *artwork.lines))
            if photo and event.image_alt:  # the photo is part of the picture: say what it shows too
                alt += f". Photo : {event.image_alt}"
            images.append(self.library.card(artwork, stem, alt))
        return tuple(images)

    def researcher(self, researcher: Researcher) -> None:
        if researcher.photo:
            researcher.portrait = self.picture(researcher, "Photo", researcher.photo, f"Portrait de {researcher.title}")
        researcher.share_image = self.card(researcher.slug, researcher.title, (researcher.role, researcher.affiliation),
                                           researcher.photo if researcher.portrait else "")
        researcher.card_picture = researcher.portrait or self.library.drawn(
            self.artwork("initials", initials(researcher.title), ()), f"{researcher.slug}-initiales", "")

    def episode(self, episode: Episode) -> None:
        speakers = ", ".join(speaker.title for speaker in episode.speakers)
        own = self.picture(episode, "Poster", episode.poster, "") if episode.poster else None
        episode.poster_image = own or self.poster(episode.slug, episode.title, f"Avec {speakers}" if speakers else "")
        duration = f"Vidéo · {episode.duration_label}" if episode.duration_label else "Vidéo"
        episode.share_image = self.card(episode.slug, episode.title, (duration, speakers), episode.poster if own else "")

    def illustrate(self, programme: Programme) -> ShareImage:
        """Set every item's pictures; returns the site's own share card, for pages about no item."""
        for kind in ("cycle", "event", "researcher", "episode", "partner", "project", "colloquium", "translation"):
            for item in programme.of_kind(kind):
                self.illustrate_item(item)
        return self.card("site", self.site_name, (self.site_subtitle,))

    def illustrate_item(self, item: ProgrammeContent) -> None:
        """Set one item's pictures and share card (venues have none)."""
        if isinstance(item, Event):
            self.event(item)
        elif isinstance(item, Researcher):
            self.researcher(item)
        elif isinstance(item, Episode):
            self.episode(item)
        elif isinstance(item, Cycle) and item.image:
            item.picture = self.picture(item, "Image", item.image, item.image_alt)
        elif isinstance(item, Partner):
            self.partner(item)
        elif isinstance(item, Project):
            self.project(item)
        elif isinstance(item, ColloquiumPage):
            self.colloquium(item)

    def partner(self, partner: Partner) -> None:
        """Its logo; without one, its name drawn on the site's colours (printed beside its name: decorative)."""
        if partner.logo:
            partner.logo_image = self.picture(partner, "Logo", partner.logo, f"Logo : {partner.title}")
        if partner.logo_image is None:
            partner.logo_image = self.library.drawn(self.artwork("poster", partner.title, ()), f"{partner.slug}-logo", "")
        partner.share_image = self.card(partner.slug, partner.title, (partner.partner_kind.capitalize(),),
                                        partner.logo if partner.logo else "")

    def project(self, project: Project) -> None:
        if project.image:
            project.picture = self.picture(project, "Image", project.image, project.image_alt)
        lines = ("Projet de recherche", project.period_label)
        if project.picture:
            project.share_image = self.card(project.slug, project.name, lines, project.image)
            project.card_picture = project.picture
        else:
            project.share_image, project.card_picture = self.card_and_picture(project.slug, project.name, lines)

    def colloquium(self, page: ColloquiumPage) -> None:
        """Its image (the original's: a translation only translates its alt text) and a card in its language."""
        if isinstance(page, Colloquium) and page.image:
            page.picture = self.picture(page, "Image", page.image, page.image_alt)
        venue = page.venue.title if page.venue else ""
        photo = page.image if page.picture else ""
        page.share_image = self.card(f"{page.slug}-{page.lang}", page.title, (page.when_label.capitalize(), venue), photo)


def initials(name: str) -> str:
    """« Alice Martin » → « AM », « Hanna de Vries » → « HV »: the first letters of the first and last words
    (particles in lower case left out), « ? » for a name without letters."""
    words = [word for word in name.replace("-", " ").split() if word[:1].isalpha()]
    named = [words[0], *[word for word in words[1:] if word[:1].isupper()][-1:]] if words else []
    return "".join(word[0].upper() for word in named) or "?"

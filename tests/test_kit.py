"""The social-media kits: texts measured as each network counts them, pictures at each network's size, and staff
pages kept out of every public listing. Lengths are counted here on their own, not with the plugin's code."""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import Site
from PIL import Image
from programme.build.check import check_site
from programme.outputs import posts

PUBLIC = "https://sciences.orleans-metropole.fr"
UPCOMING = ("conference-annulee", "exposition", "sols-vivants", "webinaire")
NETWORKS = ("mastodon", "bluesky", "linkedin", "facebook", "instagram")


def graphemes(text: str) -> int:
    """Grapheme clusters for the texts at hand: a base and what joins it (combining marks, ZWJ sequences,
    variation selectors, skin tones) count once. Enough for French and emoji; the plugin uses Unicode's rules."""
    count, joined = 0, False
    for char in text:
        attached = unicodedata.combining(char) or char in "\u200d\ufe0f" or 0x1F3FB <= ord(char) <= 0x1F3FF
        if not attached and not joined:
            count += 1
        joined = char == "\u200d"
    return count


def mastodon_count(text: str) -> int:
    """Mastodon: every link counts 23, a mention `@name@server` counts `@name`."""
    text = re.sub(r"https?://\S+", "x" * 23, text)
    return graphemes(re.sub(r"(@\w+)@[\w.-]+\w", r"\1", text))


def bluesky_count(text: str) -> int:
    """Bluesky's app: a link counts as it shows it, its host and at most 15 characters of its path."""
    def shown(link: re.Match) -> str:
        host, _slash, path = link[0].split("://", 1)[1].partition("/")
        path = f"/{path}" if path else ""
        return host + (path[:13] + "..." if len(path) > 15 else path)

    return graphemes(re.sub(r"https?://\S+", shown, text))


def text_of(site: Site, slug: str, network: str) -> str:
    return site.text(f"kit/{slug}/{network}.txt").removesuffix("\n")


def test_counting_as_each_network_does():
    assert posts.mastodon_length("Voir https://exemple.fr/" + "a" * 200) == len("Voir ") + 23
    assert posts.mastodon_length("Avec @mobe@piaille.fr !") == len("Avec @mobe !")
    assert posts.bluesky_length("Voir https://exemple.fr/evenements/abeilles/") == len("Voir exemple.fr/evenements/a...")
    assert posts.bluesky_length("https://exemple.fr/agenda/") == len("exemple.fr/agenda/")
    assert posts.graphemes("👩‍🔬 Ève") == 5  # one scientist, a space, three letters
    assert posts.graphemes("e\u0301te\u0301") == 3  # « été » written with combining accents
    assert posts.utf16_length("🦉") == 2  # JavaScript's length, which LinkedIn, Facebook and Instagram count
    family = "👨‍👩‍👧‍👦" * 301
    assert posts.graphemes(family) == graphemes(family) == 301
    assert not posts.NETWORKS[1].fits(family)  # 301 graphemes: one too many for Bluesky


def test_a_kit_for_each_upcoming_event_and_none_for_past_ones(built):
    kits = sorted(path.name for path in (built.output / "kit").iterdir() if path.is_dir())
    assert kits == sorted(UPCOMING)
    listed = [a["href"] for a in built.html("kit/index.html").select(".kit-list a") if a["href"].startswith("/kit/")]
    assert sorted(listed) == sorted(f"/kit/{slug}/" for slug in UPCOMING)


@pytest.mark.parametrize("slug", UPCOMING)
def test_every_text_fits_its_network_as_it_counts(built, slug):
    mastodon, bluesky = text_of(built, slug, "mastodon"), text_of(built, slug, "bluesky")
    assert mastodon_count(mastodon) <= 500
    assert bluesky_count(bluesky) <= 300 and len(bluesky.encode()) <= 3000
    for network, limit in (("linkedin", 3000), ("facebook", 63206), ("instagram", 2200)):
        assert len(text_of(built, slug, network).encode("utf-16-le")) // 2 <= limit
    instagram = text_of(built, slug, "instagram")
    assert "http" not in instagram and "lien en bio" in instagram and instagram.count("#") <= 30


def test_each_text_is_on_the_kit_page_with_its_copy_button(built):
    soup = built.html("kit/sols-vivants/index.html")
    for network in NETWORKS:
        box = soup.find("textarea", id=f"texte-{network}")
        assert box.get_text() == text_of(built, "sols-vivants", network)
        assert soup.find("button", attrs={"data-copy": f"texte-{network}"})
        assert soup.find("label", attrs={"for": f"texte-{network}"})
        assert soup.find("a", href=f"/kit/sols-vivants/{network}.txt")


def test_the_promotion_names_date_place_speakers_link_and_camel_case_hashtags(built):
    mastodon = text_of(built, "sols-vivants", "mastodon")
    assert mastodon.startswith("Les sols vivants\nJeudi 3 décembre 2026, 19 h, Muséum d'Orléans. Entrée libre.")
    assert "Une conférence sur la vie des sols." in mastodon  # no Summary: its text's first sentence
    assert "Avec Alice Martin et Bruno Petit." in mastodon
    assert f"Programme et inscription : {PUBLIC}/evenements/sols-vivants/" in mastodon
    assert mastodon.endswith("#ConférencesDuJeudi #Sol #Biodiversité")
    linkedin = text_of(built, "sols-vivants", "linkedin")
    assert "Avec Alice Martin (ISTO, CNRS) et Bruno Petit" in linkedin and "de 19 h à 21 h" in linkedin
    assert "Accessibilité : Handicap moteur, Handicap auditif." in linkedin


def test_a_cancelled_event_gets_an_announcement_not_a_promotion(built):
    for network in NETWORKS:
        text = text_of(built, "conference-annulee", network)
        assert text.startswith("ANNULÉ : « Conférence annulée », jeudi 10 décembre 2026, 19 h"), network
        assert "inscription" not in text.lower() and "#" not in text
    assert "lien en bio" in text_of(built, "conference-annulee", "instagram")
    assert "ne publiez plus de promotion" in built.html("kit/conference-annulee/index.html").get_text()


def test_postponed_and_moved_online_events_are_announced_too(site):
    site.edit("evenements/sols-vivants.md", "Tags:", "State: postponed\nTags:")
    site.edit("evenements/webinaire.md", "Online:", "Venue: museum\nState: moved-online\nOnline:")
    site.build()
    assert text_of(site, "sols-vivants", "bluesky").startswith("REPORTÉ : « Les sols vivants »")
    assert text_of(site, "webinaire", "mastodon").startswith("EN LIGNE UNIQUEMENT : « Webinaire inondations »")


def test_partners_and_speakers_are_mentioned_by_their_handles(site):
    site.edit("chercheurs/alice-martin.md", "Orcid:", "Mastodon: https://sciences.example/@alice\n"
              "Bluesky: https://bsky.app/profile/alice.example\nOrcid:")
    site.edit("evenements/sols-vivants.md", "Tags:", "Partners: universite\nTags:")
    site.edit("partenaires/universite.md", "Committee:", "Mastodon: @univ@social.example\nCommittee:")
    site.build()
    mastodon = text_of(site, "sols-vivants", "mastodon")
    assert "Avec Alice Martin (@alice@sciences.example) et Bruno Petit." in mastodon
    assert "En partenariat avec Université d'Orléans (@univ@social.example)." in mastodon
    assert "Alice Martin (@alice.example)" in text_of(site, "sols-vivants", "bluesky")
    assert "@" not in text_of(site, "sols-vivants", "linkedin")


def test_a_wrong_handle_is_told_in_french_with_the_fix(site):
    site.edit("chercheurs/alice-martin.md", "Orcid:", "Mastodon: @alice\nOrcid:")
    problems = [problem for problem in check_site(site.settings()).problems if problem.path == "chercheurs/alice-martin.md"]
    assert len(problems) == 1  # (the files naming her are told to wait for her fix)
    problem = problems[0]
    assert (problem.path, problem.field, problem.line) == ("chercheurs/alice-martin.md", "Mastodon", 7)
    assert "sur quel serveur" in problem.message and "@mobe@piaille.fr" in problem.hint


def test_a_long_summary_is_cut_at_a_word_boundary_to_fit(site):
    summary = " ".join(f"mot{number}" for number in range(200))
    site.edit("evenements/sols-vivants.md", "Tags:", f"Summary: {summary}\nTags:")
    site.build()
    bluesky = text_of(site, "sols-vivants", "bluesky")
    assert bluesky_count(bluesky) <= 300
    cut = next(paragraph for paragraph in bluesky.split("\n\n") if paragraph.startswith("mot0 "))
    assert cut.endswith("…") and summary.startswith(cut.removesuffix("…") + " ")
    assert summary in text_of(site, "sols-vivants", "linkedin")  # room enough there
    assert not [warning for warning in check_site(site.settings()).warnings if "ne tient pas" in warning]


def test_a_post_that_cannot_fit_is_a_warning_naming_the_event(site):
    title = "Les sols vivants " + "et leurs habitants " * 9  # 188 characters: a title, but not on Bluesky
    site.edit("evenements/sols-vivants.md", "Title: Les sols vivants", f"Title: {title.strip()}")
    report = check_site(site.settings())
    assert report.problems == []
    too_long = [warning for warning in report.warnings if "ne tient pas" in warning]
    assert len(too_long) == 1
    assert too_long[0].startswith("evenements/sols-vivants.md")
    assert "Bluesky" in too_long[0] and title.strip()[:40] in too_long[0] and "raccourcissez le titre" in too_long[0]
    assert re.search(r"ne tient pas : \d+ caractères pour 300 au plus", too_long[0])
    site.build()
    assert "trop long pour Bluesky" in site.html("kit/sols-vivants/index.html").get_text()


def kit_images(site: Site, slug: str) -> list[tuple[Path, str]]:
    soup = site.html(f"kit/{slug}/index.html")
    return [(site.output / urlsplit(image["src"]).path.lstrip("/"), image["alt"]) for image in soup.select(".kit-images img")]


def test_pictures_at_each_networks_size_with_their_alt_text(built):
    pictures = kit_images(built, "sols-vivants")
    sizes = []
    for path, alt in pictures:
        with Image.open(path) as image:
            sizes.append(image.size)
            assert image.format == "JPEG"
        assert alt.startswith("Les sols vivants · jeudi 3 décembre 2026, 19 h · Muséum d'Orléans")
        assert "Photo : Affiche de la conférence" in alt
        width, height = image.size
        assert built.text(f"kit/sols-vivants/alt-{width}x{height}.txt").strip() == alt
    assert sizes == [(1200, 630), (1080, 1080), (1080, 1350)]
    share_card = built.html("evenements/sols-vivants/index.html").find("meta", property="og:image")["content"]
    assert share_card.endswith(urlsplit(str(pictures[0][0])).path.rsplit("/", 1)[1])  # the share card itself
    assert "ANNULÉ" in kit_images(built, "conference-annulee")[1][1]


def test_pictures_are_made_once_and_cached_like_share_cards(site):
    site.build()
    cache = site.root / "cache" / "images"
    before = {path: path.stat().st_mtime_ns for path in cache.rglob("*.jpg")}
    assert any("1080x1350" in str(kit_image) for kit_image, _alt in kit_images(site, "sols-vivants"))
    site.build()
    assert {path: path.stat().st_mtime_ns for path in cache.rglob("*.jpg")} == before


def test_kit_pages_are_staff_pages_in_no_sitemap_search_feed_or_public_link(built):
    for page in ["kit/index.html", *(f"kit/{slug}/index.html" for slug in UPCOMING)]:
        robots = built.html(page).find("meta", attrs={"name": "robots"})
        assert robots and "noindex" in robots["content"], page
    assert "/kit/" not in built.text("sitemap.xml")
    lines = built.text("robots.txt").splitlines()
    assert "Disallow: /kit/" in lines and lines.index("Disallow: /kit/") < lines.index("Allow: /")
    for feed in (built.output / "flux").rglob("*.*"):
        assert "/kit/" not in feed.read_text(encoding="utf-8"), feed
    fragments = [json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
                 for path in (built.output / "pagefind/fragment").iterdir()]
    assert fragments and not [f["url"] for f in fragments if "/kit/" in f["url"]]
    for page in built.output.rglob("*.html"):
        if not page.relative_to(built.output).as_posix().startswith("kit/"):
            assert 'href="/kit/' not in page.read_text(encoding="utf-8"), page

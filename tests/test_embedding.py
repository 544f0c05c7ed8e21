"""`[video: …]` lines in Markdown bodies, and what a body or an image field may not do."""

import pytest
from markdown import Markdown
from programme.content.embedding import VideoEmbedExtension, directive_line, placeholders
from programme.problems import ContentError


def render(text: str) -> str:
    markdown = Markdown(extensions=[VideoEmbedExtension(), "markdown.extensions.extra"], output_format="html5")
    return markdown.convert(text)


@pytest.mark.parametrize(("line", "target", "title"), [
    ("[video: volcans-auvergne]", "volcans-auvergne", ""),
    ("[vidéo : volcans-auvergne]", "volcans-auvergne", ""),
    ("[Video:https://youtu.be/dQw4w9WgXcQ?t=90 | Un extrait]", "https://youtu.be/dQw4w9WgXcQ?t=90", "Un extrait"),
    ("[video: https://a.example/v.mp4?x=1&y=2|Titre « entre guillemets »]", "https://a.example/v.mp4?x=1&y=2",
     "Titre « entre guillemets »"),
])
def test_a_directive_line_becomes_a_placeholder(line, target, title):
    [embed] = placeholders(render(f"Avant.\n\n{line}\n\nAprès."))
    assert (embed.target, embed.title) == (target, title)


def test_directive_inside_a_paragraph_splits_it_and_code_is_left_alone():
    html = render("Une phrase.\n[video: abeilles]\nLa suite.\n\n    [video: dans-du-code]\n\n`[video: en-ligne]`")
    assert [e.target for e in placeholders(html)] == ["abeilles"]
    assert "<p>Une phrase.</p>" in html and "<p>La suite.</p>" in html
    assert "[video: dans-du-code]" in html and "[video: en-ligne]" in html


def test_directive_line_is_found_in_the_source():
    text = "Title: X\nEpisode: abeilles\n\nTexte.\n\n[video: abeilles]\n"
    assert directive_line(text, "abeilles") == 6


def problems(site) -> str:
    with pytest.raises(ContentError) as error:
        site.build()
    return str(error.value)


def test_unknown_episode_is_reported_with_line_and_closest_slug(site):
    site.write("actualites/video.md", "Title: Vidéo\nDate: 2026-10-02 10:00\n\nTexte.\n\n[video: abeilles-videos]\n")
    site.write("evenements/avec-video.md", "Title: X\nDate: 2026-12-20 10:00\nVenue: museum\n\n[video: inconnue]\n")
    message = problems(site)
    assert "actualites/video.md, ligne 6 : « abeilles-videos » n'est ni un épisode" in message
    assert "vouliez-vous dire « abeilles-video »" in message
    assert "evenements/avec-video.md, ligne 5 : « inconnue »" in message


def test_unrecognised_video_address_in_a_body_is_reported(site):
    site.write("pages/video.md", "Title: Vidéo\n\n[video: https://vimeo.com/123456]\n")
    message = problems(site)
    assert "pages/video.md, ligne 3 : « https://vimeo.com/123456 » n'est pas une vidéo reconnue" in message
    assert "youtu.be" in message


def test_event_image_needs_alt_text_or_decorative(site):
    path = site.content / "evenements/sols-vivants.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("ImageAlt: Affiche de la conférence « Les sols vivants »\n", ""), encoding="utf-8")
    site.write("cycles/decor.md", "Title: Décor\nImage: images/affiche.jpg\nImageAlt: décorative\n\nTexte.")
    message = problems(site)
    assert "evenements/sols-vivants.md, ligne 8, champ « ImageAlt » : l'image n'a pas de texte alternatif." in message
    assert "« Texte alternatif: décorative »" in message and "« ImageAlt: »" in message
    assert "cycles/decor.md" not in message


def test_decorative_image_has_empty_alt(site):
    site.write("cycles/decor.md", "Title: Décor\nImage: images/affiche.jpg\nImageAlt: Décorative\n\nTexte.")
    site.build()
    assert site.html("cycles/decor/index.html").find("img", class_="picture-hero")["alt"] == ""


def test_body_images_need_alt_text_a_local_file_and_no_other_site(site):
    site.write("actualites/images.md", "Title: Images\nDate: 2026-10-02 10:00\n\n"
                                       "![](images/portrait.jpg)\n\n"
                                       "![Un logo](https://cdn.example.com/logo.png)\n\n"
                                       "![Une affiche](images/absente.jpg)\n")
    message = problems(site)
    assert "actualites/images.md, ligne 4 : l'image « images/portrait.jpg » n'a pas de texte alternatif." in message
    assert "ligne 6 : l'image « https://cdn.example.com/logo.png » serait chargée depuis un autre site" in message
    assert "ligne 8 : l'image « images/absente.jpg » est introuvable." in message


def test_body_images_become_pictures_wherever_they_are_written(site):
    site.write("chercheurs/bruno-petit.md", "Title: Bruno Petit\n\n![Bruno Petit au jardin](../images/portrait.jpg)\n")
    site.write("pages/equipe.md", "Title: Équipe\n\n![Le logo de l'université]({static}/images/logo.png)\n")
    site.build()
    for page, alt in [("chercheurs/bruno-petit/index.html", "Bruno Petit au jardin"),
                      ("equipe/index.html", "Le logo de l'université")]:
        image = site.html(page).find(class_="prose").find("img")
        assert image["alt"] == alt and image["loading"] == "lazy" and image.find_parent("picture")
        assert (site.output / image["src"].lstrip("/")).is_file()
    assert not (site.output / "images/logo.png").exists()

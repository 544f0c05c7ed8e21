"""The image pipeline: metadata stripped, orientation applied, colours and transparency kept, cached by hash."""

import io
import os
from pathlib import Path

import pytest
from PIL import ExifTags, Image, ImageCms
from programme.media import store
from programme.media.pipeline import normalise, render, responsive_plan, widths_for
from programme.build.configure import apply_defaults
from programme.settings import ProgrammeSettings

WIDTHS = (320, 640, 1024, 1600)
SECRET = b"PhoneMaker"


def phone_photo(size=(60, 40)) -> bytes:
    """A JPEG as a phone writes it: stored sideways (orientation 6), with GPS, maker, XMP and ICC profile.
    Its top-left quarter is red, so the orientation can be checked on the output."""
    image = Image.new("RGB", size, "white")
    image.paste((255, 0, 0), (0, 0, size[0] // 2, size[1] // 2))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = SECRET.decode()
    exif[ExifTags.IFD.GPSInfo] = {ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (47.0, 54.0, 10.0),
                                  ExifTags.GPS.GPSLongitudeRef: "E", ExifTags.GPS.GPSLongitude: (1.0, 54.0, 33.0)}
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=95, icc_profile=icc,
               xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/">PhoneMaker GPS</x:xmpmeta>')
    return buffer.getvalue()


def transparent_palette_png() -> bytes:
    """A palette PNG whose index 0 is transparent: the left half of the logo is see-through."""
    image = Image.new("P", (80, 40), 1)
    image.putpalette([0, 0, 0, 11, 93, 59] + [0] * 762)
    image.paste(0, (0, 0, 40, 40))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", transparency=0)
    return buffer.getvalue()


def assert_no_metadata(data: bytes) -> None:
    image = Image.open(io.BytesIO(data))
    assert not image.getexif(), "EXIF left in a derivative"
    assert not {"exif", "xmp", "icc_profile", "XML:com.adobe.xmp", "comment"} & set(image.info)
    assert SECRET not in data and b"Exif\x00\x00" not in data


# -- pure functions -------------------------------------------------------------------------------


@pytest.mark.parametrize(("width", "expected"), [
    (4000, [320, 640, 1024, 1600]), (1600, [320, 640, 1024, 1600]), (1280, [320, 640, 1024, 1280]),
    (800, [320, 640, 800]), (320, [320]), (120, [120]),
])
def test_widths_stop_at_the_original(width, expected):
    assert widths_for(width, WIDTHS) == expected


def test_orientation_applied_then_every_metadata_stripped():
    clean = normalise(Image.open(io.BytesIO(phone_photo())))
    assert clean.size == (40, 60)  # stored 60×40 sideways, shown upright
    assert clean.getpixel((35, 5))[0] > 200 and clean.getpixel((5, 5)) == (255, 255, 255)  # red went top right
    for name, data in render(clean, responsive_plan(clean.size, False, WIDTHS, 80)).items():
        assert_no_metadata(data)
        assert Image.open(io.BytesIO(data)).size == (40, 60), name


def test_cmyk_becomes_rgb():
    cmyk = Image.new("CMYK", (10, 10), (0, 255, 255, 0))  # print red
    clean = normalise(cmyk)
    assert clean.mode == "RGB" and clean.getpixel((5, 5))[0] > 200 and clean.getpixel((5, 5))[1] < 60


@pytest.mark.parametrize(("mode", "expected"), [("P", "RGBA"), ("LA", "RGBA"), ("L", "RGB"), ("1", "RGB")])
def test_modes_are_converted_and_transparency_kept(mode, expected):
    image = Image.open(io.BytesIO(transparent_palette_png())) if mode == "P" else Image.new(mode, (8, 8))
    if mode == "LA":
        image.putpixel((0, 0), (0, 0))
    assert normalise(image).mode == expected


def tagged_rgba_png() -> bytes:
    """An RGBA logo exported with a colour profile and EXIF: Pillow's PNG encoder would copy the profile."""
    image = Image.new("RGBA", (80, 40), (11, 93, 59, 255))
    image.paste((0, 0, 0, 0), (0, 0, 40, 40))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = SECRET.decode()
    buffer = io.BytesIO()
    image.save(buffer, "PNG", exif=exif, icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    return buffer.getvalue()


@pytest.mark.parametrize("source", [transparent_palette_png, tagged_rgba_png])
def test_transparent_image_keeps_alpha_in_webp_and_png_without_metadata(source):
    clean = normalise(Image.open(io.BytesIO(source())))
    plan = responsive_plan(clean.size, True, WIDTHS, 80)
    assert {r.format for r in plan.renditions} == {"webp", "png"}
    for data in render(clean, plan).values():
        assert_no_metadata(data)
        image = Image.open(io.BytesIO(data)).convert("RGBA")
        assert image.getpixel((5, 20))[3] == 0 and image.getpixel((60, 20))[3] == 255


# -- a real build ---------------------------------------------------------------------------------


def images_of(site) -> dict[str, bytes]:
    return {name: data for name, data in site.files().items() if name.startswith("images/")}


def test_published_images_carry_no_metadata_and_are_upright(site):
    site.write("images/portrait.jpg", phone_photo((600, 400)))
    site.write("actualites/photo.md", "Title: Photo\nDate: 2026-10-02 10:00\n\n"
                                      "[La photo originale]({static}/images/portrait.jpg)\n")
    site.build()
    files = site.files()
    assert not any(name.endswith("portrait.jpg") for name in files)  # the original is never copied
    portraits = {name: data for name, data in images_of(site).items() if name.startswith("images/portrait-")}
    assert sorted(Image.open(io.BytesIO(d)).size for d in portraits.values()) == [(320, 480)] * 2 + [(400, 600)] * 2
    for data in portraits.values():  # the red quarter, top left as stored, is top right once upright
        upright = Image.open(io.BytesIO(data)).convert("RGB")
        width, height = upright.size
        assert upright.getpixel((width * 3 // 4, height // 8))[1] < 60 and upright.getpixel((width // 4, height // 8))[1] > 200
    for data in images_of(site).values():
        assert_no_metadata(data)
    assert not any(SECRET in data for data in files.values())


def test_pages_use_picture_with_size_alt_and_lazy_loading(built):
    portrait = built.html("chercheurs/alice-martin/index.html").find("img", class_="picture-portrait")
    assert portrait["alt"] == "Portrait de Alice Martin"
    assert (portrait["width"], portrait["height"]) == ("120", "120")
    assert "loading" not in portrait.attrs  # first image of the page: not lazy
    assert portrait.find_parent("picture").find("source")["type"] == "image/webp"
    for url in [portrait["src"], *(part.split()[0] for part in portrait["srcset"].split(","))]:
        assert (built.output / url.lstrip("/")).is_file()
    logo = built.html("partenaires/index.html").find("img", class_="picture-logo")
    assert logo["alt"] == "Logo : Université d'Orléans" and logo["loading"] == "lazy"
    assert logo["src"].endswith(".png")  # transparency kept: PNG fallback
    hero = built.html("evenements/sols-vivants/index.html").find("img", class_="picture-hero")
    assert hero["alt"] == "Affiche de la conférence « Les sols vivants »" and "loading" not in hero.attrs
    card = built.html("partenaires/universite/index.html").find("img", class_="picture-thumb")
    assert card["loading"] == "lazy"  # a researcher's card below the partner's own content


def test_generated_posters_and_share_cards_have_their_sizes(built):
    sizes = {name: Image.open(io.BytesIO(data)).size for name, data in images_of(built).items()}
    posters = [size for name, size in sizes.items() if "-affiche-" in name and name.endswith(".jpg")]
    assert (1280, 720) in posters and all(w / h == 1280 / 720 for w, h in posters)
    cards = {name: size for name, size in sizes.items() if "-partage-" in name and name.endswith("-1200.jpg")}
    assert set(cards.values()) == {(1200, 630)}
    # Beside the share card of an item without a picture: the same drawing at card widths, for its cards
    drawn = {size for name, size in sizes.items() if "-partage-" in name and not name.endswith("-1200.jpg")}
    assert drawn == {(320, 168), (640, 336)}
    for slug in ["sols-vivants", "abeilles-et-cafe", "alice-martin", "abeilles-video", "site"]:
        assert any(name.startswith(f"images/{slug}-partage-") for name in cards), slug


def test_missing_font_falls_back_to_pillow(site):
    site.build(ARTWORK_FONTS=("/nonexistent/bold.ttf", "/nonexistent/regular.ttf"))
    cards = [data for name, data in images_of(site).items() if "-partage-" in name and name.endswith("-1200.jpg")]
    assert cards and all(Image.open(io.BytesIO(data)).size == (1200, 630) for data in cards)


# -- the cache ------------------------------------------------------------------------------------


@pytest.fixture
def made(monkeypatch) -> list[str]:
    """Keys of the cache entries made (builds run in one process so the count is seen here)."""
    keys: list[str] = []
    original = store._make_entry

    def counting(job, root):
        keys.append(job.key)
        original(job, root)

    monkeypatch.setattr(store, "_make_entry", counting)
    return keys


def portrait_files(site) -> set[str]:
    return {name for name in site.files() if name.startswith("images/portrait-")}


def test_unchanged_images_are_never_processed_twice(site, made):
    site.build(IMAGE_PROCESSES=1)
    assert len(made) >= 10
    cache = site.root / "cache" / "images"

    def stamps() -> dict:  # the pictures' entries (cached PDFs beside them are touched each time they are used)
        return {path: path.stat().st_mtime_ns for path in cache.glob("*/*/*") if path.is_file()}

    before = stamps()
    made.clear()
    site.build(IMAGE_PROCESSES=1)
    assert made == [] and before
    assert stamps() == before


def cache_entries(site) -> set[str]:
    return {path.name for path in (site.root / "cache" / "images").glob("*/*")}


def test_a_changed_image_is_processed_again_and_the_old_one_leaves(site, made):
    site.build(IMAGE_PROCESSES=1)
    before, entries = portrait_files(site), cache_entries(site)
    made.clear()
    site.write("images/portrait.jpg", phone_photo((300, 200)))
    site.build(IMAGE_PROCESSES=1)
    assert len(made) == 2  # the portrait, and Alice Martin's share card that shows it
    after = portrait_files(site)
    assert after and not after & before
    assert cache_entries(site) - entries == set(made)
    assert len(entries - cache_entries(site)) == 2  # the old entries are pruned


def test_a_removed_image_leaves_nothing_behind(site, made):
    site.build(IMAGE_PROCESSES=1)
    entries = cache_entries(site)
    made.clear()
    (site.content / "images/portrait.jpg").unlink()
    page = site.content / "chercheurs/alice-martin.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Photo: images/portrait.jpg\n", ""), encoding="utf-8")
    site.build(IMAGE_PROCESSES=1)
    assert portrait_files(site) == set()
    assert "picture-portrait" not in site.text("chercheurs/alice-martin/index.html")
    # Alice Martin's share card, now without photo, and her initials, her directory card's picture now
    assert len(made) == 2 and cache_entries(site) - entries == set(made)
    assert len(entries - cache_entries(site)) == 2  # the portrait and the old card are pruned


def test_work_is_spread_over_every_core(site, monkeypatch):
    pools: list[int] = []

    class RecordingPool(store.ProcessPoolExecutor):
        def __init__(self, max_workers=None, **kwargs):
            pools.append(max_workers)
            super().__init__(max_workers=max_workers, **kwargs)

    monkeypatch.setattr(store, "ProcessPoolExecutor", RecordingPool)
    site.build(IMAGE_PROCESSES=2)
    assert pools == [2]
    site.build(IMAGE_PROCESSES=2)
    assert pools == [2]  # nothing left to make: no pool at all


def test_every_core_by_default(site):
    settings = site.settings()
    apply_defaults(settings)
    assert ProgrammeSettings.from_pelican(settings).image_processes == (os.cpu_count() or 1)
    assert Path(ProgrammeSettings.from_pelican(settings).image_cache_path) == site.root / "cache" / "images"

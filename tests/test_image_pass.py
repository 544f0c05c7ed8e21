"""The image pass made cheaper and overlapped with page writing: same derivatives, errors named, no pool left."""

import gc
import io
import multiprocessing
import os
import shutil
from pathlib import Path

import pytest
from PIL import ExifTags, Image, ImageChops, ImageStat
from programme.build import work
from programme.content.contents import Event
from programme.media import artwork as art
from programme.media import store
from programme.media.pipeline import load, render, responsive_plan, single_plan
from programme.outputs import pages, sitemap
from programme.problems import ContentError

from tests.test_images import WIDTHS, assert_no_metadata, images_of

FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def jpeg(size: tuple[int, int], orientation: int = 1) -> bytes:
    """A detailed JPEG (noise, so that any resampling slip would show in sizes, not hide in flat colour)."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    buffer = io.BytesIO()
    Image.effect_noise(size, 60).convert("RGB").save(buffer, "JPEG", quality=90, exif=exif)
    return buffer.getvalue()


# -- derivatives: chained resizing and reduced decoding -------------------------------------------


@pytest.mark.parametrize(("stored", "orientation", "upright"), [
    ((4032, 3024), 1, (4032, 3024)),  # a phone photo: decoded at half size, still above 1600 px
    ((4032, 3024), 6, (3024, 4032)),  # the same stored sideways
    ((1280, 720), 1, (1280, 720)),
    ((1001, 333), 1, (1001, 333)),  # odd sizes: every height rounded as planned
])
def test_every_planned_size_is_made_exactly(tmp_path, stored, orientation, upright):
    path = tmp_path / "photo.jpg"
    path.write_bytes(jpeg(stored, orientation))
    plan = responsive_plan(upright, False, WIDTHS, 80)
    image = load(str(path), plan)
    assert image.size[0] >= plan.largest[0] and image.size[1] >= plan.largest[1]
    assert image.size[0] / image.size[1] == pytest.approx(upright[0] / upright[1], rel=0.01)
    files = render(image, plan)
    assert set(files) == {r.filename for r in plan.renditions}
    for rendition in plan.renditions:
        made = Image.open(io.BytesIO(files[rendition.filename]))
        assert made.size == (rendition.width, rendition.height)
        assert made.format == {"webp": "WEBP", "jpeg": "JPEG"}[rendition.format]
        assert_no_metadata(files[rendition.filename])


def test_a_large_jpeg_is_decoded_reduced_but_never_below_the_largest_size(tmp_path):
    path = tmp_path / "photo.jpg"
    path.write_bytes(jpeg((4032, 3024)))
    assert load(str(path), responsive_plan((4032, 3024), False, WIDTHS, 80)).size == (2016, 1512)
    assert load(str(path), responsive_plan((4032, 3024), False, (320, 2500), 80)).size == (4032, 3024)


def test_chained_sizes_look_like_sizes_made_from_the_original():
    original = Image.effect_noise((1600, 900), 60).convert("RGB")
    plan = responsive_plan(original.size, False, WIDTHS, 95)
    chained = Image.open(io.BytesIO(render(original, plan)["320.jpg"])).convert("L")
    direct = original.resize((320, 180), Image.Resampling.LANCZOS).convert("L")
    assert ImageStat.Stat(ImageChops.difference(chained, direct)).mean[0] < 3  # grey levels out of 255: the same picture


# -- drawn pictures -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["poster", "card", "initials"])
def test_drawn_pictures_need_no_normalising(kind):
    """What `ImageJob.make` relies on to skip `normalise`: plain RGB, no metadata at all."""
    image = art.draw(art.Artwork(kind, "Les abeilles sauvages : une biodiversité méconnue", ("jeudi 3 décembre",),
                                 "Sciences à Orléans", FONTS))
    assert image.mode == "RGB" and image.info == {} and not image.getexif()
    assert image.size == {"poster": art.POSTER_SIZE, "card": art.CARD_SIZE, "initials": art.INITIALS_SIZE}[kind]


def test_share_cards_are_baseline_jpeg_and_page_pictures_progressive(built):
    for name, data in images_of(built).items():
        if name.endswith(".jpg"):
            image = Image.open(io.BytesIO(data))
            assert image.mode == "RGB"
            # share cards (and the cards' pictures drawn with them), and the kits' pictures drawn like them
            card = "-partage-" in name or "-kit-" in name
            assert ("progressive" in image.info) == (not card), name


def test_share_card_plan_keeps_one_file_at_its_size():
    plan = single_plan(art.CARD_SIZE, "jpeg", 80)
    image = art.draw(art.Artwork("card", "Titre", (), "Sciences à Orléans", FONTS))
    files = render(image, plan)
    assert list(files) == ["1200.jpg"] and Image.open(io.BytesIO(files["1200.jpg"])).size == (1200, 630)


def test_fonts_are_loaded_once_per_size(monkeypatch):
    art._font.cache_clear()
    for _ in range(3):
        art.draw(art.Artwork("card", "Titre", ("Ligne",), "Sciences à Orléans", FONTS))
    info = art._font.cache_info()
    assert info.hits > 0 and info.misses < 2 * info.hits


# -- the pass runs beside page writing, fails loudly, and leaves no worker behind -----------------


def truncated_jpeg() -> bytes:
    """Opens and verifies, but its pixels cannot all be decoded: an upload cut short."""
    data = jpeg((300, 200))
    return data[: len(data) // 2]


def test_a_truncated_image_is_a_content_problem_named_by_file_and_field_before_any_worker(site):
    site.write("images/portrait.jpg", truncated_jpeg())
    with pytest.raises(ContentError) as error:
        site.build(IMAGE_PROCESSES=2)
    assert [(p.path, p.field) for p in error.value.problems] == [("chercheurs/alice-martin.md", "Photo")]
    assert "tronquée" in error.value.problems[0].message
    assert multiprocessing.active_children() == []
    from programme.build.check import check_site
    assert [(p.path, p.field) for p in check_site(site.settings()).problems] == [("chercheurs/alice-martin.md", "Photo")]


@pytest.mark.parametrize("processes", [1, 2])
def test_an_image_that_cannot_be_made_fails_the_build_naming_it(site, processes, monkeypatch):
    real = store.ImageJob.make

    def failing(job):
        if job.path.endswith("portrait.jpg"):
            raise OSError("encoder error -2")
        return real(job)

    monkeypatch.setattr(store.ImageJob, "make", failing)  # the workers are forked: they fail too
    with pytest.raises(store.ImageError, match=r"portrait\.jpg.*encoder error"):
        site.build(IMAGE_PROCESSES=processes)
    assert multiprocessing.active_children() == []
    assert not list((site.root / "cache" / "images").glob("*/.partial-*"))


def test_images_are_made_while_pages_are_written(site, monkeypatch):
    events: list[str] = []

    class RecordingPool(store.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            events.append("pool")
            super().__init__(*args, **kwargs)

    write_all = pages.write_all
    monkeypatch.setattr(store, "ProcessPoolExecutor", RecordingPool)
    monkeypatch.setattr(pages, "write_all", lambda *args: events.append("pages") or write_all(*args))
    site.build(IMAGE_PROCESSES=2)
    assert events == ["pool", "pages"]
    assert any("-partage-" in name for name in images_of(site))


def test_cached_derivatives_go_in_while_the_made_ones_wait_for_their_workers(site, monkeypatch):
    placed_by_then: list[set[str]] = []  # the derivatives in the output when the sitemap is written (after the pages)
    write = sitemap.write

    def spy(site):
        placed_by_then.append({path.name for path in Path(site.output_path, "images").glob("*")})
        return write(site)

    monkeypatch.setattr(sitemap, "write", spy)
    site.build(IMAGE_PROCESSES=1)  # nothing cached: every derivative waits for the pass
    published = {name.removeprefix("images/") for name in images_of(site)}
    assert placed_by_then == [set()] and any("-partage-" in name for name in published)

    shutil.rmtree(site.output)  # the cache kept: every derivative is already made
    site.build(IMAGE_PROCESSES=1)
    assert placed_by_then[1] == published == {name.removeprefix("images/") for name in images_of(site)}


def test_a_build_failing_while_images_are_made_leaves_no_worker(site, monkeypatch):
    def broken(*args):
        raise RuntimeError("a template failed")

    monkeypatch.setattr(pages, "write_all", broken)
    with pytest.raises(RuntimeError, match="a template failed"):
        site.build(IMAGE_PROCESSES=2)
    assert multiprocessing.active_children() == []
    monkeypatch.undo()
    site.build(IMAGE_PROCESSES=2)  # the next build (live reload runs it in the same process) is whole
    assert any("-partage-" in name for name in images_of(site))


# -- a first build forks its image workers before reading the content -----------------------------

MAKE_ENTRIES = store._make_entries
HELD_REPORTS = "PROGRAMME_TEST_HELD_REPORTS"


def making_entries_reporting_held_events(jobs, root):
    """`store._make_entries`, in a worker that first writes down whether it holds any event of the build
    (read from the site beside the reports: earlier tests' events may still be in memory)."""
    reports = Path(os.environ[HELD_REPORTS])
    held = any(isinstance(thing, Event) and Path(thing.source_path).is_relative_to(reports.parent)
               for thing in gc.get_objects())
    (reports / str(os.getpid())).write_text(str(held))
    return MAKE_ENTRIES(jobs, root)


def test_early_workers_start_only_for_an_empty_cache_and_more_than_one_process(tmp_path):
    cache = tmp_path / "images"
    assert store.early_workers(cache, 1) is None
    pool = store.early_workers(cache, 2)
    assert pool is not None and len(multiprocessing.active_children()) == 2  # forked now, before any image
    store.stop_abandoned()
    assert multiprocessing.active_children() == []
    (cache / "ab" / "abcdef").mkdir(parents=True)
    assert store.early_workers(cache, 2) is None


def test_a_first_builds_image_workers_carry_none_of_the_content_a_later_pool_does(site, tmp_path, monkeypatch):
    reports = tmp_path / "held"
    reports.mkdir()
    monkeypatch.setenv(HELD_REPORTS, str(reports))
    monkeypatch.setattr(store, "_make_entries", making_entries_reporting_held_events)
    monkeypatch.setattr(work, "EARLY_IMAGE_WORKERS_FROM", 1)
    site.build(IMAGE_PROCESSES=2)  # the cache is empty: workers forked before reading
    early = {report.read_text() for report in reports.iterdir()}

    for report in reports.iterdir():
        report.unlink()
    entries = sorted(path for path in (site.root / "cache" / "images").glob("*/*") if path.is_dir())  # not the PDFs
    for entry in entries[1:]:  # one entry kept: the cache is not empty, the pool starts when the images are due
        shutil.rmtree(entry)
    site.build(IMAGE_PROCESSES=2)
    late = {report.read_text() for report in reports.iterdir()}
    assert early == {"False"} and late == {"True"}
    assert multiprocessing.active_children() == []


def test_a_build_stopped_by_its_content_stops_its_early_workers(site, monkeypatch):
    monkeypatch.setattr(work, "EARLY_IMAGE_WORKERS_FROM", 1)
    site.write("evenements/casse.md", "Title: Cassé\nStart: pas une date\n\nTexte.")
    with pytest.raises(ContentError):
        site.build(IMAGE_PROCESSES=2)
    assert multiprocessing.active_children() == []

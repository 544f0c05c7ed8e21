"""`staging`: the output ends up holding exactly the staged files, and unchanged files are not touched."""

import os

import pytest
from pelican.writers import FileOverwriteFailedError

from programme import staging
from programme.staging import StagingWriter, stage_in, sync, write_bytes


def tree(root) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def put(root, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_first_sync_moves_everything_over(tmp_path):
    staged, final = tmp_path / "staged", tmp_path / "final"
    put(staged, {"index.html": "accueil", "evenements/a/index.html": "a", "evenements/b/index.html": "b"})
    expected = tree(staged)
    sync(staged, final)
    assert tree(final) == expected
    assert tree(staged) == {}


def test_unchanged_files_keep_their_inode_and_mtime_changed_ones_are_replaced(tmp_path):
    staged, final = tmp_path / "staged", tmp_path / "final"
    put(final, {"same/index.html": "même", "changed/index.html": "avant"})
    os.utime(final / "same/index.html", ns=(1, 1_000_000_000))
    before = (final / "same/index.html").stat()
    put(staged, {"same/index.html": "même", "changed/index.html": "après"})
    sync(staged, final)
    after = (final / "same/index.html").stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert (final / "changed/index.html").read_text() == "après"
    assert tree(staged) == {} and (staged / "same").is_dir()


def test_stale_files_and_emptied_folders_go_kept_names_stay(tmp_path):
    staged, final = tmp_path / "staged", tmp_path / "final"
    put(final, {"old/index.html": "x", "deep/er/gone.html": "x", "deep/kept.html": "k", ".git/HEAD": "ref", "r.txt": "r"})
    put(staged, {"deep/kept.html": "k"})
    sync(staged, final, keep=[".git"])
    assert tree(final) == {"deep/kept.html": b"k", ".git/HEAD": b"ref"}
    assert not (final / "old").exists() and not (final / "deep/er").exists()


def test_unchanged_paths_stay_as_published_and_only_they_in_folders_the_build_left_alone(tmp_path):
    staged, final = tmp_path / "staged", tmp_path / "final"
    put(final, {"pagefind/a.js": "a", "pagefind/fragment/f": "f", "pagefind/lots/2/x": "x", "pagefind/lots/3/y": "y",
                "pagefind/old.js": "o", "index.html": "i"})
    put(staged, {"pagefind/lots.json": "[]", "pagefind/a.js": "stale", "index.html": "i"})  # no lots/ staged
    kept = final / "pagefind/lots/2/x"
    before = kept.stat()
    sync(staged, final, unchanged=["pagefind/a.js", "pagefind/fragment", "pagefind/lots/2"])
    assert tree(final) == {"pagefind/a.js": b"a", "pagefind/fragment/f": b"f", "pagefind/lots/2/x": b"x",
                           "pagefind/lots.json": b"[]", "index.html": b"i"}
    assert (kept.stat().st_ino, kept.stat().st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert tree(staged) == {}  # nothing staged under an unchanged path waits to be published by a later build


def test_a_folder_can_become_a_file_and_back(tmp_path):
    staged, final = tmp_path / "staged", tmp_path / "final"
    put(final, {"agenda/index.html": "dossier"})
    put(staged, {"agenda": "fichier"})
    sync(staged, final)
    assert tree(final) == {"agenda": b"fichier"}
    staged2 = tmp_path / "staged2"
    put(staged2, {"agenda/index.html": "dossier"})
    sync(staged2, final)
    assert tree(final) == {"agenda/index.html": b"dossier"}


def test_a_rebuild_reuses_the_staging_folders_and_a_failed_build_leaves_nothing_behind(site):
    from conftest import pelican_error_while_writing
    from programme.staging import BuildFailed

    site.build()  # the first build moves its folders over whole
    site.build()
    staging = site.root / ".output.staging"
    assert (staging / "evenements/sols-vivants").is_dir()
    assert [p.name for p in staging.rglob("*") if not p.is_dir()] == [".published"]
    published = site.files()
    site.write("evenements/temporaire.md", "Title: Temporaire\nDate: 2026-12-20 10:00\nVenue: museum\n\nTexte.")
    with pelican_error_while_writing(), pytest.raises(BuildFailed):
        site.build()  # everything was staged, nothing published
    assert (staging / "evenements/temporaire/index.html").is_file()
    (site.content / "evenements/temporaire.md").unlink()
    site.build()
    assert site.files() == published


def test_a_file_with_the_published_bytes_is_staged_as_a_link_to_it(tmp_path):
    staged, final = tmp_path / "staged", tmp_path / "final"
    put(final, {"same/index.html": "même", "changed/index.html": "avant"})
    os.utime(final / "same/index.html", ns=(1, 1_000_000_000))
    before = (final / "same/index.html").stat()
    settings = {}
    stage_in(settings, str(staged), str(final))
    for relative, text in {"same/index.html": "même", "changed/index.html": "après", "new/index.html": "neuf"}.items():
        (staged / relative).parent.mkdir(parents=True, exist_ok=True)
        write_bytes(settings, str(staged / relative), text.encode())
    assert os.path.samefile(staged / "same/index.html", final / "same/index.html")  # no new file for it
    assert not os.path.samefile(staged / "changed/index.html", final / "changed/index.html")
    assert (final / "changed/index.html").read_text() == "avant"  # nothing published before the build succeeds
    sync(staged, final)
    after = (final / "same/index.html").stat()
    assert (after.st_ino, after.st_mtime_ns, after.st_nlink) == (before.st_ino, before.st_mtime_ns, 1)
    assert tree(final) == {"changed/index.html": b"apr\xc3\xa8s", "new/index.html": b"neuf", "same/index.html": b"m\xc3\xaame"}
    assert tree(staged) == {}


def test_a_staged_link_written_again_is_replaced_never_written_through(tmp_path):
    staged, final = tmp_path / "staged", tmp_path / "final"
    put(final, {"index.html": "publié"})
    staged.mkdir()
    settings = {}
    stage_in(settings, str(staged), str(final))
    write_bytes(settings, str(staged / "index.html"), "publié".encode())  # a link to the published file…
    write_bytes(settings, str(staged / "index.html"), b"second")  # …then other bytes for the same path
    assert (final / "index.html").read_text() == "publié"
    assert (staged / "index.html").read_bytes() == b"second"


def test_outside_a_staging_folder_files_are_simply_written(tmp_path):
    write_bytes({}, str(tmp_path / "robots.txt"), b"un")
    write_bytes({}, str(tmp_path / "robots.txt"), b"deux")
    assert (tmp_path / "robots.txt").read_bytes() == b"deux"


def _staged_links(monkeypatch) -> list[dict[str, bool]]:
    """For each publication: every staged file, and whether it is a link to the published one."""
    seen = []
    real = staging.sync

    def noting(staged, final, *args, **kwargs):
        seen.append({path.relative_to(staged).as_posix(): (final / path.relative_to(staged)).is_file()
                     and os.path.samefile(path, final / path.relative_to(staged))
                     for path in staged.rglob("*") if path.is_file() and path.name != staging.PUBLISHED_MARK})
        return real(staged, final, *args, **kwargs)

    monkeypatch.setattr(staging, "sync", noting)
    return seen


def test_a_rebuild_stages_what_did_not_change_as_links_and_writes_what_did(site, monkeypatch):
    site.build()
    seen = _staged_links(monkeypatch)
    site.build()
    site.edit("evenements/sols-vivants.md", "vie des sols", "vie cachée des sols")
    site.build()
    unchanged, edited = seen
    written = {path for path, linked in unchanged.items() if not linked}
    # Pages (Pelican's writer), calendars and feeds (the forked process), sitemap and robots.txt alike; what
    # is written again is the search index (no content cache here) and the static files Pelican copies.
    assert [path for path in written if not path.startswith(("pagefind/", "theme/"))
            and not (site.content / path).is_file()] == []
    assert all(unchanged[path] for path in ("index.html", "evenements/sols-vivants.ics", "agenda.ics",
                                            "flux/agenda.atom", "flux/agenda.rss", "sitemap.xml", "robots.txt"))
    assert not edited["evenements/sols-vivants/index.html"]  # new bytes: a new file
    assert edited["evenements/abeilles-et-cafe/index.html"] and edited["mentions-legales/index.html"]


def test_our_writer_keeps_pelicans_rules_for_a_file_written_twice(tmp_path):
    staged, final = tmp_path / "staged", tmp_path / "final"
    put(final, {"index.html": "publié"})
    settings = {}
    stage_in(settings, str(staged), str(final))
    writer = StagingWriter(str(staged), settings)
    path = str(staged / "index.html")
    staged.mkdir()
    with writer._open_w(path, "utf-8") as file:
        file.write("publié")
    with pytest.raises(FileOverwriteFailedError):
        writer._open_w(path, "utf-8")
    with writer._open_w(path, "utf-8", override=True) as file:  # one write may override…
        file.write("remplacé")
    with writer._open_w(path, "utf-8") as file:  # …and the next ones are skipped
        file.write("ignoré")
    assert (staged / "index.html").read_text() == "remplacé"
    assert (final / "index.html").read_text() == "publié"  # the first write was a link: replaced, not written through

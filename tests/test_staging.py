"""`staging.sync`: the output ends up holding exactly the staged files, and unchanged files are not touched."""

import os

import pytest

from programme.staging import sync


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
    from programme.staging import BuildFailed

    site.build()  # the first build moves its folders over whole
    site.build()
    staging = site.root / ".output.staging"
    assert (staging / "evenements/sols-vivants").is_dir()
    assert [p.name for p in staging.rglob("*") if not p.is_dir()] == [".published"]
    published = site.files()
    site.write("evenements/temporaire.md", "Title: Temporaire\nDate: 2026-12-20 10:00\nVenue: museum\n\nTexte.")
    site.write("actualites/cassee.md", "Title: Cassée\nDate: pas une date\n\nTexte.")
    with pytest.raises(BuildFailed):
        site.build()  # everything was staged, nothing published
    assert (staging / "evenements/temporaire/index.html").is_file()
    (site.content / "evenements/temporaire.md").unlink()
    (site.content / "actualites/cassee.md").unlink()
    site.build()
    assert site.files() == published

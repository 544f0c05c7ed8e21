"""`staging`: the output ends up holding exactly the staged files, and unchanged files are not touched."""

import errno
import os
import signal

import pytest
from pelican.writers import FileOverwriteFailedError
from programme.build import staging, swap
from programme.build.staging import StagingWriter, clear, complete, replace_output, stage_in, write_bytes


def tree(root) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def put(root, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_a_first_publication_moves_everything_over(tmp_path):
    staged, final = tmp_path / "staged", tmp_path / "final"
    put(staged, {"index.html": "accueil", "evenements/a/index.html": "a", "evenements/b/index.html": "b"})
    expected = tree(staged)
    replace_output(staged, final)
    assert tree(final) == expected
    assert not staged.exists()  # renamed into place: nothing was copied


def test_unchanged_files_keep_their_inode_and_mtime_changed_ones_are_replaced(tmp_path):
    staged, final = tmp_path / "staged", tmp_path / "final"
    put(final, {"same/index.html": "même", "changed/index.html": "avant"})
    os.utime(final / "same/index.html", ns=(1, 1_000_000_000))
    before = (final / "same/index.html").stat()
    put(staged, {"same/index.html": "même", "changed/index.html": "après"})
    replace_output(staged, final)
    after = (final / "same/index.html").stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert (final / "changed/index.html").read_text() == "après"
    assert tree(staged) == {"same/index.html": "même".encode(), "changed/index.html": b"avant"}  # the previous site


def test_stale_files_and_emptied_folders_go_kept_names_stay(tmp_path):
    staged, final = tmp_path / "staged", tmp_path / "final"
    put(final, {"old/index.html": "x", "deep/er/gone.html": "x", "deep/kept.html": "k", ".git/HEAD": "ref", "r.txt": "r"})
    put(staged, {"deep/kept.html": "k", "empty/er/est": "x"})
    (staged / "empty/er/est").unlink()  # a folder left empty is not published
    head = (final / ".git/HEAD").stat()
    replace_output(staged, final, keep=[".git"])
    assert tree(final) == {"deep/kept.html": b"k", ".git/HEAD": b"ref"}
    assert not (final / "old").exists() and not (final / "deep/er").exists() and not (final / "empty").exists()
    assert (final / ".git/HEAD").stat().st_ino == head.st_ino


def test_unchanged_paths_stay_as_published_and_only_they_in_folders_the_build_left_alone(tmp_path):
    staged, final = tmp_path / "staged", tmp_path / "final"
    put(final, {"pagefind/a.js": "a", "pagefind/fragment/f": "f", "pagefind/lots/2/x": "x", "pagefind/lots/3/y": "y",
                "pagefind/old.js": "o", "index.html": "i"})
    put(staged, {"pagefind/lots.json": "[]", "pagefind/a.js": "stale", "index.html": "i"})  # no lots/ staged
    kept = final / "pagefind/lots/2/x"
    before = kept.stat()
    replace_output(staged, final, unchanged=["pagefind/a.js", "pagefind/fragment", "pagefind/lots/2"])
    assert tree(final) == {"pagefind/a.js": b"a", "pagefind/fragment/f": b"f", "pagefind/lots/2/x": b"x",
                           "pagefind/lots.json": b"[]", "index.html": b"i"}
    kept = final / "pagefind/lots/2/x"
    assert (kept.stat().st_ino, kept.stat().st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_a_folder_can_become_a_file_and_back(tmp_path):
    staged, final = tmp_path / "staged", tmp_path / "final"
    put(final, {"agenda/index.html": "dossier"})
    put(staged, {"agenda": "fichier"})
    replace_output(staged, final)
    assert tree(final) == {"agenda": b"fichier"}
    clear(staged)  # the previous site's files go, its folders stay, as at the start of a build
    assert (staged / "agenda").is_dir()
    settings = {}
    stage_in(settings, str(staged), str(final))
    write_bytes(settings, str(staged / "agenda"), b"encore un fichier")  # where an empty folder stands
    replace_output(staged, final)
    assert tree(final) == {"agenda": b"encore un fichier"}
    staged2 = tmp_path / "staged2"
    put(staged2, {"agenda/index.html": "dossier"})
    replace_output(staged2, final)
    assert tree(final) == {"agenda/index.html": b"dossier"}


def test_a_rebuild_reuses_the_staging_folders_and_a_failed_build_leaves_nothing_behind(site):
    from conftest import pelican_error_while_writing
    from programme.build.staging import BuildFailed

    site.build()  # the first build is renamed into place whole
    site.build()
    staging = site.root / ".output.staging"
    published = site.files()
    previous = {p.relative_to(staging).as_posix(): p for p in staging.rglob("*") if p.is_file()}
    assert {name: path.read_bytes() for name, path in previous.items()} == published  # the previous site, whole
    # Nothing changed: but for the static files Pelican copies and the search index (no content cache
    # here), the previous site's files are the published ones, not copies.
    assert [name for name, path in previous.items() if not name.startswith(("pagefind/", "theme/"))
            and not os.path.samefile(path, site.output / name)] == []
    site.write("evenements/temporaire.md", "Title: Temporaire\nDate: 2026-12-20 10:00\nVenue: museum\n\nTexte.")
    with pelican_error_while_writing(), pytest.raises(BuildFailed):
        site.build()  # everything was staged, nothing published
    assert site.files() == published
    assert (staging / "evenements/temporaire/index.html").is_file()
    (site.content / "evenements/temporaire.md").unlink()
    site.build()
    assert site.files() == published
    assert not (site.output / "evenements/temporaire").exists()


def test_starting_a_build_empties_the_staging_folder_but_keeps_its_folders(tmp_path):
    staged, elsewhere = tmp_path / "staged", tmp_path / "elsewhere"
    put(staged, {"index.html": "i", "a/b/index.html": "b"})
    put(elsewhere, {"precious.html": "p"})
    (staged / "a/link").symlink_to(elsewhere)
    clear(staged)
    assert tree(staged) == {} and (staged / "a/b").is_dir() and not (staged / "a/link").exists()
    assert tree(elsewhere) == {"precious.html": b"p"}  # a link's target is never emptied


def test_a_staged_copy_of_a_published_file_is_replaced_by_the_published_file(tmp_path):
    staged, final = tmp_path / "staged", tmp_path / "final"
    put(final, {"theme/css/site.css": "body{}", "pagefind/x.pf_meta": "m"})
    os.utime(final / "theme/css/site.css", ns=(1, 1_000_000_000))
    before = (final / "theme/css/site.css").stat()
    put(staged, {"theme/css/site.css": "body{}", "pagefind/x.pf_meta": "autre"})  # copies, as Pelican and Pagefind make
    complete(staged, final)
    assert os.path.samefile(staged / "theme/css/site.css", final / "theme/css/site.css")
    assert not os.path.samefile(staged / "pagefind/x.pf_meta", final / "pagefind/x.pf_meta")
    swap.switch(staged, final)
    after = (final / "theme/css/site.css").stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert tree(final) == {"theme/css/site.css": b"body{}", "pagefind/x.pf_meta": b"autre"}


def test_the_output_stays_a_real_folder_and_the_switch_is_one_exchange(tmp_path, monkeypatch):
    staged, final = tmp_path / "staged", tmp_path / "final"
    put(final, {"index.html": "ancien"})
    put(staged, {"index.html": "nouveau"})
    folder = final.stat().st_ino
    renames = []
    monkeypatch.setattr(swap.os, "rename", lambda *args: renames.append(args))  # the fallback would use these
    replace_output(staged, final)
    assert renames == []
    assert final.is_dir() and not final.is_symlink() and final.stat().st_ino != folder
    assert (final / "index.html").read_text() == "nouveau" and (staged / "index.html").read_text() == "ancien"


@pytest.fixture
def without_exchange(monkeypatch):
    """A system where renameat2 cannot exchange (another OS, another file system)."""

    def refuse(first, second):
        raise OSError(errno.EINVAL, "Invalid argument")

    monkeypatch.setattr(swap, "exchange", refuse)


def test_without_the_exchange_the_output_is_renamed_aside_then_replaced(tmp_path, without_exchange):
    staged, final = tmp_path / "staged", tmp_path / "final"
    put(final, {"index.html": "ancien", "same.html": "même"})
    put(staged, {"index.html": "nouveau", "same.html": "même"})
    same = (final / "same.html").stat().st_ino
    replace_output(staged, final)
    assert tree(final) == {"index.html": b"nouveau", "same.html": "même".encode()}
    assert (final / "same.html").stat().st_ino == same
    assert tree(staged) == {"index.html": b"ancien", "same.html": "même".encode()}
    assert not swap.aside_path(final).exists()


def test_ctrl_c_during_the_fallback_switch_takes_effect_once_the_output_is_whole(tmp_path, without_exchange, monkeypatch):
    staged, final = tmp_path / "staged", tmp_path / "final"
    put(final, {"index.html": "ancien"})
    put(staged, {"index.html": "nouveau"})
    rename = os.rename

    def interrupted(source, target):
        rename(source, target)
        if source == final:  # the output is aside: the worst moment for Ctrl+C
            signal.raise_signal(signal.SIGINT)

    monkeypatch.setattr(swap.os, "rename", interrupted)
    with pytest.raises(KeyboardInterrupt):
        replace_output(staged, final)
    assert tree(final) == {"index.html": b"nouveau"}


def test_a_kill_between_the_fallbacks_renames_is_repaired_by_the_next_build(site, without_exchange):
    site.build()
    published = site.files()
    aside = swap.aside_path(site.output)
    site.output.rename(aside)  # what a kill -9 right after the first rename leaves
    assert not site.output.exists()
    site.edit("evenements/sols-vivants.md", "vie des sols", "vie cachée des sols")
    site.build()
    assert not aside.exists()
    assert "vie cachée des sols" in site.text("evenements/sols-vivants/index.html")
    assert {name for name in site.files() if not name.startswith("pagefind/")} == \
        {name for name in published if not name.startswith("pagefind/")}
    assert site.files()["mentions-legales/index.html"] == published["mentions-legales/index.html"]


def test_recovery_puts_the_previous_site_back_or_out_of_the_way(tmp_path):
    staged, final = tmp_path / "staged", tmp_path / "final"
    aside = swap.aside_path(final)
    put(aside, {"index.html": "ancien"})
    put(staged, {"index.html": "nouveau"})
    swap.recover(staged, final)  # killed between the renames: the previous site comes back
    assert tree(final) == {"index.html": b"ancien"} and not aside.exists()
    put(aside, {"index.html": "plus ancien"})
    staged.rename(tmp_path / "gone")
    swap.recover(staged, final)  # killed after the second rename: the previous site becomes the staging folder
    assert tree(staged) == {"index.html": b"plus ancien"} and tree(final) == {"index.html": b"ancien"}
    final.rename(aside)
    final.mkdir()  # the preview makes the output it serves before building
    swap.recover(staged, final)
    assert tree(final) == {"index.html": b"ancien"} and not aside.exists()


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
    replace_output(staged, final)
    after = (final / "same/index.html").stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert tree(final) == {"changed/index.html": b"apr\xc3\xa8s", "new/index.html": b"neuf", "same/index.html": b"m\xc3\xaame"}
    clear(staged)  # the next build starts from the previous site's folders, its files gone
    assert (final / "same/index.html").stat().st_nlink == 1


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
    real = staging.complete

    def noting(staged, final, *args, **kwargs):
        seen.append({path.relative_to(staged).as_posix(): (final / path.relative_to(staged)).is_file()
                     and os.path.samefile(path, final / path.relative_to(staged))
                     for path in staged.rglob("*") if path.is_file()})
        return real(staged, final, *args, **kwargs)

    monkeypatch.setattr(staging, "complete", noting)
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

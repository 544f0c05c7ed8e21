"""Settings: defaults applied once, and a content cache that never outlives the code that wrote it."""

import copy
import gzip

from programme.build import configure


def test_cache_folder_depends_on_markdown_settings_and_applying_twice_changes_nothing(site):
    first = site.settings()
    configure.apply_defaults(first)
    again = copy.copy(first)
    configure.apply_defaults(again)
    assert again["CACHE_PATH"] == first["CACHE_PATH"]
    assert first["CACHE_PATH"].startswith(str(site.root / "cache" / "content-"))
    assert first["IMAGE_CACHE_PATH"] == str(site.root / "cache" / "images")  # images outlive code changes
    other = site.settings(MARKDOWN={"extensions": ["markdown.extensions.toc"]})
    configure.apply_defaults(other)
    assert other["CACHE_PATH"] != first["CACHE_PATH"]


def test_a_cache_written_by_other_code_is_never_read(site):
    settings = site.settings()
    configure.apply_defaults(settings)
    stale = site.root / "cache" / "ArticlesGenerator-Readers"  # where an unversioned cache would be
    stale.parent.mkdir(parents=True)
    # What an older version of the plugin left: a pickle naming a function that no longer exists.
    stale.write_bytes(gzip.compress(b"cprogramme.assets\nremoved_function\n."))
    site.build(CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True)
    site.build(CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True)  # the second build reads its own cache
    assert "Les sols vivants" in site.text("evenements/sols-vivants/index.html")

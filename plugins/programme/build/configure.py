"""Pelican's settings completed for our plugin: defaults, template helpers, Markdown extension, caches."""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from pelican import __version__ as pelican_version

from ..content import sources
from ..outputs import pdf, theme
from ..settings import DEFAULTS, IMAGE_CACHE_FOLDER, JINJA_EXTENSIONS, KIND_NAMES, MARKDOWN_EXTENSIONS

PLUGIN_ROOT = Path(__file__).parents[1]
logger = logging.getLogger(__name__)


def apply_defaults(settings: dict) -> None:
    """Fill in every setting the site did not give, and keep our folders away from Pelican's readers."""
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    _without_pdfs_if_no_engine(settings)
    settings["JINJA_FILTERS"] = {**settings.get("JINJA_FILTERS", {}), **theme.filters(settings)}
    settings["JINJA_GLOBALS"] = {**settings.get("JINJA_GLOBALS", {}), **theme.template_globals(settings)}
    # Pelican's own default ("**/.*") matches no file name: dotfiles would be published. `SITE_IGNORE_FILES`
    # keeps the site's own patterns, to which each build adds the names of links found in content/.
    own = settings.setdefault("SITE_IGNORE_FILES", list(settings.get("IGNORE_FILES", [])))
    settings["IGNORE_FILES"] = [*own, *sources.IGNORED]
    markdown = settings.get("MARKDOWN", {})
    extensions = [*markdown.get("extensions", []), *MARKDOWN_EXTENSIONS]
    settings["MARKDOWN"] = {**markdown, "extensions": list(dict.fromkeys(extensions))}
    ours = [folder for kind in KIND_NAMES for folder in settings[f"{kind}_PATHS"]]
    for key in ("ARTICLE_EXCLUDES", "PAGE_EXCLUDES"):
        settings[key] = sorted(set(settings.get(key, [])) | set(ours))
    root = settings.setdefault("PROGRAMME_CACHE_ROOT", settings.get("CACHE_PATH", "cache"))
    settings["IMAGE_CACHE_PATH"] = settings["IMAGE_CACHE_PATH"] or os.path.join(root, IMAGE_CACHE_FOLDER)
    settings["CACHE_PATH"] = os.path.join(root, f"content-{code_version(settings)}")
    _tune_jinja(settings)  # after CACHE_PATH: compiled templates are cached beside the content


def _without_pdfs_if_no_engine(settings: dict) -> None:
    """A machine without Pango (WeasyPrint's) still builds the site, without its printable programmes nor the
    links to them: said once, with what to install."""
    if not (settings["MONTH_PDFS"] or settings["PROGRAMME_PDF_NAME"]) or not pdf.missing_libraries():
        return
    settings["MONTH_PDFS"] = False
    settings["PROGRAMME_PDF_NAME"] = ""
    logger.warning("Les programmes imprimables (PDF) ne sont pas faits : il manque à cet ordinateur %s, dont "
                   "WeasyPrint a besoin. Installez-les (Debian : apt-get install libpango-1.0-0 libpangoft2-1.0-0 "
                   "libharfbuzz-subset0) ; le reste du site est construit.", ", ".join(pdf.missing_libraries()))


def code_version(settings: dict) -> str:
    """A fingerprint of what Pelican's content cache depends on besides the files themselves.

    Pelican pickles content objects, our classes and the settings (Markdown extensions included) into
    its cache and trusts it while the files' mtimes are unchanged: after an update of the plugin, a
    cache written by the old code would be stale, or could not even be read back. So each version of
    the code gets its own cache folder.
    """
    digest = hashlib.sha256(pelican_version.encode())
    for path in sorted(PLUGIN_ROOT.rglob("*.py")):
        digest.update(path.read_bytes())
    digest.update(json.dumps(settings.get("MARKDOWN", {}), sort_keys=True, default=str).encode())
    return digest.hexdigest()[:12]


def _tune_jinja(settings: dict) -> None:
    """Our template tags; and no template work that cannot change the output within a build."""
    jinja = settings["JINJA_ENVIRONMENT"] = dict(settings.get("JINJA_ENVIRONMENT", {}))
    extensions = jinja.get("extensions", [])
    jinja["extensions"] = [*extensions, *(name for name in JINJA_EXTENSIONS if name not in extensions)]
    jinja.setdefault("auto_reload", False)  # templates do not change during a build: no stat at every render
    if settings.get("CACHE_CONTENT") and "bytecode_cache" not in jinja:  # compiled templates, checked by checksum
        folder = os.path.join(settings["CACHE_PATH"], "templates")
        os.makedirs(folder, exist_ok=True)
        jinja["bytecode_cache"] = FileSystemBytecodeCache(folder)

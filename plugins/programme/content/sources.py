"""Which files under content/ a build may read, and where a path written in content may lead.

Staff are trusted but not careful, and git stores a symbolic link as readily as a file: nothing outside
content/ may be read or published through one. So the tree is walked without following links: a link
is a problem that names its path, while hidden and editor files (`.#x.md`, `~$x.docx`, `x.swp`,
`.DS_Store`) are skipped silently and never published. Every path written in a field or a body
(`resolve`) must reach a regular file under content/ component by component, never through a link,
a hidden folder or `..` above the root.
"""

from __future__ import annotations

import difflib
import fnmatch
import glob
import os
import posixpath
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..problems import FieldError, Problem

# Hidden, editor and system files: never read, never published, never reported.
IGNORED = (".*", "~$*", "*~", "*.swp", "*.swo", "Thumbs.db", "desktop.ini", "__pycache__")
# Files that look like Markdown by their name: one that no reader takes is a warning, not a silent drop.
MARKDOWN_LOOKALIKES = (".md", ".markdown", ".mkd", ".mdown", ".md.txt")
# What content/media/ publishes is documents: a browser would run these as the site's own code.
CODE_SUFFIXES = (".js", ".mjs", ".cjs", ".html", ".htm", ".xhtml", ".shtml", ".svg", ".svgz", ".xml", ".xsl", ".php",
                 ".phtml", ".cgi", ".pl", ".py", ".sh", ".wasm", ".swf", ".jsp", ".asp", ".aspx", ".htaccess")
OUTSIDE_HINT = "donnez un chemin depuis le dossier content/, ex. « images/evenements/affiche.jpg »."


class OutsideContent(FieldError):
    """A path that leaves content/: `..` above it, or a drive."""


def is_ignored(name: str) -> bool:
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in IGNORED)


@dataclass(frozen=True)
class ContentTree:
    """What a walk of content/ found that the build must not read, or should say it does not read."""

    links: tuple[str, ...] = ()  # content-relative paths of symbolic links (files or folders)
    misnamed: tuple[str, ...] = ()  # paths whose name is not UTF-8 (as the system gives it, undecodable bytes escaped)
    code: tuple[str, ...] = ()  # files under a published static folder that a browser would run
    unread: tuple[tuple[str, str], ...] = ()  # (path, the name it should have) of Markdown no reader takes
    problems: list[Problem] = field(default_factory=list)

    def ignore_patterns(self) -> list[str]:
        """Pelican's `IGNORE_FILES` (matched against each file and folder name): ours, plus every link's name."""
        return [*IGNORED, *(glob.escape(posixpath.basename(path)) for path in (*self.links, *self.misnamed))]


def scan(root: Path, read_folders: dict[str, tuple[str, ...]], static_folders: list[str]) -> ContentTree:
    """Walk `root` without following links. `read_folders` maps each folder Markdown is read from to the
    suffixes its reader takes (case counts, as in Pelican); `static_folders` are published as they are."""
    links: list[str] = []
    misnamed: list[str] = []
    code: list[str] = []
    unread: list[tuple[str, str]] = []
    for folder, folders, files in os.walk(root):
        relative_folder = os.path.relpath(folder, root).replace(os.sep, "/")
        relative_folder = "" if relative_folder == "." else relative_folder
        for name in list(folders):
            if is_ignored(name):
                folders.remove(name)
            elif not _decodes(name):
                folders.remove(name)
                misnamed.append(posixpath.join(relative_folder, name))
            elif os.path.islink(os.path.join(folder, name)):
                folders.remove(name)
                links.append(posixpath.join(relative_folder, name))
        for name in files:
            if is_ignored(name):
                continue
            relative = posixpath.join(relative_folder, name)
            if not _decodes(name):
                misnamed.append(relative)
            elif os.path.islink(os.path.join(folder, name)):
                links.append(relative)
            elif _under(relative, static_folders) and name.lower().endswith(CODE_SUFFIXES):
                code.append(relative)
            else:
                suffixes = next((s for f, s in read_folders.items() if _under(relative, [f])), None)
                if suffixes is not None and name.lower().endswith(MARKDOWN_LOOKALIKES) \
                        and not name.endswith(suffixes):
                    unread.append((relative, _markdown_name(name)))
    problems = [Problem(link, "ce fichier ou dossier est un lien symbolique : le site ne suit jamais un lien, "
                        "pour ne rien lire ni publier hors du dossier content/.",
                        hint="remplacez le lien par une copie du fichier (ou du dossier), ou supprimez-le.")
                for link in sorted(links)]
    problems += [Problem(path, "ce type de fichier n'est pas publié : un navigateur l'exécuterait comme du code "
                         "du site (script, page HTML, SVG, XML…).",
                         hint="publiez un document (PDF, ODT, image PNG ou JPEG…) ou, pour une page, écrivez-la en "
                         "Markdown dans content/pages/.")
                 for path in sorted(code)]
    problems += [Problem(printable(path), "le nom de ce fichier ou dossier contient des caractères illisibles (il "
                         "n'est pas écrit en UTF-8) : il n'est ni lu ni publié.",
                         hint="renommez-le avec des lettres, des chiffres et des tirets, ex. « bar-des-sciences.md ».")
                 for path in sorted(misnamed)]
    return ContentTree(tuple(sorted(links)), tuple(sorted(misnamed)), tuple(sorted(code)), tuple(sorted(unread)), problems)


def guard(root: Path, settings: dict, kinds: tuple[str, ...], pelican_suffixes: tuple[str, ...]) -> list[Problem]:
    """Before any generator lists its files: links are never followed (every generator ignores them by name,
    and the build stops on them), hidden files never read, Markdown no reader takes is said so."""
    read_folders = {folder: (".md",) for kind in kinds for folder in settings[f"{kind.upper()}_PATHS"]}
    read_folders |= {folder: pelican_suffixes for folder in [*settings["ARTICLE_PATHS"], *settings["PAGE_PATHS"]]}
    tree = scan(root, read_folders, settings["STATIC_PATHS"])
    settings["IGNORE_FILES"] = [*settings["SITE_IGNORE_FILES"], *tree.ignore_patterns()]
    return [*tree.problems, *(Problem(path, "ce fichier n'est pas lu : seuls les fichiers « .md » le sont.",
                                      hint=f"renommez-le « {name} ».", warning=True) for path, name in tree.unread)]


def _decodes(name: str) -> bool:
    """Whether a name the system gave is text (undecodable bytes come back as lone surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def printable(path: str) -> str:
    return os.fsencode(path).decode("utf-8", errors="replace")


def _under(relative: str, folders: list[str] | tuple[str, ...]) -> bool:
    return any(folder in ("", ".") or relative == folder or relative.startswith(folder.rstrip("/") + "/")
               for folder in folders)


def _markdown_name(name: str) -> str:
    lower = name.lower()
    stem = next(name[: -len(suffix)] for suffix in sorted(MARKDOWN_LOOKALIKES, key=len, reverse=True)
                if lower.endswith(suffix))
    return f"{stem}.md"


def resolve(root: Path, written: str) -> str | None:
    """The content-relative path of the regular file that `written` names, or None if there is none.

    A leading `/` means content/ itself, as staff write site addresses. Raises FieldError, in French,
    when the path leaves content/ (`..`, a drive), passes through a symbolic link, or names a hidden file:
    those are never read, whatever is at the other end.
    """
    text = written.strip().replace("\\", "/")
    if len(text) > 1 and text[1] == ":" and text[0].isalpha():
        raise OutsideContent(f"« {written} » est un chemin de cet ordinateur, hors du dossier content/.", OUTSIDE_HINT)
    relative = posixpath.normpath(text.lstrip("/")) if text.strip("/") else ""
    if relative in ("", "."):
        return None
    if relative == ".." or relative.startswith("../"):
        raise OutsideContent(f"« {written} » mène hors du dossier content/.", OUTSIDE_HINT)
    current = root
    parts = relative.split("/")
    for index, part in enumerate(parts):
        if is_ignored(part):
            raise FieldError(f"« {written} » désigne un fichier caché ou temporaire, que le site ne publie jamais.",
                             "renommez-le sans point ni tilde au début, ou choisissez un autre fichier.")
        current = current / part
        try:
            mode = os.lstat(current).st_mode
        except (OSError, ValueError):
            return None
        if stat.S_ISLNK(mode):
            link = "/".join(parts[: index + 1])
            raise FieldError(f"« {written} » passe par un lien symbolique ({link}), que le site ne suit jamais.",
                             "remplacez le lien par une copie du fichier, ou supprimez-le.")
        if index < len(parts) - 1 and not stat.S_ISDIR(mode):
            return None
    return relative if stat.S_ISREG(mode) else None


def closest(root: Path, written: str, limit: int = 5000) -> str | None:
    """The file under content/ nearest to a path that names none (a typo, a missing folder), to suggest it.

    Only the top folder the path starts with is looked through (`images/…`: content/images), without links or
    hidden files, and at most `limit` files: it runs only on a mistake."""
    text = posixpath.normpath(written.strip().replace("\\", "/").lstrip("/")) if written.strip("/ ") else ""
    top = text.split("/")[0] if "/" in text else ""
    candidates: list[str] = []
    start = root / top if top and not is_ignored(top) else root
    if not start.is_dir() or start.is_symlink():
        start = root
    for folder, folders, files in os.walk(start):
        folders[:] = [name for name in folders if not is_ignored(name) and not os.path.islink(os.path.join(folder, name))]
        relative = os.path.relpath(folder, root).replace(os.sep, "/")
        candidates += [posixpath.normpath(posixpath.join(relative, name)) for name in files if not is_ignored(name)]
        if len(candidates) > limit:
            break
    found = difflib.get_close_matches(text, candidates, n=1, cutoff=0.6)
    return found[0] if found else None

"""Reads a content file into its header fields (with line numbers) and its Markdown body.

We parse the `Key: value` header ourselves rather than through Pelican's readers so that
every field keeps its line number for error messages, and so that no field is silently
reinterpreted (Pelican would parse `Date` with dateutil, which reads 03/12 as March 12).
Once the header has begun, a line starting with `#` is a comment: the files `invoke new` writes
explain every field, and keep the optional ones commented out, that way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from markdown import Markdown

from ..problems import Problem
from .fields import fold
from .sanitiser import sanitise
from .schema import BODY_PLACEHOLDER, looks_like_field
from .text import html_excerpt

# A field's name, English or French: `Title`, `Début`, `Texte alternatif`, `Note d'accessibilité`.
_FIELD = re.compile(r"^(?P<name>[^\W\d_][\w'’-]*(?: [\w'’-]+){0,3})\s*:\s*(?P<value>.*)$")
_CONTINUATION = re.compile(r"^(?: {4,}|\t)(?P<value>\S.*)$")


@dataclass(frozen=True)
class Field:
    name: str
    value: str
    line: int


@dataclass(frozen=True)
class Source:
    """A content file as written: header fields keyed by their folded name (`fields.fold`), the body, and the
    header's text."""

    path: str
    fields: dict[str, Field]
    body: str
    header: str

    def get(self, name: str) -> Field | None:
        return self.fields.get(fold(name))


# C0 control characters but tab and line ends, and DEL: invisible in an editor, they break feeds (XML refuses
# them), calendars and search engines' reading of a page.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """Decode UTF-8 (a byte-order mark is tolerated); explain how to fix anything else."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        guess = raw[error.start : error.start + 1].decode("cp1252", errors="replace")
        return None, [
            Problem(
                path,
                f"le fichier n'est pas enregistré en UTF-8 (caractère « {guess} » illisible), "
                "sans doute parce qu'il a été enregistré par un traitement de texte ou en « ANSI ».",
                line=line,
                hint="ouvrez-le dans votre éditeur, choisissez « Enregistrer sous… » puis l'encodage "
                "« UTF-8 » (Bloc-notes : liste « Encodage » ; LibreOffice : « Texte codé », jeu de "
                "caractères Unicode (UTF-8)), et enregistrez de nouveau.",
            )
        ]
    return text, control_characters(text, path) + conflict_markers(text, path)


_CONFLICT = re.compile(r"^(?:<{7}|>{7})(?: |$)", re.M)


def conflict_markers(text: str, path: str) -> list[Problem]:
    """What git leaves in a file when two people changed the same lines: the page would show both versions."""
    found = _CONFLICT.search(text)
    if found is None:
        return []
    return [Problem(path, "le fichier contient des marques de conflit git (« <<<<<<< », « ======= », « >>>>>>> ») : "
                    "deux versions des mêmes lignes y sont restées.", line=text.count("\n", 0, found.start()) + 1,
                    hint="gardez la bonne version des lignes entre les marques, effacez les trois lignes de marques, "
                    "puis enregistrez (voir « Enregistrer et partager son travail » dans le guide).")]


def control_characters(text: str, path: str) -> list[Problem]:
    """A problem per line holding an invisible control character (a copy from a PDF or a word processor)."""
    if not _CONTROL.search(text):
        return []
    lines = sorted({text.count("\n", 0, match.start()) + 1 for match in _CONTROL.finditer(text)})
    return [Problem(path, "la ligne contient un caractère de contrôle invisible (copié d'un PDF ou d'un traitement "
                    "de texte), que les flux et les agendas refusent.", line=line,
                    hint="supprimez-le : effacez puis retapez les caractères autour de l'endroit où le curseur "
                    "« saute », ou la ligne entière.") for line in lines[:20]]


def parse_source(text: str, path: str) -> tuple[Source, list[Problem]]:
    """Split the header from the body; problems name the line at fault."""
    lines = text.splitlines()
    fields: dict[str, Field] = {}
    problems: list[Problem] = []
    current: str | None = None
    index = 0
    for index, line in enumerate(lines):
        if not line.strip():
            break
        if fields and line.startswith("#"):
            current = None
            continue
        continued = _CONTINUATION.match(line)
        if continued and current:
            previous = fields[current]
            fields[current] = Field(previous.name, f"{previous.value} {continued['value'].strip()}", previous.line)
            continue
        match = _FIELD.match(line)
        if not match:
            if not fields:
                index = -1  # no header at all: everything is body
                break
            problems.append(Problem(path, f"« {line.strip()[:80]} » n'est pas de la forme « Champ: valeur ».",
                                    line=index + 1, hint=STRAY_HINT))
            continue
        name = match["name"]
        current = fold(name)
        if current in fields:
            problems.append(
                Problem(path, f"le champ est donné deux fois (déjà ligne {fields[current].line}).", name, index + 1)
            )
        fields[current] = Field(name, match["value"].strip(), index + 1)
    else:
        index = len(lines)
    body = "\n".join(lines[index + 1 :]) if index >= 0 else text
    header = "\n".join(lines[:index]) if index >= 0 else ""
    return Source(path, fields, body, header), problems


# Never « add a blank line »: a blank line ends the header, and every field after it would fall into the text.
STRAY_HINT = ("si c'est un champ, écrivez son nom, deux-points, puis la valeur (« Fin: 2026-12-03 21:00 ») ; si c'est du "
              "texte de la page, déplacez-le après le dernier champ et la ligne vide qui le suit ; sinon, supprimez la "
              "ligne.")


_TEMPLATE_COMMENT = re.compile(r"^#(?:$|\s{2,}|\s*──|\s+Nouvelle fiche)")


def body_start_problems(source: Source) -> list[Problem]:
    """Fields or template comments that a blank line left at the top of the body: the page would silently lose
    them (its end, its image, its speakers) while the file looked fine."""
    if not source.header:
        return []
    first = source.header.count("\n") + 3  # the body's first line in the file (after the blank line)
    found: list[int] = []
    for number, line in enumerate(source.body.splitlines(), start=first):
        stripped = line.strip()
        if not stripped:
            continue
        if looks_like_field(stripped) or _TEMPLATE_COMMENT.match(stripped) or \
                (stripped.startswith("#") and looks_like_field(stripped.lstrip("#").strip())):
            found.append(number)
            continue
        break
    placeholder = " ".join(source.body.split()).find(BODY_PLACEHOLDER[:60])
    template = [] if placeholder < 0 else [Problem(
        source.path, "le texte de la page est encore celui du modèle de « ./site new ».",
        line=line_of(source.header + "\n\n" + source.body, BODY_PLACEHOLDER.split()[0]),
        hint="remplacez-le par le texte de la fiche.", warning=True)]
    if not found:
        return template
    where = f"la ligne {found[0]}" if len(found) == 1 else f"les lignes {found[0]} à {found[-1]}"
    verb = "ressemblent" if len(found) > 1 else "ressemble"
    return [Problem(source.path, f"{where} {verb} à des champs ou à des commentaires du modèle, mais dans le texte de "
                    "la page, après une ligne vide : le site ne les prendrait pas en compte.", line=found[0],
                    hint="supprimez la ligne vide qui les sépare des champs du dessus (l'en-tête s'arrête à la "
                    "première ligne vide), ou supprimez ces lignes si elles ne servent pas.")] + template


def decodes(root: Path, paths: list[str]) -> list[Problem]:
    """What keeps files from being decoded (Pelican's news and pages, which its own readers read)."""
    return [problem for path in paths for problem in decode(Path(root, path).read_bytes(), path)[1]]


def header_source(path: str, header: str) -> Source:
    """The `Source` (without its body) of a file whose header text is `header`: what validation reads.

    Readings keep the header's text rather than its fields, which take 15 µs to parse again: kept for the
    whole build, every file's fields took ~20 MiB at 8 000 events in the build, and as much in the
    calendars' process forked from it."""
    return parse_source(header, path)[0]


def read_source(root: Path, path: str) -> tuple[Source | None, list[Problem]]:
    """Read `path` (relative to the content root)."""
    text, problems = decode((root / path).read_bytes(), path)
    if text is None:
        return None, problems
    return parse_source(text, path)


def make_markdown(settings: dict) -> Markdown:
    """A Markdown converter configured as Pelican configures its own (minus `meta`: we read headers)."""
    config = settings["MARKDOWN"]
    extensions = [*config.get("extension_configs", {}), *config.get("extensions", [])]
    return Markdown(
        extensions=[name for name in dict.fromkeys(extensions) if name != "markdown.extensions.meta"],
        extension_configs=config.get("extension_configs", {}),
        output_format=config.get("output_format", "html5"),
    )


def render_markdown(markdown: Markdown, body: str) -> str:
    return markdown.reset().convert(body)


NESTED = "le texte est imbriqué trop profondément (des centaines de listes ou de citations les unes dans les autres)."
NESTED_HINT = "mettez les éléments les uns après les autres plutôt que les uns dans les autres."

# What the content cache keeps of a file: its header's text (None if the file cannot be read), its body as
# HTML, the excerpt, the problems met reading it.
Reading = tuple[str | None, str, str, list[Problem]]


def read_body(root: Path, path: str, markdown: Markdown) -> Reading:
    """A file read, its Markdown rendered and cleaned (`sanitiser`): the costly part of reading, which depends on
    the file alone.

    The Markdown text is dropped once rendered: kept, it took ~20 MiB at 8 000 events in the build and as
    much in the calendars' process forked from it, and two fifths of the content cache.
    """
    text, problems = decode((root / path).read_bytes(), path)
    if text is None:
        return None, "", "", problems
    source, header_problems = parse_source(text, path)
    header_problems += body_start_problems(source)
    try:
        rendered = render_markdown(markdown, source.body)
    except RecursionError:
        return source.header, "", "", [*problems, *header_problems, Problem(path, NESTED, hint=NESTED_HINT)]
    html, refused = sanitise(rendered, path, lambda: text)
    return source.header, html, html_excerpt(html), [*problems, *header_problems, *refused]


def line_of(text: str, needle: str) -> int | None:
    """The line (from 1) where `needle` first appears in `text`: to point a problem in a body at its place."""
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else None


def reference_line(text: str, target: str) -> int | None:
    """The line where `target` is referred to as a link or image address (`](target`, `src="target"`…), else
    where it first appears: a short address such as `x.jpg` is also part of other words."""
    for form in (f"]({target}", f"](<{target}>", f'="{target}"', f"='{target}'", f"={target}"):
        line = line_of(text, form)
        if line is not None:
            return line
    return line_of(text, target)


def header_line(path: Path, name: str) -> int | None:
    """The line where a header field is written, for files Pelican read (it keeps no line numbers)."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    pattern = re.compile(rf"^{re.escape(name)}\s*:", re.IGNORECASE)
    return next((number for number, line in enumerate(lines, 1) if pattern.match(line)), None)

"""Raw HTML in Markdown bodies: what staff may write, and nothing that runs, frames or loads from elsewhere.

Markdown lets HTML through as written. Every body (ours, and Pelican's news and pages) is checked against
one allow-list: whatever falls outside it is reported in French with its line and the right way to do it
(`[video: …]` for a pasted embed code), so that staff learn rather than see their text silently cut. Then
nh3 (Rust's ammonia) cleans the body with the same list, so that nothing outside it reaches a page or a
feed even should the report miss something. The markup the plugin adds afterwards (pictures, players)
is its own and is not cleaned.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import nh3
from selectolax.lexbor import LexborHTMLParser

from ..problems import Problem

# What Markdown itself writes (Python-Markdown and its `extra`, `codehilite`, `toc` extensions), plus the
# usual text-level HTML staff paste. No element that runs code, frames, loads media or styles the page.
TAGS = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "data", "dd",
    "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp", "small",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u",
    "ul", "var", "wbr",
})
GENERIC_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir", "style"})
ATTRIBUTES = {
    "a": {"href", "hreflang", "rel", "target", "type"},
    "img": {"src", "alt", "width", "height", "loading"},
    "abbr": {"title"}, "blockquote": {"cite"}, "q": {"cite"}, "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"}, "time": {"datetime"}, "data": {"value"}, "details": {"open"},
    "ol": {"start", "reversed", "type"}, "li": {"value"}, "col": {"span"}, "colgroup": {"span"},
    "td": {"colspan", "rowspan", "headers", "align"}, "th": {"colspan", "rowspan", "headers", "scope", "align", "abbr"},
    # `[video: …]` lines become this placeholder (`embedding`), resolved and validated after cleaning.
    "div": {"data-video-embed", "data-video-title"},
}
URL_ATTRIBUTES = ("href", "src", "cite")
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
STYLE_PROPERTIES = frozenset({"text-align"})  # what Markdown's tables write; anything else could load a URL

_VIDEO = "écrivez sur une ligne seule « [video: https://…] » (YouTube, PeerTube, ou un fichier .mp4 de content/media/)"
# Refused elements, each with why and what to write instead.
ADVICE = {
    "script": ("du code (« <script> ») n'est jamais publié", "retirez-le : le site n'exécute que son propre code"),
    "noscript": ("« <noscript> » accompagne du code, qui n'est jamais publié", "retirez-le"),
    "iframe": ("un cadre (« <iframe> », un code d'intégration copié d'un autre site) n'est jamais publié : il "
               "chargerait l'autre site avant tout clic", f"pour une vidéo, {_VIDEO} ; pour autre chose, mettez un lien"),
    "frame": ("un cadre (« <frame> ») n'est jamais publié", "mettez un lien vers la page"),
    "frameset": ("un cadre (« <frameset> ») n'est jamais publié", "mettez un lien vers la page"),
    "object": ("« <object> » charge un contenu d'ailleurs", f"pour une vidéo, {_VIDEO} ; pour un document, un lien"),
    "embed": ("« <embed> » charge un contenu d'ailleurs", f"pour une vidéo, {_VIDEO} ; pour un document, un lien"),
    "applet": ("« <applet> » est du code", "retirez-le"),
    "video": ("une balise « <video> » écrite à la main n'est pas publiée", _VIDEO),
    "audio": ("une balise « <audio> » n'est pas publiée", "mettez un lien vers le fichier, placé sous content/media/"),
    "source": ("une balise « <source> » n'est pas publiée", _VIDEO),
    "track": ("une balise « <track> » n'est pas publiée", "donnez les sous-titres dans le champ « Captions » de l'épisode"),
    "picture": ("une balise « <picture> » écrite à la main n'est pas publiée",
                "insérez l'image en Markdown : « ![Ce que montre l'image](images/photo.jpg) »"),
    "svg": ("un dessin SVG écrit dans le texte n'est pas publié (il peut contenir du code)",
            "enregistrez-le en PNG sous content/images/ et insérez-le : « ![Description](images/schema.png) »"),
    "math": ("une formule MathML n'est pas publiée", "écrivez-la en texte, ou en image PNG sous content/images/"),
    "form": ("un formulaire n'est pas publié", "mettez un lien vers le formulaire (la billetterie, un questionnaire en ligne)"),
    "meta": ("« <meta> » est réservée à l'en-tête des pages, que le site écrit lui-même", "retirez-la"),
    "base": ("« <base> » changerait l'adresse de tous les liens de la page", "retirez-la"),
    "link": ("« <link> » chargerait un fichier dans la page", "retirez-la ; pour un lien, écrivez « [texte](adresse) »"),
    "style": ("une feuille de style (« <style> ») n'est pas publiée : l'apparence est celle du site",
              "retirez-la ; utilisez la mise en forme Markdown (titres #, **gras**, listes)"),
}
for _name in ("input", "button", "select", "textarea", "option", "optgroup", "label", "fieldset", "output"):
    ADVICE[_name] = ADVICE["form"]
for _name in ("html", "head", "body", "title"):
    ADVICE[_name] = (f"« <{_name}> » est réservée à la structure des pages, que le site écrit lui-même",
                     "ne copiez que le texte, sans l'en-tête de la page d'origine")
_OTHER = "utilisez la mise en forme Markdown (titres #, **gras**, *italique*, listes, liens [texte](adresse))"
_WRAPPERS = ("html", "head", "body")  # what the parser adds around a fragment when the text does not have them
_URL_IGNORED = re.compile(r"[\t\n\r]+")  # what the URL parser removes anywhere in an address

_CLEANER = nh3.Cleaner(
    tags=set(TAGS), attributes={"*": set(GENERIC_ATTRIBUTES), **{tag: set(names) for tag, names in ATTRIBUTES.items()}},
    url_schemes=set(URL_SCHEMES), link_rel=None, filter_style_properties=set(STYLE_PROPERTIES), strip_comments=True,
)


@dataclass(frozen=True)
class Refusal:
    """One thing of a body outside the allow-list: what it is, where to look for it in the source, the fix."""

    message: str
    needle: re.Pattern
    hint: str


def clean(html: str) -> str:
    """The body with nothing outside the allow-list (nh3), whatever `refusals` said of it."""
    return _CLEANER.clean(html)


def refusals(html: str) -> list[Refusal]:
    """Everything in `html` outside the allow-list, each once, in the order found."""
    if "<" not in html:
        return []
    found: dict[str, Refusal] = {}
    for node in LexborHTMLParser(html).root.traverse(include_text=False):
        tag = node.tag
        if tag.startswith(("-", "_")):  # comments and the like: nh3 drops them, harmlessly
            continue
        if tag in _WRAPPERS and not re.search(rf"<{tag}[\s>/]", html, re.I):
            continue
        if tag not in TAGS:
            key = f"<{tag}"
            if key not in found:
                message, hint = ADVICE.get(tag, (f"la balise « <{tag}> » n'est pas autorisée dans le texte", _OTHER))
                found[key] = Refusal(f"{message}.", re.compile(rf"<{re.escape(tag)}\b", re.I), f"{hint}.")
            continue
        for name, value in node.attributes.items():
            refusal = _attribute_refusal(tag, name.lower(), value or "")
            if refusal is not None and refusal.message not in found:
                found[refusal.message] = refusal
    return list(found.values())


def _attribute_refusal(tag: str, name: str, value: str) -> Refusal | None:
    where = re.compile(rf"\b{re.escape(name)}\s*=", re.I)
    if name.startswith("on"):
        return Refusal(f"l'attribut « {name} » de « <{tag}> » est du code, jamais publié.", where,
                       "retirez-le : le site n'exécute que son propre code.")
    if name not in GENERIC_ATTRIBUTES and name not in ATTRIBUTES.get(tag, ()):
        return Refusal(f"l'attribut « {name} » n'est pas autorisé sur « <{tag}> ».", where, f"retirez-le ; {_OTHER}.")
    if name in URL_ATTRIBUTES:
        scheme = _scheme(value)
        if scheme is not None and scheme not in URL_SCHEMES:
            gap = r"(?:[\x00-\x20]|&#\w+;)*"  # what a browser skips inside a scheme (`java&#9;script:`)
            written = re.compile(rf"{name}\s*=\s*[\"']?{gap}" + gap.join(map(re.escape, scheme)) + f"{gap}:", re.I)
            return Refusal(f"l'adresse « {value[:60]} » (« {scheme}: ») n'est pas autorisée : elle exécuterait du code "
                           "ou chargerait un contenu caché.", written,
                           "donnez une adresse web complète (https://…) ou le chemin d'un fichier de content/.")
    if name == "style":
        properties = {part.split(":", 1)[0].strip().lower() for part in value.split(";") if part.strip()}
        if properties - STYLE_PROPERTIES:
            return Refusal(f"la mise en forme « style=\"{value[:60]}\" » n'est pas publiée : l'apparence est celle du site.",
                           where, f"retirez l'attribut « style » ; {_OTHER}.")
    return None


def _scheme(url: str) -> str | None:
    """The scheme a browser would read, if any: it strips spaces and control characters around the address,
    and tabs and line ends inside it (`java&#9;script:` is `javascript:`)."""
    compact = _URL_IGNORED.sub("", url).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11"
                                               "\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
    match = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", compact)
    return match[1].lower() if match else None


def sanitise(html: str, path: str, source: Callable[[], str]) -> tuple[str, list[Problem]]:
    """`html` cleaned, and a problem (with its line in `source()`, the file's text) for each refusal."""
    found = refusals(html)
    problems = [Problem(path, refusal.message, line=_line(source(), refusal.needle), hint=refusal.hint)
                for refusal in found]
    return clean(html), problems


def _line(text: str, needle: re.Pattern) -> int | None:
    match = needle.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None

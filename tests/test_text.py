"""Plain text from rendered HTML (calendars, feeds, summaries); reading only the start of a body gives the
same excerpt as reading it all."""

import pytest
from programme.content.text import excerpt, html_excerpt, plain_text

LONG = (
    "<p>Les abeilles sauvages&nbsp;: près de mille espèces en France, la plupart solitaires &amp; discrètes.</p>\n"
    "<h2>Au programme</h2>\n<ul>\n<li>une présentation des travaux</li>\n<li>un temps d'échange</li>\n</ul>\n"
    + "".join(f"<p>Paragraphe {n} avec <a href=\"https://exemple.fr/{n}\">un lien</a> et <em>du texte</em> "
              f"assez long pour dépasser quarante mots très vite.</p>\n" for n in range(12))
)
SHORT = "<p>Une soirée <strong>annulée</strong> : l&#39;intervenante n&rsquo;est pas disponible.</p>"


@pytest.mark.parametrize(("html", "text"), [
    ("<p>Un</p>\n<p>Deux</p>", "Un\n\nDeux"),
    ("<h2>Titre</h2><p>Texte</p>", "Titre\n\nTexte"),
    ("<ul>\n<li>un</li>\n<li>deux <em>mots</em></li>\n</ul>", "- un\n\n- deux mots"),
    ("<p>ligne<br />suite<br>fin</p>", "ligne\nsuite\nfin"),
    ("<P CLASS=x>Majuscules</P><LI>item</LI>", "Majuscules\n\n- item"),
    ("<p>Sols &amp; climat&nbsp;: l&#39;eau, &lt;p&gt; &eacute;t&eacute;</p>", "Sols & climat\xa0: l'eau, <p> été"),
    ("<p>a <!-- note <p>cachée</p> --> b</p>", "a b"),
    ("<p>a</p><script>var x = '<p>';</script><style>p { color: red }</style><p>b</p>", "a\n\nb"),
    ("<!DOCTYPE html><?xml version='1.0'?><p>doc</p>", "doc"),
    ('<p><a href="/x" title="a > b">lien</a> <img alt="image" src="i.jpg"/></p>', "lien"),
    ("<p>  espaces\t\tmultiples \n  et\u00a0</p>", "espaces multiples\net"),
    ("<pre>code</pre><param name=x><p>para</p>", "code\n\npara"),
    ("<div><div><p>profond</p></div></div>\n\n\n<p>fin</p>", "profond\n\nfin"),
    ("a < b et c<d", "a < b et c<d"),
    ("<p>non fermé <!-- commentaire", "non fermé"),
    ("", ""),
])
def test_plain_text_keeps_blocks_apart_and_drops_markup(html, text):
    assert plain_text(html) == text


TRICKY = '<p><a title="x > y" href="/a">lien</a> ' + "mot " * 30 + "<!-- un commentaire --> " + "fin " * 20 + "</p>"


@pytest.mark.parametrize("html", [LONG, SHORT, TRICKY, "", "<p>un</p>"])
@pytest.mark.parametrize("chunk", [1, 7, 64, 2048])
def test_html_excerpt_equals_the_excerpt_of_the_whole_text(html, chunk):
    assert html_excerpt(html, chunk=chunk) == excerpt(plain_text(html))


WORDS_39 = " ".join(f"mot{i}" for i in range(39))


@pytest.mark.parametrize("html", [
    f'<p>{WORDS_39} <a title="x > y z w" href="#">lien</a> et la suite de la phrase</p>',
    f'<p>{WORDS_39} <a title="a < b > c d" href="#">lien</a> et la suite de la phrase</p>',
    f"<p>{WORDS_39} <!-- note > pour plus tard --> lien et la suite de la phrase</p>",
])
def test_an_excerpt_read_from_a_prefix_never_cuts_inside_a_tag_or_a_comment(html):
    """A `>` in a quoted value or a comment near the fortieth word ends no tag: cut there, the rest of the
    tag would be read as words."""
    assert {html_excerpt(html, chunk=chunk) for chunk in range(1, len(html))} == {excerpt(plain_text(html))}


@pytest.mark.parametrize("words", [1, 5, 40])
def test_html_excerpt_cuts_at_the_word_count_with_an_ellipsis(words):
    text = html_excerpt(LONG, words=words)
    assert text.endswith("…") and len(text.split()) == words
    assert text == excerpt(plain_text(LONG), words)

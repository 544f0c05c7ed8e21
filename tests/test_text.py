"""Summaries from rendered HTML: reading only the start of a body gives the same excerpt as reading it all."""

import pytest

from programme.text import excerpt, html_excerpt, plain_text

LONG = (
    "<p>Les abeilles sauvages&nbsp;: près de mille espèces en France, la plupart solitaires &amp; discrètes.</p>\n"
    "<h2>Au programme</h2>\n<ul>\n<li>une présentation des travaux</li>\n<li>un temps d'échange</li>\n</ul>\n"
    + "".join(f"<p>Paragraphe {n} avec <a href=\"https://exemple.fr/{n}\">un lien</a> et <em>du texte</em> "
              f"assez long pour dépasser quarante mots très vite.</p>\n" for n in range(12))
)
SHORT = "<p>Une soirée <strong>annulée</strong> : l&#39;intervenante n&rsquo;est pas disponible.</p>"


@pytest.mark.parametrize("html", [LONG, SHORT, "", "<p>un</p>"])
@pytest.mark.parametrize("chunk", [1, 7, 64, 2048])
def test_html_excerpt_equals_the_excerpt_of_the_whole_text(html, chunk):
    assert html_excerpt(html, chunk=chunk) == excerpt(plain_text(html))


@pytest.mark.parametrize("words", [1, 5, 40])
def test_html_excerpt_cuts_at_the_word_count_with_an_ellipsis(words):
    text = html_excerpt(LONG, words=words)
    assert text.endswith("…") and len(text.split()) == words
    assert text == excerpt(plain_text(LONG), words)

"""Header parsing keeps line numbers; non-UTF-8 files are explained."""

import pytest
from programme.content.reading import decode, header_source, parse_source


def test_fields_with_lines_and_body():
    source, problems = parse_source("Title: Bonjour\nDate: 2026-12-03\n    19:00\n\nLe *texte*.\n\nSuite: pas un champ\n", "x.md")
    assert problems == []
    assert source.get("title").value == "Bonjour" and source.get("TITLE").line == 1
    assert source.get("date").value == "2026-12-03 19:00"
    assert source.body == "Le *texte*.\n\nSuite: pas un champ"


def test_line_that_is_not_a_field_is_reported_with_its_number():
    _source, problems = parse_source("Title: Bonjour\nDate 2026-12-03\n\nTexte", "x.md")
    assert [(p.line, p.path) for p in problems] == [(2, "x.md")]


def test_duplicated_field_is_reported():
    _source, problems = parse_source("Title: A\nTitle: B\n\nTexte", "x.md")
    assert problems[0].field == "Title" and "deux fois" in problems[0].message


def test_byte_order_mark_is_tolerated():
    text, problems = decode("\ufeffTitle: A".encode("utf-8"), "x.md")
    assert text == "Title: A" and problems == []


def test_windows_1252_file_is_explained_with_its_line():
    _text, problems = decode("Title: A\nSummary: Conférence\n".encode("cp1252"), "x.md")
    assert problems[0].line == 2
    assert "UTF-8" in problems[0].message and "Enregistrer sous" in problems[0].hint


def test_hash_lines_inside_the_header_are_comments():
    text = "Title: A\n# Date : le début.\n# End: 2026-12-03 21:00\nDate: 2026-12-03\n#\n\n# Un titre\n"
    source, problems = parse_source(text, "x.md")
    assert problems == []
    assert set(source.fields) == {"title", "date"} and source.get("date").line == 4
    assert source.body == "# Un titre"


def test_a_markdown_heading_before_any_field_is_body():
    source, problems = parse_source("# Un titre\nTitle: pas un champ\n", "x.md")
    assert problems == [] and source.fields == {} and source.body.startswith("# Un titre")


@pytest.mark.parametrize("text", [
    "Title: Bonjour\nDate: 2026-12-03\n    19:00\n\nLe *texte*.\n\nSuite: pas un champ\n",
    "Title: A\n# Date : le début.\nDate: 2026-12-03\n#\n\n# Un titre\n",
    "Title: A\r\nDate 2026-12-03\r\nTitle: B\r\n\r\nTexte",
    "# Un titre\nTitle: pas un champ\n",
    "Title: Seul, sans corps",
    "",
])
def test_a_header_parsed_again_from_its_text_gives_the_same_fields_and_lines(text):
    """The content cache keeps a file's header as text; validation reads the fields parsed from it again."""
    source, _problems = parse_source(text, "x.md")
    again = header_source("x.md", source.header)
    assert again.fields == source.fields and again.path == "x.md" and again.body == ""

"""Rendering of extraction results, and readability's text conversion."""

from __future__ import annotations

from bench.report import END, START, replace_section
from bench.systems import html_to_text


def test_replace_section_rewrites_only_the_marked_block() -> None:
    document = f"# Title\n\nintro\n\n{START}\nold table\n{END}\n\n## Later\n"
    updated = replace_section(document, "new table\n")
    assert updated == f"# Title\n\nintro\n\n{START}\nnew table\n{END}\n\n## Later\n"


def test_replace_section_appends_a_block_to_a_document_without_markers() -> None:
    updated = replace_section("# Notes\n", "table\n")
    assert updated == f"# Notes\n\n{START}\ntable\n{END}\n"


def test_replace_section_creates_a_document_with_a_header() -> None:
    updated = replace_section("", "table\n")
    assert updated.startswith("# Benchmarks")
    assert updated.endswith(f"{START}\ntable\n{END}\n")


def test_html_to_text_puts_block_elements_on_their_own_lines() -> None:
    html = "<div><h1>Title</h1><p>One <b>bold</b> word.</p><p>Two<br>lines</p></div>"
    assert html_to_text(html) == "Title\nOne bold word.\nTwo\nlines"


def test_html_to_text_of_nothing_is_empty() -> None:
    assert html_to_text("") == ""

"""One benchmark's block in the docs is rewritten in place, the others are left alone."""

from __future__ import annotations

from bench.docblock import markers, replace_block, update_block


def _block(name: str, body: str) -> str:
    start, end = markers(name)
    return f"{start}\n{body}\n{end}"


def test_replace_block_rewrites_only_its_own_block() -> None:
    document = f"# B\n\n{_block('serve', 'old')}\n\n{_block('ingest', 'keep')}\n"
    updated = replace_block(document, "serve", _block("serve", "new"))
    assert updated == f"# B\n\n{_block('serve', 'new')}\n\n{_block('ingest', 'keep')}\n"


def test_update_block_appends_with_its_intro_once(tmp_path) -> None:
    path = tmp_path / "benchmarks.md"
    update_block(path, "serve", _block("serve", "one"), intro="## Serving")
    update_block(path, "serve", _block("serve", "two"), intro="## Serving")
    assert path.read_text() == f"# Benchmarks\n\n## Serving\n\n{_block('serve', 'two')}\n"

"""The ``sourcetrace stories`` command: group the given inputs into stories across outlets.

A thin skin over ``pipeline.extract_paths`` and ``stories.cluster_stories``; ``cli.py``
wires it in with ``register(main)``. Exit codes follow ``cli_common``: 0 every input was
read, 1 at least one failed (the others are still clustered and shown), 3 unexpected
internal error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import click

from sourcetrace.cli_common import EXIT_FAILED, EXIT_OK, exit_internal, max_bytes_option
from sourcetrace.config import DEFAULT_SETTINGS
from sourcetrace.models import Article
from sourcetrace.pipeline import extract_paths
from sourcetrace.stories import (
    COMPONENT,
    DEFAULT_STORY_OPTIONS,
    StoryInput,
    cluster_stories,
    group_stories,
)

__all__ = ["register", "stories_record"]

STORIES_EPILOG = """\b
Examples:
  sourcetrace stories pages/                      # a table: one row per article
  sourcetrace stories a.html b.html c.txt.gz --json
  sourcetrace stories pages/ --threshold 0.7      # stricter: more, smaller stories
The articles are clustered as one batch: only the inputs given are compared.
"""
_TITLE_WIDTH = 60


def register(main: click.Group) -> None:
    """Add the ``stories`` command to the ``sourcetrace`` command group."""
    main.add_command(stories_command)


@click.command("stories", epilog=STORIES_EPILOG)
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object of stories.")
@click.option(
    "--threshold",
    type=click.FloatRange(0.0, 1.0),
    default=DEFAULT_STORY_OPTIONS.threshold,
    show_default=True,
    help="Average-link cosine distance below which articles join one story.",
)
@max_bytes_option
@click.pass_context
def stories_command(
    ctx: click.Context, paths: tuple[str, ...], as_json: bool, threshold: float, max_bytes: int
) -> None:
    """Group articles that report the same event into stories across outlets.

    PATH may be a file, a directory (walked recursively) or a .gz file. A failed input
    prints one line with its error code to stderr, the others are still grouped, and the
    exit status is 1.
    """
    settings = replace(DEFAULT_SETTINGS, max_input_bytes=max_bytes)
    options = replace(DEFAULT_STORY_OPTIONS, threshold=threshold)
    try:
        articles: list[tuple[str, Article]] = []
        failed = 0
        for result in extract_paths(paths, settings):
            if result.failure is not None:
                failed += 1
                click.echo(
                    f"error [{result.failure.code}] {result.source}: {result.failure.message}",
                    err=True,
                )
            elif result.article is not None:
                articles.append((result.source, result.article))
        labels = cluster_stories([StoryInput.from_article(a) for _, a in articles], options)
        record = stories_record(articles, labels)
        if as_json:
            sys.stdout.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
        else:
            sys.stdout.write(render_stories(record))
        sys.stdout.flush()  # the table before the summary line, on a shared terminal
    except Exception:
        exit_internal(ctx)
    click.echo(f"{len(articles)} ok, {failed} failed; {len(record['stories'])} stories", err=True)
    sys.exit(EXIT_FAILED if failed else EXIT_OK)


def stories_record(
    articles: Sequence[tuple[str, Article]], labels: Sequence[int]
) -> dict[str, Any]:
    """Return the JSON record: stories numbered from 1, largest first, with their articles."""
    stories = [
        {"id": number, "articles": [_article_record(*articles[i]) for i in members]}
        for number, members in enumerate(group_stories(labels), start=1)
    ]
    return {"component": COMPONENT, "stories": stories}


def _article_record(source: str, article: Article) -> dict[str, Any]:
    published = article.published_at
    return {
        "input": source,
        "title": article.title,
        "outlet": article.site_name,
        "published_at": published.value.isoformat() if published else None,
    }


def render_stories(record: dict[str, Any]) -> str:
    """Render the stories as a table: story number and size on each story's first row."""
    if not record["stories"]:
        return ""
    lines = [_row("story", "size", "published", "outlet", "title", "input")]
    for story in record["stories"]:
        for position, article in enumerate(story["articles"]):
            first = position == 0
            lines.append(
                _row(
                    str(story["id"]) if first else "",
                    str(len(story["articles"])) if first else "",
                    (article["published_at"] or "-")[:10],
                    article["outlet"] or "-",
                    article["title"] or "(no title)",
                    article["input"],
                )
            )
    return "\n".join(lines) + "\n"


def _row(number: str, size: str, published: str, outlet: str, title: str, source: str) -> str:
    return (
        f"{number:>5}  {size:>4}  {published:<10}  {_clip(outlet, 20):<20}  "
        f"{_clip(title, _TITLE_WIDTH):<{_TITLE_WIDTH}}  {source}"
    )


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"

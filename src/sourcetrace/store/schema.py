"""The store's tables, as SQLAlchemy Core metadata shared by both backends.

Migrations in ``migrations/versions`` are the record of how the schema got here; this
module is what the code reads and writes. A test checks the two agree. Full-text search
lives outside these tables: FTS5 virtual tables on SQLite, generated ``tsvector``
columns with GIN indexes on PostgreSQL (both made by the migrations).

Analysis rows (paragraphs aside) carry ``component``: the versioned name of the
component that made them, so a re-run can tell stale rows from fresh ones.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

__all__ = [
    "UtcDateTime",
    "aliases",
    "articles",
    "attributions",
    "entities",
    "failures",
    "lsh_bands",
    "metadata",
    "pages",
    "paragraphs",
    "runs",
    "sources",
    "time_refs",
]


class UtcDateTime(sa.TypeDecorator[datetime]):
    """A timezone-aware datetime on both backends (SQLite keeps no zone: store UTC)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("the store only takes timezone-aware datetimes")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = sa.MetaData()
_TS = UtcDateTime()
_CASCADE = "CASCADE"

runs = sa.Table(
    "runs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("kind", sa.String(32), nullable=False),  # ingest | reanalyze
    sa.Column("inputs", sa.JSON, nullable=False),
    sa.Column("started_at", _TS, nullable=False),
    sa.Column("finished_at", _TS),
    sa.Column("status", sa.String(16), nullable=False),  # running | done | interrupted
    sa.Column("ok", sa.Integer, nullable=False, server_default="0"),
    sa.Column("skipped", sa.Integer, nullable=False, server_default="0"),
    sa.Column("failed", sa.Integer, nullable=False, server_default="0"),
    sa.Column("near_duplicates", sa.Integer, nullable=False, server_default="0"),
    sa.Column("duration_s", sa.Float),
    # The process running it (migration 0007): a run left ``running`` by a process that
    # is gone is marked ``interrupted`` when the next writing run starts.
    sa.Column("pid", sa.Integer),
    sa.Column("host", sa.String(255)),
)

failures = sa.Table(
    "failures",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "run_id",
        sa.Integer,
        sa.ForeignKey("runs.id", ondelete=_CASCADE),
        nullable=False,
        index=True,
    ),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("stage", sa.String(32), nullable=False),
    sa.Column("code", sa.String(64), nullable=False, index=True),
    sa.Column("message", sa.Text, nullable=False),
    sa.Column("at", _TS, nullable=False),
)

pages = sa.Table(
    "pages",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("url", sa.Text),
    sa.Column("canonical_url", sa.Text, index=True),
    sa.Column("fetched_at", _TS),
    sa.Column("content_type", sa.String(255)),
    sa.Column("raw", sa.LargeBinary, nullable=False),  # zlib-compressed bytes as served
    sa.Column("raw_size", sa.Integer, nullable=False),
    # Set when the page's text is exactly that of an article already stored.
    sa.Column("duplicate_of", sa.Integer),  # articles.id; no FK: the tables point both ways
    sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="SET NULL")),
)

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "page_id",
        sa.Integer,
        sa.ForeignKey("pages.id", ondelete=_CASCADE),
        nullable=False,
        unique=True,
    ),
    sa.Column("text_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("url", sa.Text),
    sa.Column("canonical_url", sa.Text, index=True),
    sa.Column("outlet", sa.Text, index=True),
    sa.Column("title", sa.Text),
    sa.Column("subtitle", sa.Text),
    sa.Column("section", sa.Text),
    sa.Column("authors", sa.JSON, nullable=False),
    sa.Column("published_at", _TS, index=True),
    sa.Column("published_evidence", sa.String(32)),
    sa.Column("language", sa.String(16)),
    sa.Column("text", sa.Text, nullable=False),
    # Lists of {url, caption, credit} and {text, rule} (migration 0005; older rows: []).
    sa.Column("images", sa.JSON, nullable=False, server_default="[]"),
    sa.Column("removed", sa.JSON, nullable=False, server_default="[]"),
    sa.Column("extractor", sa.String(64), nullable=False),
    sa.Column("components", sa.Text, nullable=False),  # space-separated versioned names
    sa.Column("near_duplicate_of", sa.Integer, sa.ForeignKey("articles.id", ondelete="SET NULL")),
    sa.Column("similarity", sa.Float),
    sa.Column("minhash", sa.LargeBinary),
    sa.Column("stored_at", _TS, nullable=False),
    # The rest of the Article record, so that it reads back exactly (migration 0007):
    # the outlet as the page names it (``outlet`` above is the name shown: this, else the
    # URL's host), the canonical URL as declared (``canonical_url`` is normalised), when
    # its page was fetched, and the publication date's detail and precision.
    # ``published_inferred``: the date above is the analysis's, inferred from the text,
    # and the article itself has none; ``published_inference`` is the analysis's reading.
    sa.Column("site_name", sa.Text),
    sa.Column("declared_canonical_url", sa.Text),
    sa.Column("fetched_at", _TS),
    sa.Column("published_detail", sa.Text),
    sa.Column("published_precision", sa.String(16)),
    sa.Column("published_inferred", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("published_inference", sa.JSON),
)

paragraphs = sa.Table(
    "paragraphs",
    metadata,
    sa.Column(
        "article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete=_CASCADE), primary_key=True
    ),
    sa.Column("idx", sa.Integer, primary_key=True),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
)

sources = sa.Table(
    "sources",
    metadata,
    sa.Column(
        "article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete=_CASCADE), primary_key=True
    ),
    sa.Column("idx", sa.Integer, primary_key=True),
    sa.Column("name", sa.Text, nullable=False, index=True),
    sa.Column("kind", sa.String(64), nullable=False),
    sa.Column("statements", sa.Integer, nullable=False),
    sa.Column("mentions", sa.JSON, nullable=False),
    sa.Column("component", sa.String(128), nullable=False),
)

attributions = sa.Table(
    "attributions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete=_CASCADE), nullable=False
    ),
    sa.Column("idx", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("source_kind", sa.String(64), nullable=False),
    sa.Column("source_text", sa.Text, nullable=False),
    sa.Column("source_start", sa.Integer),
    sa.Column("source_end", sa.Integer),
    sa.Column("source_idx", sa.Integer),
    sa.Column("cues", sa.JSON, nullable=False),
    sa.Column("contents", sa.JSON, nullable=False),
    sa.Column("cue_text", sa.Text, nullable=False),
    sa.Column("content_text", sa.Text, nullable=False),
    sa.Column("channel", sa.Text),
    sa.Column("parent", sa.Integer),
    sa.Column("entity_key", sa.Text, index=True),
    sa.Column("said_at", sa.JSON),
    sa.Column("component", sa.String(128), nullable=False),
    # What the spans index: the body (text) or the headline (title); migration 0006.
    sa.Column("field", sa.String(64), nullable=False, server_default="text"),
    # Where the channel is named, in the same field (migration 0007).
    sa.Column("channel_start", sa.Integer),
    sa.Column("channel_end", sa.Integer),
    sa.UniqueConstraint("article_id", "idx", name="uq_attributions_article_idx"),
)

entities = sa.Table(
    "entities",
    metadata,
    sa.Column(
        "article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete=_CASCADE), primary_key=True
    ),
    sa.Column("idx", sa.Integer, primary_key=True),
    sa.Column("key", sa.Text, nullable=False, index=True),
    sa.Column("name", sa.Text, nullable=False, index=True),
    sa.Column("label", sa.String(64)),
    sa.Column("start", sa.Integer),  # the first mention's span, in the field named below
    sa.Column("end", sa.Integer),
    # What start/end point into: "text" (the body) or "images[i].caption" (migration 0003).
    sa.Column("field", sa.String(64), nullable=False, server_default="text"),
    sa.Column("data", sa.JSON, nullable=False),  # the whole record, fields not yet columns
    sa.Column("component", sa.String(128), nullable=False),
)

aliases = sa.Table(
    "aliases",
    metadata,
    sa.Column(
        "article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete=_CASCADE), primary_key=True
    ),
    sa.Column("name", sa.Text, primary_key=True),  # the canonical name (a source or entity)
    sa.Column("alias", sa.Text, primary_key=True, index=True),  # another way it is written
    sa.Column("component", sa.String(128), nullable=False),
)

time_refs = sa.Table(
    "time_refs",
    metadata,
    sa.Column(
        "article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete=_CASCADE), primary_key=True
    ),
    sa.Column("idx", sa.Integer, primary_key=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("value", sa.Text),  # the normalised value, ISO 8601 where it has one
    sa.Column("start", sa.Integer),
    sa.Column("end", sa.Integer),
    sa.Column("data", sa.JSON, nullable=False),
    sa.Column("component", sa.String(128), nullable=False),
)

# Locality-sensitive hashing bands of each article's MinHash: articles sharing a band
# are near-duplicate candidates. Kept in the database so every run and process sees them.
lsh_bands = sa.Table(
    "lsh_bands",
    metadata,
    sa.Column("band", sa.Integer, primary_key=True),
    sa.Column("bucket", sa.String(32), primary_key=True),
    sa.Column(
        "article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete=_CASCADE), primary_key=True
    ),
)

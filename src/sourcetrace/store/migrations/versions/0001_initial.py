"""Create the store: pages, articles, analysis rows, runs, failures, full-text search.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
CASCADE = "CASCADE"


def upgrade() -> None:
    _runs()
    _content()
    _analysis()
    if op.get_bind().dialect.name == "postgresql":
        _postgres_search()
    else:
        _sqlite_search()


def _runs() -> None:
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("inputs", sa.JSON, nullable=False),
        sa.Column("started_at", TS, nullable=False),
        sa.Column("finished_at", TS),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("ok", sa.Integer, nullable=False, server_default="0"),
        sa.Column("skipped", sa.Integer, nullable=False, server_default="0"),
        sa.Column("failed", sa.Integer, nullable=False, server_default="0"),
        sa.Column("near_duplicates", sa.Integer, nullable=False, server_default="0"),
        sa.Column("duration_s", sa.Float),
    )
    op.create_table(
        "failures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "run_id",
            sa.Integer,
            sa.ForeignKey("runs.id", ondelete=CASCADE),
            nullable=False,
            index=True,
        ),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("stage", sa.String(32), nullable=False),
        sa.Column("code", sa.String(64), nullable=False, index=True),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("at", TS, nullable=False),
    )


def _content() -> None:
    op.create_table(
        "pages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("canonical_url", sa.Text, index=True),
        sa.Column("fetched_at", TS),
        sa.Column("content_type", sa.String(255)),
        sa.Column("raw", sa.LargeBinary, nullable=False),
        sa.Column("raw_size", sa.Integer, nullable=False),
        sa.Column("duplicate_of", sa.Integer),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="SET NULL")),
    )
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "page_id",
            sa.Integer,
            sa.ForeignKey("pages.id", ondelete=CASCADE),
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
        sa.Column("published_at", TS, index=True),
        sa.Column("published_evidence", sa.String(32)),
        sa.Column("language", sa.String(16)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("extractor", sa.String(64), nullable=False),
        sa.Column("components", sa.Text, nullable=False),
        sa.Column(
            "near_duplicate_of", sa.Integer, sa.ForeignKey("articles.id", ondelete="SET NULL")
        ),
        sa.Column("similarity", sa.Float),
        sa.Column("minhash", sa.LargeBinary),
        sa.Column("stored_at", TS, nullable=False),
    )
    op.create_table(
        "paragraphs",
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete=CASCADE),
            primary_key=True,
        ),
        sa.Column("idx", sa.Integer, primary_key=True),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
    )
    op.create_table(
        "lsh_bands",
        sa.Column("band", sa.Integer, primary_key=True),
        sa.Column("bucket", sa.String(32), primary_key=True),
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete=CASCADE),
            primary_key=True,
        ),
    )


def _analysis() -> None:
    op.create_table(
        "sources",
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete=CASCADE),
            primary_key=True,
        ),
        sa.Column("idx", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False, index=True),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("statements", sa.Integer, nullable=False),
        sa.Column("mentions", sa.JSON, nullable=False),
        _component(),
    )
    op.create_table(
        "attributions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete=CASCADE), nullable=False
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
        _component(),
        sa.UniqueConstraint("article_id", "idx", name="uq_attributions_article_idx"),
    )
    op.create_table(
        "entities",
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete=CASCADE),
            primary_key=True,
        ),
        sa.Column("idx", sa.Integer, primary_key=True),
        sa.Column("key", sa.Text, nullable=False, index=True),
        sa.Column("name", sa.Text, nullable=False, index=True),
        sa.Column("label", sa.String(64)),
        sa.Column("start", sa.Integer),
        sa.Column("end", sa.Integer),
        sa.Column("data", sa.JSON, nullable=False),
        _component(),
    )
    op.create_table(
        "aliases",
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete=CASCADE),
            primary_key=True,
        ),
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("alias", sa.Text, primary_key=True, index=True),
        _component(),
    )
    op.create_table(
        "time_refs",
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete=CASCADE),
            primary_key=True,
        ),
        sa.Column("idx", sa.Integer, primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("value", sa.Text),
        sa.Column("start", sa.Integer),
        sa.Column("end", sa.Integer),
        sa.Column("data", sa.JSON, nullable=False),
        _component(),
    )


def _component() -> sa.Column[str]:
    """Return the column naming the component (and version) that made a row."""
    return sa.Column("component", sa.String(128), nullable=False)


# SQLite: FTS5 tables over the rows' own text (external content), kept in step by
# triggers, so every write path (upsert, delete, cascade) updates the index.
_SQLITE_FTS = (
    "CREATE VIRTUAL TABLE article_fts USING fts5(title, text, content='articles', "
    "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER article_fts_insert AFTER INSERT ON articles BEGIN "
    "INSERT INTO article_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "CREATE TRIGGER article_fts_delete AFTER DELETE ON articles BEGIN "
    "INSERT INTO article_fts(article_fts, rowid, title, text) "
    "VALUES ('delete', old.id, old.title, old.text); END",
    "CREATE TRIGGER article_fts_update AFTER UPDATE OF title, text ON articles BEGIN "
    "INSERT INTO article_fts(article_fts, rowid, title, text) "
    "VALUES ('delete', old.id, old.title, old.text); "
    "INSERT INTO article_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    # Titles weigh four times the text in the ranking (FTS5's rank column).
    "INSERT INTO article_fts(article_fts, rank) VALUES ('rank', 'bm25(4.0, 1.0)')",
    "CREATE VIRTUAL TABLE attribution_fts USING fts5(source_text, content_text, "
    "content='attributions', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER attribution_fts_insert AFTER INSERT ON attributions BEGIN "
    "INSERT INTO attribution_fts(rowid, source_text, content_text) "
    "VALUES (new.id, new.source_text, new.content_text); END",
    "CREATE TRIGGER attribution_fts_delete AFTER DELETE ON attributions BEGIN "
    "INSERT INTO attribution_fts(attribution_fts, rowid, source_text, content_text) "
    "VALUES ('delete', old.id, old.source_text, old.content_text); END",
    "CREATE TRIGGER attribution_fts_update AFTER UPDATE OF source_text, content_text "
    "ON attributions BEGIN "
    "INSERT INTO attribution_fts(attribution_fts, rowid, source_text, content_text) "
    "VALUES ('delete', old.id, old.source_text, old.content_text); "
    "INSERT INTO attribution_fts(rowid, source_text, content_text) "
    "VALUES (new.id, new.source_text, new.content_text); END",
    "INSERT INTO attribution_fts(attribution_fts, rank) VALUES ('rank', 'bm25(4.0, 1.0)')",
)

# PostgreSQL: generated tsvector columns (weight A for titles and sources) with GIN.
_POSTGRES_FTS = (
    "ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english', text), 'B')) STORED",
    "CREATE INDEX ix_articles_search ON articles USING gin (search)",
    "ALTER TABLE attributions ADD COLUMN search tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('english', source_text), 'A') || "
    "setweight(to_tsvector('english', content_text), 'B')) STORED",
    "CREATE INDEX ix_attributions_search ON attributions USING gin (search)",
)


def _sqlite_search() -> None:
    for statement in _SQLITE_FTS:
        op.execute(statement)


def _postgres_search() -> None:
    for statement in _POSTGRES_FTS:
        op.execute(statement)

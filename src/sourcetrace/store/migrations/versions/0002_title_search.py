"""Index article titles on their own for PostgreSQL search.

PostgreSQL ranks a bounded window of a query's matches (reading each candidate's whole
``search`` vector from TOAST is what search time is spent on). Articles whose title
matches come first in that window: a small ``title_search`` vector, kept in the heap row,
tells them apart cheaply for every match. SQLite's FTS5 ranks all matches: nothing to do.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_POSTGRES = (
    "ALTER TABLE articles ADD COLUMN title_search tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('english', coalesce(title, '')), 'A')) STORED",
    "CREATE INDEX ix_articles_title_search ON articles USING gin (title_search)",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in _POSTGRES:
        op.execute(statement)

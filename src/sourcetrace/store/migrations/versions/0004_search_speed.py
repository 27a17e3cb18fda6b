"""PostgreSQL search: rank on each article's lead, check phrases on few rows.

Search time goes to reading ``search`` vectors from TOAST: a long article's is 50 kB
and more. Two changes, measured on the benchmark's 50,000 articles:

- ``lead_search``: the title and the text's first 2,000 characters, the part of a news
  story that says what it is about. Ranking reads it instead of the whole vector (about
  2 kB, against 5 kB typical and 80 kB at most).
- Word pairs: GIN over a ``tsvector`` keeps no positions, so for ``"production process"``
  it returns every article holding both words anywhere, and each must have its whole
  vector read to check that the words stand side by side (9,500 candidates for 750
  matches: 200 ms). An expression index over the vector's word pairs (each lexeme with
  the next one: "product process"), hashed to 32-bit keys, narrows a phrase to articles
  holding its pairs; the positional check runs on those alone. It adds nothing to the
  rows; the index is about three times the size of the ``search`` index. A hash
  collision only lets an extra candidate through to the check.

SQLite's FTS5 index keeps positions and ranks fast: nothing to do there.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# A lexeme and the next one by position. Stop words leave no lexeme, so "state of the
# union" gives "state union" (its query says <3> there and is not narrowed by it: see
# store.backends.required_pairs). The key is md5's first 32 bits: stable across servers
# and versions, unlike hashtext().
_POSTGRES = (
    "CREATE FUNCTION sourcetrace_pair_key(pair text) RETURNS integer "
    "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS "
    "$$ SELECT ('x' || left(md5(pair), 8))::bit(32)::integer $$",
    """CREATE FUNCTION sourcetrace_pair_keys(document tsvector) RETURNS integer[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT sourcetrace_pair_key(pair)), '{}') FROM (
        SELECT lexeme || ' ' || lead(lexeme) OVER (ORDER BY position) AS pair
        FROM unnest(document) AS u(lexeme, positions, weights), unnest(positions) AS position
    ) AS pairs WHERE pair IS NOT NULL
$$""",
    "CREATE INDEX ix_articles_pair_keys ON articles USING gin (sourcetrace_pair_keys(search))",
    "ALTER TABLE articles ADD COLUMN lead_search tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english', left(text, 2000)), 'B')) STORED",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in _POSTGRES:
        op.execute(statement)

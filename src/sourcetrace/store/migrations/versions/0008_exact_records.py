"""Keep every field of the records, so that they read back as they were stored.

``articles`` gains what an ``Article`` read back had lost: the outlet as the page names
it (``site_name``; ``outlet`` stays the name shown, the URL's host when the page names
none), the canonical URL as declared (``declared_canonical_url``; ``canonical_url``
stays the normalised one), the page's ``fetched_at``, the publication date's
``published_detail`` and ``published_precision``, ``published_inferred`` (the stored
date is the analysis's, inferred from the text: the article itself has none) and the
analysis's ``published_inference``. ``attributions`` gains the channel's span.

Rows stored before are filled with what the store used to rebuild them from: the outlet,
the normalised canonical URL, the page's fetch time, and a date counted as inferred when
its evidence is the text.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    for column in (
        sa.Column("site_name", sa.Text),
        sa.Column("declared_canonical_url", sa.Text),
        sa.Column("fetched_at", TS),
        sa.Column("published_detail", sa.Text),
        sa.Column("published_precision", sa.String(16)),
        sa.Column("published_inferred", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("published_inference", sa.JSON),
    ):
        op.add_column("articles", column)
    op.add_column("attributions", sa.Column("channel_start", sa.Integer))
    op.add_column("attributions", sa.Column("channel_end", sa.Integer))
    op.execute(
        "UPDATE articles SET site_name = outlet, declared_canonical_url = canonical_url, "
        "published_detail = CASE WHEN published_at IS NULL THEN NULL ELSE '' END, "
        "published_precision = CASE WHEN published_at IS NULL THEN NULL ELSE 'day' END, "
        "published_inferred = CASE WHEN published_evidence = 'text' THEN TRUE ELSE FALSE END, "
        "fetched_at = (SELECT pages.fetched_at FROM pages WHERE pages.id = articles.page_id)"
    )

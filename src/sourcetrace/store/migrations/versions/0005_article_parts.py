"""Keep each article's images and the furniture extraction cut from its page.

``images`` holds ``{url, caption, credit}`` objects: reanalysis rebuilds the article from
the store and must see the captions entities are found in. ``removed`` holds ``{text,
rule}`` objects, so the web UI shows what was cut as it was cut, without extracting the
page again. Rows stored before hold neither, hence the server default (an empty list).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for name in ("images", "removed"):
        op.add_column("articles", sa.Column(name, sa.JSON, nullable=False, server_default="[]"))

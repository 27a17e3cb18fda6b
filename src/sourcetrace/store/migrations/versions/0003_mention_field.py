"""Say which article field an entity's first-mention span points into.

Mentions can be in an image caption as well as in the body: ``field`` is ``text`` for
``Article.text`` or ``images[i].caption``. Rows stored before hold body spans, hence
the server default.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "entities",
        sa.Column("field", sa.String(64), nullable=False, server_default="text"),
    )

"""Say which article field an attribution's spans point into.

The headline is read for attributions as well as the body: ``field`` is ``text`` for
``Article.text`` or ``title`` for ``Article.title``. Rows stored before hold body spans,
hence the server default.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "attributions",
        sa.Column("field", sa.String(64), nullable=False, server_default="text"),
    )

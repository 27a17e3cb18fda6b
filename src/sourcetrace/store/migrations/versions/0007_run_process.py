"""Record the process running each run: its pid and host.

A run still ``running`` whose process is gone (killed, crashed) is marked ``interrupted``
when the next writing run starts (``store/liveness.py``). Runs stored before have
neither: they are marked once older than ``StoreSettings.stale_run_after_s``.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("runs", sa.Column("pid", sa.Integer))
    op.add_column("runs", sa.Column("host", sa.String(255)))

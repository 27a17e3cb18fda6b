"""Alembic migrations of the store, run programmatically on open (see ``store.migrate``).

To add one: write ``versions/NNNN_what.py`` with ``revision``, ``down_revision`` (the
previous file's revision) and ``upgrade()``, change ``store/schema.py`` to match, and
run the store tests (one checks that the migrated database and ``schema.py`` agree).
"""

"""Alembic's entry point, run by generator.archive.db with the connection it opened.

The archive runs its migrations itself (never from the `alembic` command line): the caller puts an
open connection, already inside a transaction, into `config.attributes["connection"]`, so that the
whole upgrade commits or rolls back as one.
"""

from __future__ import annotations

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached when someone runs the alembic CLI by hand
    raise RuntimeError("the archive's migrations are run by generator.archive.db.open_archive")

context.configure(connection=connection, render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()

"""Alembic migrations of the archive, shipped inside the package and run by db.py on every open."""

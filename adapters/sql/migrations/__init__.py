"""Alembic migrations of the SQL store: every schema change is a revision here."""

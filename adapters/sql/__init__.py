"""SQL storage (SQLAlchemy Core): SQLite by default, PostgreSQL at scale."""

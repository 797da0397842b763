"""Storage: the DuckDB schema, writers and readers."""

from .database import DEFAULT_PATH, SCHEMA_VERSION, Database, DatabaseError

__all__ = ["DEFAULT_PATH", "SCHEMA_VERSION", "Database", "DatabaseError"]

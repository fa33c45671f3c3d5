"""The only package that speaks SQL: tables, unit of work, queries, journal hashing,
migrations (Alembic) and backups."""

"""The use cases. Each takes the database (or a unit of work), returns plain data and
raises domain errors; permissions are checked here, not only in screens."""

"""Documents as PDF bytes (reportlab): pure functions of plain data."""

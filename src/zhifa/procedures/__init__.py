"""Time limits and working days: the holiday calendar and the periods computed from it."""

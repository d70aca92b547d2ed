"""Deadlines: the appeal-period calculation (the holiday calendar lookup) over every day of a year."""

from __future__ import annotations

import datetime as dt


def appeal_period_job(project):
    """A job computing the appeal deadline for each receipt day of 2025 (timed by the caller)."""
    from zhifa.procedures.deadlines import day_period
    from zhifa.procedures.workdays import project_calendar

    appeal = project.deadlines.get("appeal")
    days = [dt.date(2025, 1, 1) + dt.timedelta(days=i) for i in range(365)]
    return lambda: [day_period(appeal, d, project_calendar(project)) for d in days]

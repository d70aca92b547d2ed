"""``zhifa stats``: counts of what the project holds."""

from __future__ import annotations

from pathlib import Path

from .loader import load_project


def project_stats(root: Path) -> dict[str, int]:
    project = load_project(root)
    regs = project.regulations.values()
    units = [u for reg in regs for u in reg.walk()]
    return {
        "regulations": len(project.regulations),
        "units": len(units),
        "articles": sum(1 for u in units if u.kind == "article"),
        "errata": sum(len(reg.errata) for reg in regs),
        "notes": sum(len(reg.notes) for reg in regs),
        "problems_on_load": len(project.problems),
    }

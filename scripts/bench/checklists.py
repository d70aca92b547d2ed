"""Checklists: each one, blank and filled from its example, in Word, PDF and Excel (warm, best of two)."""

from __future__ import annotations

import time
from pathlib import Path

from .measure import ROOT

TARGET_CHECKLIST_DOCX_S = 0.2
TARGET_CHECKLIST_PDF_S = 1.5
TARGET_CHECKLIST_XLSX_S = 5.0


def bench_checklists(work: Path) -> dict:
    """In-process, moved here from the checklist tests: median of the best of two writes per document and format
    (the worst for Excel, whose target is per file)."""
    import statistics

    from zhifa.app.fill import write_checklist
    from zhifa.check.checklist_answers import check_answers
    from zhifa.load.loader import load_project
    from zhifa.load.yamlio import read_yaml
    from zhifa.render.view.checklist import checklist_view

    project = load_project(ROOT)
    examples = ROOT / "data" / "examples" / "checklists"
    out = work / "checklists"
    out.mkdir(parents=True, exist_ok=True)
    views = []
    for cid in sorted(project.checklists):
        checklist = project.checklists[cid]
        answers, problems = check_answers(checklist, read_yaml(examples / f"{cid}.yaml"))
        if problems:
            raise RuntimeError(f"example for {cid} does not pass: {problems[0].format()}")
        views += [checklist_view(project, checklist), checklist_view(project, checklist, answers)]
    figures: dict = {"checklists": len(project.checklists), "documents": len(views)}
    for suffix in (".docx", ".pdf", ".xlsx"):
        write_checklist(views[0], out / f"warm{suffix}")
        best = []
        for i, v in enumerate(views):
            runs = []
            for _ in range(2):
                start = time.perf_counter()
                write_checklist(v, out / f"{i}{suffix}")
                runs.append(time.perf_counter() - start)
            best.append(min(runs))
        figures[f"{suffix[1:]}_median_s"] = statistics.median(best)
        figures[f"{suffix[1:]}_worst_s"] = max(best)
    return figures


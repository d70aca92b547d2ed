"""Forms: one fill to .docx and to .pdf (warm), every form in both formats, and each form blank and filled."""

from __future__ import annotations

import time
from pathlib import Path

from .measure import ROOT

TARGET_DOCX_S = 0.050
TARGET_PDF_S = 0.500
TARGET_ALL_FORMS_S = 30.0


def bench_forms(work: Path, form_id: str = "onsite-inspection", repeat: int = 7) -> dict:
    """In-process: the first call of each writer warms caches (fonts, templates), then the median of ``repeat``."""
    import statistics

    from zhifa.app.fill import write_form
    from zhifa.check.case_values import check_case
    from zhifa.load.loader import load_project
    from zhifa.load.yamlio import read_yaml
    from zhifa.render.view.form import form_view

    project = load_project(ROOT)
    examples = ROOT / "data" / "examples" / "forms"
    out = work / "forms"
    out.mkdir(parents=True, exist_ok=True)

    def view_of(fid: str):
        filled, problems = check_case(project, project.forms[fid], read_yaml(examples / f"{fid}.yaml"))
        if problems:
            raise RuntimeError(f"example for {fid} does not pass: {problems[0].format()}")
        return form_view(project, project.forms[fid], filled, 2025)

    view = view_of(form_id)
    figures: dict = {"form": form_id}
    for suffix in (".docx", ".pdf"):
        write_form(view, out / f"warm{suffix}")
        runs = []
        for _ in range(repeat):
            start = time.perf_counter()
            write_form(view, out / f"one{suffix}")
            runs.append(time.perf_counter() - start)
        figures[f"fill{suffix}_s"] = statistics.median(runs)
    start = time.perf_counter()
    for fid in sorted(project.forms):
        v = view_of(fid)
        write_form(v, out / f"{fid}.docx")
        write_form(v, out / f"{fid}.pdf")
    figures["all_forms_s"] = time.perf_counter() - start
    figures["forms"] = len(project.forms)
    # Every form, blank and filled from its example, warm, best of three each: the medians (moved here from the
    # form tests, which no longer time anything).
    views = [form_view(project, project.forms[fid]) for fid in sorted(project.forms)]
    views += [view_of(fid) for fid in sorted(project.forms)]
    for suffix in (".docx", ".pdf"):
        best = []
        for i, v in enumerate(views):
            runs = []
            for _ in range(3):
                start = time.perf_counter()
                write_form(v, out / f"each-{i}{suffix}")
                runs.append(time.perf_counter() - start)
            best.append(min(runs))
        figures[f"each{suffix}_median_s"] = statistics.median(best)
        figures[f"each{suffix}_worst_s"] = max(best)
    figures["views"] = len(views)
    return figures


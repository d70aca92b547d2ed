"""Training: an exam paper and its key, the slide decks and the flashcards (in-process, informative, no targets);
the deadline figure comes from ``deadlines``."""

from __future__ import annotations

import time
from pathlib import Path

from .deadlines import appeal_period_job
from .measure import ROOT


def bench_training(work: Path, repeat: int = 3) -> dict:
    """In-process, informative (no targets): an exam paper and its key, the slide decks, the flashcards, and the
    appeal-period calculation (the holiday calendar lookup) over every day of a year."""
    import statistics

    from zhifa.app.exam import write_exam
    from zhifa.load.loader import load_project
    from zhifa.render.anki.flashcards import write_flashcards
    from zhifa.render.pptx.slides import write_decks

    project = load_project(ROOT)
    out = work / "training"
    out.mkdir(parents=True, exist_ok=True)

    def median(job) -> float:
        job()  # warm: fonts, templates, pandoc's reference deck
        runs = []
        for _ in range(repeat):
            start = time.perf_counter()
            job()
            runs.append(time.perf_counter() - start)
        return statistics.median(runs)

    return {
        "questions": len(project.questions),
        "exam.docx_s": median(lambda: write_exam(project, out / "exam.docx", 30, 7)),
        "exam.pdf_s": median(lambda: write_exam(project, out / "exam.pdf", 30, 7)),
        "decks_s": median(lambda: write_decks(project, out)),
        "flashcards_s": median(lambda: write_flashcards(project, out / "cards.apkg")),
        "appeal_365_s": median(appeal_period_job(project)),
    }


"""Exam papers as files: the paper and its key written together (Word or PDF by the suffix, in any case)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

from zhifa.files.atomic import write_together
from zhifa.model.project import Project
from zhifa.training.exam import SAMPLE_COUNT, SAMPLE_NAME, SAMPLE_SEED, SUFFIXES, ExamError, ExamPaper, build_exam


def key_path(out: Path) -> Path:
    """exam.docx → exam-key.docx"""
    return out.with_name(f"{out.stem}-key{out.suffix}")


def check_output(out: Path) -> None:
    """Raise ExamError if ``out`` is not a .docx or .pdf in an existing folder."""
    if out.suffix.lower() not in SUFFIXES:
        raise ExamError(f"输出文件须以 {' 或 '.join(SUFFIXES)} 结尾：{out.name}")
    if not out.parent.is_dir():
        raise ExamError(f"输出文件夹不存在：{out.parent}（请先建立该文件夹，或换一个输出位置）")


def _renderer(suffix: str) -> Callable[[ExamPaper, bool], bytes]:
    """Word for .docx in any case (.DOCX, .Docx), else PDF (check_output allows only these two)."""
    if suffix.lower() == ".docx":
        from zhifa.render.docx.exam import render_docx

        return render_docx
    from zhifa.render.pdf.exam import render_pdf

    return render_pdf


def write_exam(project: Project, out: Path, count: int, seed: int) -> tuple[Path, Path]:
    """Write the paper to ``out`` and its key beside it (``<stem>-key<suffix>``): both appear, or neither."""
    out = Path(out)
    check_output(out)
    paper = build_exam(project, count, seed)
    _write_all([(out, paper, False), (key_path(out), paper, True)])
    return out, key_path(out)


def write_sample_exam(project: Project, folder: Path) -> list[Path]:
    """exam-sample.docx / .pdf and their keys (30 questions, seed 7; fewer if the bank is smaller) in ``folder``.
    An empty bank writes nothing."""
    count = min(SAMPLE_COUNT, len(project.questions))
    if count < 1:
        return []
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paper = build_exam(project, count, SAMPLE_SEED)
    jobs = [(folder / f"{SAMPLE_NAME}{name}{suffix}", paper, is_key)
            for suffix in SUFFIXES for name, is_key in (("", False), ("-key", True))]
    _write_all(jobs)
    return [path for path, _, _ in jobs]


def _write_all(jobs: Iterable[tuple[Path, ExamPaper, bool]]) -> None:
    """Render every document, then write them all through :func:`zhifa.files.atomic.write_together`: every target is
    replaced, or none (an OSError becomes a WriteError, one Chinese line)."""
    rendered = [(target, _renderer(target.suffix)(paper, is_key)) for target, paper, is_key in jobs]
    write_together([(target, lambda fh, data=data: fh.write(data)) for target, data in rendered])

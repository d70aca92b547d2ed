"""Exam papers as files: the paper and its key written together (Word or PDF by the suffix, in any case, through the
table of writers :mod:`zhifa.app.writers`)."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

from zhifa.app import writers
from zhifa.files.atomic import write_together
from zhifa.model.project import Project
from zhifa.render.site import download_paths
from zhifa.training.exam import SAMPLE_COUNT, SAMPLE_SEED, ExamError, ExamPaper, build_exam


def key_path(out: Path) -> Path:
    """exam.docx → exam-key.docx"""
    return out.with_name(download_paths.key_name(out.name))


def check_output(out: Path) -> None:
    """Raise ExamError if ``out`` is not a .docx or .pdf in an existing folder."""
    if not writers.accepts(writers.EXAM, out.suffix):
        raise ExamError(f"输出文件须以 {' 或 '.join(writers.suffixes(writers.EXAM))} 结尾：{out.name}")
    if not out.parent.is_dir():
        raise ExamError(f"输出文件夹不存在：{out.parent}（请先建立该文件夹，或换一个输出位置）")


def write_exam(project: Project, out: Path, count: int, seed: int) -> tuple[Path, Path]:
    """Write the paper to ``out`` and its key beside it (``<stem>-key<suffix>``): both appear, or neither."""
    out = Path(out)
    check_output(out)
    paper = build_exam(project, count, seed)
    _write_all([(out, paper, False), (key_path(out), paper, True)])
    return out, key_path(out)


def write_sample_exam(project: Project, folder: Path) -> list[Path]:
    """The sample paper and its key, Word and PDF (30 questions, seed 7; fewer if the bank is smaller) in ``folder``,
    named as :mod:`zhifa.render.site.download_paths` says (exam-sample.docx, exam-sample-key.docx …; the build
    passes the folder it names, downloads/training). An empty bank writes nothing."""
    count = min(SAMPLE_COUNT, len(project.questions))
    if count < 1:
        return []
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paper = build_exam(project, count, SAMPLE_SEED)
    jobs = [(folder / posixpath.basename(download_paths.sample_exam_file(suffix, key)), paper, key)
            for suffix in download_paths.EXAM_FORMATS for key in (False, True)]
    _write_all(jobs)
    return [path for path, _, _ in jobs]


def _write_all(jobs: Iterable[tuple[Path, ExamPaper, bool]]) -> None:
    """Render every document, then write them all through :func:`zhifa.files.atomic.write_together`: every target is
    replaced, or none (an OSError becomes a WriteError, one Chinese line)."""
    rendered = [(target, writers.writer(writers.EXAM, target.suffix)(paper, is_key)) for target, paper, is_key in jobs]
    write_together([(target, _writing(data)) for target, data in rendered])


def _writing(data: bytes) -> Callable[[BinaryIO], int]:
    """What writes ``data`` to the file it is given."""
    return lambda fh: fh.write(data)

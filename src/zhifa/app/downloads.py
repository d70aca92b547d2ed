"""Everything under site/downloads/ besides the offline copy: print edition, blank forms and checklists, training,
open data — as jobs, each taken from the build's cache when what it shows is unchanged, spread over the CPUs.

A job is one item's files (a form's Word and PDF, a regulation's slides, the print edition …). Its key is the digest
(:mod:`zhifa.app.fingerprint`) of what the writer is given — the form's view, the print edition's HTML, the
regulation and the questions and forms a deck shows — so an edit to one article rebuilds the downloads that show that
article and takes every other one from :class:`zhifa.app.outcache.OutputCache`. The open data is written every time
(it is fast, and an export of an undated text carries the build's date).

Each file goes where :mod:`zhifa.render.site.download_paths` says (the pages link to the same names), written by the
writer :mod:`zhifa.app.writers` names for its kind and suffix."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import posixpath
import shutil
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from zhifa.app import writers
from zhifa.app.export import write_data
from zhifa.app.fingerprint import digest
from zhifa.app.outcache import OutputCache
from zhifa.model.project import Project
from zhifa.render.site import download_paths as paths
from zhifa.render.view.form import form_view

# What a job makes for its key and its files: (key parts or None for "never cached", write(site) -> paths written).
Prepared = tuple[tuple | None, Callable[[Path], list[Path]]]


@dataclass(frozen=True)
class Job:
    stage: str                                   # the download kind, as the build's progress names it
    rels: tuple[str, ...]                        # the site paths it writes
    prepare: Callable[[Project], Prepared]
    phase: int = 0                               # 1: runs once every job of phase 0 is done (it reads their files)
    intermediate: bool = False                   # its files are read by a later job, not published


class WorkerDied(Exception):
    """A worker process ended without finishing its job (killed, out of memory)."""


@dataclass(frozen=True)
class Done:
    job: int
    cached: bool
    paths: list[Path]  # what it published (none for an intermediate job)


def jobs(project: Project) -> list[Job]:
    """Every download job of the project, the slow ones first (the print edition lays out the whole handbook)."""
    from zhifa.render.pdf.print_edition import parts

    out = [Job("打印版", (part_file(n),), _print_part(n), intermediate=True)
           for n in range(len(parts(print_body(project))))]
    out.append(Job("打印版", (paths.PRINT_PDF,), _print_pdf, phase=1))
    out.append(Job("打印版", (paths.PRINT_DOCX,), _print_docx))
    for form_id in sorted(project.forms):
        out.append(Job("表单", tuple(paths.form_file(form_id, s) for s in paths.FORM_FORMATS),
                       _blank(writers.FORM, form_id, _form_view, paths.form_file, paths.FORM_FORMATS)))
    for cl_id in sorted(project.checklists):
        out.append(Job("检查表", tuple(paths.checklist_file(cl_id, s) for s in paths.CHECKLIST_FORMATS),
                       _blank(writers.CHECKLIST, cl_id, _checklist_view, paths.checklist_file,
                              paths.CHECKLIST_FORMATS)))
    for reg in project.ordered_regulations():
        out.append(Job("培训材料", (paths.slides_file(reg.id),), _slides(reg.id)))
    out.append(Job("培训材料", (paths.FLASHCARDS,), _flashcards))
    if project.questions:
        exam = tuple(paths.sample_exam_file(s, key) for s in paths.EXAM_FORMATS for key in (False, True))
        out.append(Job("培训材料", exam, _sample_exam))
    out.append(Job("开放数据", (), _open_data))
    return out


_BODY: tuple[Project, object] | None = None


def print_body(project: Project):
    """The print edition's HTML body, built once per project: the build's process makes it when it lists the jobs,
    and the forked workers inherit it."""
    global _BODY
    if _BODY is None or _BODY[0] is not project:
        from zhifa.render.view.print_edition import PrintBody

        _BODY = (project, PrintBody(project))
    return _BODY[1]


PARTS_DIR = ".print-parts"  # in the downloads' own folder, removed once the PDF edition is put together


def part_file(n: int) -> str:
    return f"{PARTS_DIR}/{n}.pdf"


def _print_part(n: int) -> Callable[[Project], Prepared]:
    """Some regulations of the PDF edition, laid out on their own (:mod:`zhifa.render.pdf.print_edition`)."""
    def prepare(project: Project) -> Prepared:
        from zhifa.render.pdf import print_edition as pdf

        body = print_body(project)
        part = pdf.parts(body)[n]

        def write(site: Path) -> list[Path]:
            target = site / part_file(n)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(pdf.part_pdf(body, part))
            return [target]
        return ("print part", pdf.part_html(body, part)), write
    return prepare


def _print_pdf(project: Project) -> Prepared:
    """The PDF edition: cover and contents, then the parts the phase-0 jobs laid out."""
    from zhifa.render.pdf import print_edition as pdf

    body = print_body(project)
    laid_out = [pdf.part_html(body, part) for part in pdf.parts(body)]
    key = ("print pdf", laid_out, body.toc, body.toc_part, project.jurisdiction.values(), len(project.regulations))

    def write(site: Path) -> list[Path]:
        target = site / paths.PRINT_PDF
        target.parent.mkdir(parents=True, exist_ok=True)
        pdf.assemble(project, body, [(site / part_file(n)).read_bytes() for n in range(len(laid_out))], target)
        return [target]
    return key, write


def _print_docx(project: Project) -> Prepared:
    body = print_body(project)
    key = ("print docx", body.html, project.jurisdiction.values())

    def write(site: Path) -> list[Path]:
        target = site / paths.PRINT_DOCX
        target.parent.mkdir(parents=True, exist_ok=True)
        writers.writer(writers.PRINT_EDITION, ".docx")(project, body, target)
        return [target]
    return key, write


def _blank(kind: str, item_id: str, view_of: Callable[[Project, str], object],
           path_of: Callable[[str, str], str], suffixes: tuple[str, ...]) -> Callable[[Project], Prepared]:
    """A blank form or checklist: its view is what the files show, in every format."""
    def prepare(project: Project) -> Prepared:
        view = view_of(project, item_id)

        def write(site: Path) -> list[Path]:
            for folder in {posixpath.dirname(path_of(item_id, s)) for s in suffixes}:
                (site / folder).mkdir(parents=True, exist_ok=True)
            return [writers.writer(kind, s)(view, site / path_of(item_id, s)) for s in suffixes]
        return (kind, view), write
    return prepare


def _form_view(project: Project, form_id: str):
    return form_view(project, project.forms[form_id])


def _checklist_view(project: Project, cl_id: str):
    from zhifa.render.view.checklist import checklist_view

    return checklist_view(project, project.checklists[cl_id])


def _slides(reg_id: str) -> Callable[[Project], Prepared]:
    """A deck is keyed on what pandoc is given: its Markdown and title lines (which quote its regulation, the forms
    that cite it, its questions and whatever other regulations they cite)."""
    def prepare(project: Project) -> Prepared:
        from zhifa.render.pptx.slides import deck_markdown, deck_slides, title_metadata

        reg = project.regulations[reg_id]
        key = ("slides", deck_markdown(deck_slides(project, reg)), title_metadata(project, reg))

        def write(site: Path) -> list[Path]:
            target = site / paths.slides_file(reg_id)
            target.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryDirectory(prefix="zhifa-slides-") as work:
                return [writers.writer(writers.SLIDES, ".pptx")(project, reg, target, Path(work))]
        return key, write
    return prepare


def _bank_key(project: Project, what: str) -> tuple:
    """The question bank cites units of any regulation by their labels and titles: every regulation counts."""
    return (what, project.questions, project.ordered_regulations(), project.jurisdiction)


def _flashcards(project: Project) -> Prepared:
    from zhifa.render.anki.flashcards import source_time

    def write(site: Path) -> list[Path]:
        (site / paths.TRAINING).mkdir(parents=True, exist_ok=True)
        return [writers.writer(writers.FLASHCARDS, ".apkg")(project, site / paths.FLASHCARDS)]
    # The notes carry the newest source file's time (Anki updates notes that are newer): it is part of the file.
    return (*_bank_key(project, "flashcards"), source_time(project)), write


def _sample_exam(project: Project) -> Prepared:
    from zhifa.app.exam import write_sample_exam

    return _bank_key(project, "sample exam"), lambda site: write_sample_exam(project, site / paths.TRAINING)


def _open_data(project: Project) -> Prepared:
    return None, lambda site: write_data(project, site)


# ---------------------------------------------------------------- running the jobs

_PROJECT: Project | None = None   # the project and jobs of the running build, inherited by forked workers
_JOBS: list[Job] = []


def _run(index: int, site: Path, cache: OutputCache) -> Done:
    try:
        return _run_job(index, site, cache)
    except Exception as exc:
        try:
            pickle.loads(pickle.dumps(exc))
        except Exception:  # an error that cannot travel back from a worker: its words can
            raise RuntimeError(str(exc)) from None
        raise


def _run_job(index: int, site: Path, cache: OutputCache) -> Done:
    assert _PROJECT is not None
    job = _JOBS[index]
    parts, write = job.prepare(_PROJECT)
    key = digest(*parts) if parts is not None else None
    if key is not None and cache.fetch(key, job.rels, site):
        cached, written = True, [site / rel for rel in job.rels]
    else:
        cached, written = False, [Path(p) for p in write(site)]
        if key is not None and all((site / rel).is_file() for rel in job.rels):
            cache.store(key, job.rels, site)
    return Done(index, cached, [] if job.intermediate else written)


def _end_with_parent() -> None:
    """A worker ends when the build's process does, however that ends (SIGKILL, the OOM killer): Linux's
    PR_SET_PDEATHSIG; elsewhere nothing (the pool stops its workers on every ordinary exit)."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def worker_count() -> int:
    """One worker per CPU this process may use; ZHIFA_JOBS overrides (1: everything in the build's process)."""
    wanted = os.environ.get("ZHIFA_JOBS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class Downloads:
    """The downloads of one build, started with :meth:`start` (in worker processes where there are several CPUs,
    so the site can be built meanwhile) and collected with :meth:`results`."""

    def __init__(self, project: Project, site: Path, cache: OutputCache, workers: int | None = None):
        self.project, self.site, self.cache = project, site, cache
        self.jobs = jobs(project)
        self.workers = worker_count() if workers is None else workers
        self.pool: ProcessPoolExecutor | None = None
        self.futures: list[Future] = []

    def _phase(self, phase: int) -> list[int]:
        return [i for i, job in enumerate(self.jobs) if job.phase == phase]

    def start(self) -> None:
        global _PROJECT, _JOBS
        _PROJECT, _JOBS = self.project, self.jobs
        if self.workers > 1 and "fork" in multiprocessing.get_all_start_methods():
            self.pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("fork"),
                                            initializer=_end_with_parent)
            self.futures = [self.pool.submit(_run, i, self.site, self.cache) for i in self._phase(0)]

    def results(self) -> Iterator[Done]:
        """Each job's result as it is done (in order where it runs in this process); the first failure is raised
        and the jobs not yet begun are cancelled. The laid-out parts of the PDF edition are gone at the end."""
        try:
            if self.pool is None:
                for i in self._phase(0) + self._phase(1):
                    yield _run(i, self.site, self.cache)
            else:
                try:
                    for future in self.futures:
                        yield future.result()
                    for future in [self.pool.submit(_run, i, self.site, self.cache) for i in self._phase(1)]:
                        yield future.result()
                except BrokenProcessPool:
                    raise WorkerDied("生成下载文件的子进程意外终止（可能内存不足）；可设 ZHIFA_JOBS=1 在一个进程中生成"
                                     ) from None
        finally:
            self.close()
        shutil.rmtree(self.site / PARTS_DIR, ignore_errors=True)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

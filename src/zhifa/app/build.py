"""``zhifa build``: check, render the site and the downloads into a temporary folder, then swap it in.

One build per output folder at a time (``buildlock``). Each build works in a folder of its own beside the output
(``.site.building-XXXX``, on the same filesystem, so the final move is a rename). Before the swap the new site is
checked against what the build planned: every page MkDocs was given and every download the writers reported, there
and non-empty, and nothing with a temporary name. Whatever fails (bad data, a plugin, a full disk, a permission),
the last good ``site/`` stays as it was and no temporary folder is left behind.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

from zhifa.app import sitestamp
from zhifa.app.buildlock import BuildLocked, build_lock
from zhifa.app.outcache import OutputCache
from zhifa.app.progress import Progress
from zhifa.check.project import check_project
from zhifa.files import memo
from zhifa.files.atomic import os_error_cause
from zhifa.load.loader import cached_project
from zhifa.model.problems import Problem
from zhifa.render.site.download_paths import OFFLINE_ZIP


class BuildFailed(Exception):
    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.problems = problems or []


def _note_on_stderr(text: str) -> None:
    print(f"zhifa build: {text}", file=sys.stderr)


def build_site(root: Path, out: Path | None = None, quiet: bool = True, downloads: bool = True,
               note: Callable[[str], None] = _note_on_stderr, progress: Progress | None = None,
               cache: bool = True) -> Path:
    """Build the whole site into ``out`` (default ``root/site``) atomically; return ``out``. Nothing is rebuilt when
    the site is what the inputs make (:mod:`zhifa.app.sitestamp`); downloads whose content is unchanged come from the
    cache (:mod:`zhifa.app.outcache`) unless ``cache`` is False."""
    progress = progress or Progress(enabled=False)
    # Read before the data: an edit made while this build runs is then seen by the next one.
    key = sitestamp.inputs_key(root.resolve(), downloads)
    with progress.stage("检查数据") as stage:
        project = cached_project(root)
        problems = check_project(project)
        stage.summary = f"{len(project.regulations)} 部规章，{len(project.forms)} 种文书，{len(project.checklists)} 张检查表"
    if problems:
        raise BuildFailed("数据有误，未生成网站", problems)
    out = (out or root / "site").resolve()
    try:
        _make_folder(out.parent)
        with build_lock(out) as stale:
            if stale:
                note(stale)
            _remove_debris(out)
            if cache and sitestamp.is_current(project.root, out, key):
                progress.line("输入与上次构建相同，网站未变，无需重新生成")
                return out
            sitestamp.forget(project.root, out)
            memo.enabled = cache
            try:
                _build_locked(project, root, out, quiet, downloads, progress, OutputCache(project.root, enabled=cache))
            finally:
                memo.enabled = True
            sitestamp.record(project.root, out, key)
    except BuildLocked as exc:
        raise BuildFailed(str(exc)) from None
    except OSError as exc:
        raise BuildFailed(describe_os_error(exc, out)) from None
    return out


def _make_folder(path: Path) -> None:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # a file where the folder should be
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(path)) from None


def _build_locked(project, root: Path, out: Path, quiet: bool, downloads: bool, progress: Progress,
                  cache: OutputCache) -> None:
    if out.exists() and not out.is_dir():
        raise BuildFailed(f"{out}：已存在且不是文件夹，未生成网站")
    # A mount point cannot be renamed: build inside it, on its filesystem, and swap its contents.
    place = out if os.path.ismount(out) else out.parent
    work = Path(tempfile.mkdtemp(dir=place, prefix=f".{out.name}.building-"))
    # MkDocs empties its site folder when it starts: the downloads, written meanwhile, go to a folder of their own.
    loads = Path(tempfile.mkdtemp(dir=place, prefix=f".{out.name}.building-downloads-"))
    try:
        planned = _pages_and_downloads(project, root, work, loads, quiet, downloads, progress, cache)
        from zhifa.check.outputs import check_outputs

        with progress.stage("检查生成文件中的引用"):
            wrong = check_outputs(project, work, shown_prefix=f"{out.name}/")
        if wrong:
            raise BuildFailed("生成的文件中有错误的引用，未更新网站", wrong)
        kept = sitestamp.keep_times(work, out)
        with progress.stage("离线版") as stage:
            planned.append(_relative(write_offline_zip(work), work))
            kept += sitestamp.keep_times(work, out, [OFFLINE_ZIP])
            stage.summary = f"{(work / OFFLINE_ZIP).stat().st_size / 1e6:.1f} MB"
        missing = incomplete(work, planned)
        if missing:
            shown = "、".join(missing[:3]) + (f" 等 {len(missing)} 项" if len(missing) > 3 else "")
            raise BuildFailed(f"生成的网站不完整（{shown}），未更新网站")
        with progress.stage("发布") as stage:
            _swap(work, out)
            stage.summary = f"{len(planned)} 个文件，其中 {kept} 个与上次相同（保留原时间）"
        cache.prune()
    except (OSError, RuntimeError) as exc:
        found = os_error_in(exc)
        if found is None:
            raise
        # Name the file as it would be in the published site, not in the work folder that is about to go.
        for attr in ("filename", "filename2"):
            name = getattr(found, attr)
            for folder in (work, loads):
                if isinstance(name, str) and Path(name).is_relative_to(folder):
                    setattr(found, attr, str(out / Path(name).relative_to(folder)))
        raise found from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(loads, ignore_errors=True)


def _pages_and_downloads(project, root: Path, work: Path, loads: Path, quiet: bool, downloads: bool,
                         progress: Progress, cache: OutputCache) -> list[str]:
    """MkDocs in this process into ``work`` while the downloads are written into ``loads`` by worker processes, then
    moved into ``work``; the site paths planned."""
    from zhifa.app.downloads import Downloads, WorkerDied  # the renderers load only when something is built

    run = Downloads(project, loads, cache) if downloads else None
    try:
        return _run_both(project, root, work, loads, quiet, run, progress)
    except WorkerDied as exc:
        raise BuildFailed(f"{exc}，未更新网站") from None


def _run_both(project, root: Path, work: Path, loads: Path, quiet: bool, run, progress: Progress) -> list[str]:
    try:
        if run is not None:
            run.start()
        from zhifa.mkdocs.build import MkDocsFailed, run_mkdocs

        with progress.stage("生成网页") as stage:
            try:
                planned = run_mkdocs(root / "mkdocs.yml", work, quiet)
            except MkDocsFailed as exc:
                raise BuildFailed(f"网站生成失败：{exc}") from None
            stage.summary = f"{len(planned)} 个文件"
        if run is None:
            return planned
        with progress.stage("生成下载文件") as stage:
            stage.total(len(run.jobs))
            fresh = taken = 0
            for done in run.results():
                planned += [_relative(path, loads) for path in done.paths]
                taken, fresh = taken + done.cached, fresh + (not done.cached)
                stage.advance(run.jobs[done.job].stage)
            stage.summary = (f"{len(run.jobs)} 项（{run.workers} 个进程）：{fresh} 项重新生成，"
                             f"{taken} 项内容未变、取自缓存")
        _move_into(loads, work)
        return planned
    finally:
        if run is not None:
            run.close()


def _move_into(source: Path, target: Path) -> None:
    """Rename every file under ``source`` to the same place under ``target`` (one filesystem)."""
    for folder, _dirs, files in os.walk(source):
        into = target / Path(folder).relative_to(source)
        into.mkdir(parents=True, exist_ok=True)
        for name in files:
            os.replace(Path(folder) / name, into / name)


def _relative(path: Path, base: Path) -> str:
    return Path(path).relative_to(base).as_posix()


TEMPORARY_SUFFIXES = (".part", ".tmp")


def incomplete(site: Path, planned: Iterable[str]) -> list[str]:
    """What is wrong with a built site before it is published: planned files missing or empty, temporary names."""
    wrong = []
    for rel in sorted(set(planned)):
        path = site / rel
        if not path.is_file():
            wrong.append(f"缺少 {rel}")
        elif path.stat().st_size == 0:
            wrong.append(f"{rel} 为空")
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site)
        if any(part.startswith(".") or part.endswith(TEMPORARY_SUFFIXES) for part in relative.parts):
            wrong.append(f"临时文件 {relative.as_posix()}")
    return wrong


def write_offline_zip(site: Path) -> Path:
    """A copy of the whole site that works opened from disk (file://), search included."""
    target = site / OFFLINE_ZIP
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".zip.part")
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            for path in sorted(site.rglob("*")):
                rel = path.relative_to(site).as_posix()
                if path.is_file() and rel != OFFLINE_ZIP and not rel.endswith(".part") and not rel.endswith(".gz"):
                    archive.write(path, f"handbook/{rel}")
            # Dated like the newest file, not the clock: an unchanged site gives the same archive, byte for byte.
            newest = max((p.stat().st_mtime for p in site.rglob("*") if p.is_file() and p != partial), default=0)
            readme = zipfile.ZipInfo("handbook/使用说明.txt", time.localtime(max(newest, 315532800))[:6])
            readme.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(readme, "解压后用浏览器打开 handbook/index.html 即可使用，无需联网，搜索可用。\n")
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


# ---------------------------------------------------------------- putting the new site in place

def _debris(out: Path) -> list[Path]:
    """Work folders a build of ``out`` makes; only a build that ended without cleaning up leaves them."""
    places = [out.parent] + ([out] if out.is_dir() else [])
    return [path for place in places for kind in ("building", "new", "old")
            for path in place.glob(f".{out.name}.{kind}*")]


def _remove_debris(out: Path) -> None:
    """Run with the lock held: no other build of ``out`` is using them."""
    for path in _debris(out):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


def _swap(new: Path, out: Path) -> None:
    """Put ``new`` (a folder beside ``out``, or inside it if ``out`` is a mount point) in place of ``out``."""
    if new.parent == out:
        _replace_contents(new, out)
        return
    if not out.exists():
        new.rename(out)
        return
    old = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.old-"))
    try:
        out.rename(old)  # onto an empty folder: allowed
    except OSError as exc:
        old.rmdir()
        if exc.errno not in (errno.EBUSY, errno.EXDEV, errno.EPERM, errno.EACCES):
            raise
        _copy_into(new, out)  # a mount point that looked like a folder (bind mount), or a folder we may not move
        return
    try:
        new.rename(out)
    except BaseException:
        old.rename(out)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _copy_into(new: Path, out: Path) -> None:
    """Copy ``new`` into a hidden folder inside ``out`` (its filesystem), then swap the contents there."""
    staged = Path(tempfile.mkdtemp(dir=out, prefix=f".{out.name}.new-"))
    try:
        for folder, dirs, files in os.walk(new):  # not copytree: it gathers errors into one without an errno
            target = staged / Path(folder).relative_to(new)
            for name in dirs:
                (target / name).mkdir()
            for name in files:
                shutil.copyfile(Path(folder) / name, target / name)
        _replace_contents(staged, out)
    finally:
        shutil.rmtree(staged, ignore_errors=True)


def _replace_contents(new: Path, out: Path) -> None:
    """Move ``out``'s entries aside and ``new``'s in (renames on one filesystem); undo all of it if one fails."""
    old = Path(tempfile.mkdtemp(dir=out, prefix=f".{out.name}.old-"))
    moved_out: list[str] = []
    moved_in: list[str] = []
    try:
        for name in sorted(os.listdir(out)):
            if name not in (new.name, old.name):
                os.rename(out / name, old / name)
                moved_out.append(name)
        for name in sorted(os.listdir(new)):
            os.rename(new / name, out / name)
            moved_in.append(name)
    except BaseException:
        for name in moved_in:
            os.rename(out / name, new / name)
        for name in moved_out:
            os.rename(old / name, out / name)
        old.rmdir()
        raise
    shutil.rmtree(old, ignore_errors=True)


# ---------------------------------------------------------------- errors of the filesystem, for people

_ERRNO_OF_MESSAGE = {os.strerror(code): code for code in errno.errorcode}
# pandoc (through pypandoc, as RuntimeError): "pandoc: PATH: hPutBuf: resource exhausted (No space left on device)"
_PANDOC_IO_ERROR = re.compile(r"pandoc: (?P<path>[^\n]+?): \w+: [^\n(]*\((?P<message>[^)\n]+)\)")


def os_error_in(exc: BaseException) -> OSError | None:
    """The filesystem error behind ``exc``: itself, what it was raised from, or what pandoc reported."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, OSError):
            return seen
        seen = seen.__cause__ or seen.__context__
    match = _PANDOC_IO_ERROR.search(str(exc)) if "pandoc" in str(exc).lower() else None
    if match and match["message"] in _ERRNO_OF_MESSAGE:
        code = _ERRNO_OF_MESSAGE[match["message"]]
        return OSError(code, os.strerror(code), match["path"])
    return None


def describe_os_error(exc: OSError, out: Path) -> str:
    """One Chinese line: the path, the cause, and that the last good site is untouched."""
    cause = getattr(exc, "cause", None) or os_error_cause(exc)
    # Writing a copy, the destination is what did not fit: shutil names it second.
    second = exc.errno in (errno.ENOSPC, errno.EDQUOT) and exc.filename2 is not None
    path = exc.filename2 if second else exc.filename if exc.filename is not None else out
    return f"无法写入 {os.fsdecode(path)}：{cause}，未更新网站（原有的 {out} 保持不变）"

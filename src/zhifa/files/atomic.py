"""Write files so that readers see the old file or the whole new one, never a partial one; and say in Chinese why a
write failed (:func:`os_error_cause`, :class:`WriteError`), for every command that writes."""

from __future__ import annotations

import errno
import io
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

T = TypeVar("T")

_CAUSES = {
    "EACCES": "没有写入权限",
    "EPERM": "没有写入权限",
    "EROFS": "该位置只读（只读的磁盘或共享文件夹）",
    "ENOSPC": "磁盘空间已满",
    "EDQUOT": "磁盘配额已用完",
    "EFBIG": "文件超过允许的大小",
    "ENOTDIR": "路径中有一段不是文件夹",
    "EISDIR": "该位置已有同名文件夹",
    "EBUSY": "该位置正被占用",
    "ETXTBSY": "该文件正被占用",
    "ENAMETOOLONG": "文件名或路径过长",
    "ENOENT": "路径不存在",
    "EIO": "读写磁盘时出错",
    "EINVAL": "文件名不合法",
    "EEXIST": "已有同名文件",
}
_WINDOWS_IN_USE = (32, 33)   # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION


def os_error_cause(exc: OSError) -> str:
    """The cause of ``exc`` in Chinese, a few words (for “无法写入 <path>：<cause>”); unknown ones keep the system's text."""
    if getattr(exc, "winerror", None) in _WINDOWS_IN_USE:
        return "文件正被其他程序（如 Word、Excel）打开，请关闭后重试"
    name = errno.errorcode.get(exc.errno or -1, "")
    cause = _CAUSES.get(name)
    if cause is None:
        return f"系统错误：{exc.strerror or exc}"
    if name == "EACCES" and os.name == "nt":
        cause += "，或文件正被其他程序（如 Word、Excel）打开"
    return cause


class WriteError(OSError):
    """Writing ``path`` failed; ``str()`` is one Chinese line naming the path and the cause."""

    def __init__(self, path: Path, error: OSError, cause: str | None = None):
        super().__init__(error.errno, error.strerror, str(path))
        self.path = Path(path)
        self.cause = cause or os_error_cause(error)

    def __reduce__(self):  # to travel from a build's worker process: OSError's own pickling calls __init__ wrongly
        return _write_error, (str(self.path), self.errno, self.strerror, self.cause)

    def __str__(self) -> str:
        return f"无法写入 {self.path}：{self.cause}"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _blocking_file(out: Path) -> Path | None:
    """The first folder on the way to ``out`` that exists but is a file."""
    for parent in reversed(out.parents):
        if parent.exists() and not parent.is_dir():
            return parent
    return None


def _prepare(out: Path) -> tuple[int, str]:
    """Create the folder of ``out`` and a temporary file in it; raises WriteError."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        if out.is_dir():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(out))
        return tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    except (NotADirectoryError, FileExistsError) as exc:
        blocking = _blocking_file(out)
        raise WriteError(out, exc, f"路径中的 {blocking} 是文件，不是文件夹" if blocking else None) from exc
    except OSError as exc:
        raise WriteError(out, exc) from exc


def write_together(jobs: Sequence[tuple[Path, Callable[[BinaryIO], Any]]]) -> list[Any]:
    """For each (path, write): call ``write`` with an in-memory file, copy what it wrote to a temporary file beside
    ``path``; when every one is written, rename them all into place. Any error removes every temporary file, and no
    target changes unless all were written (only a failing rename itself, after the others, could leave some
    replaced). An OSError becomes a :class:`WriteError` naming its target. Returns what each ``write`` returned.

    ``write`` never sees the disk: writers that leave a zip archive open when the disk fails under them (openpyxl,
    python-docx) cannot then print a traceback when the archive is collected; our files are at most a few MB."""
    staged: list[tuple[str, Path]] = []
    results: list[Any] = []
    try:
        for out, write in jobs:
            out = Path(out)
            buffer = io.BytesIO()
            results.append(write(buffer))
            fd, tmp = _prepare(out)
            staged.append((tmp, out))
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(buffer.getbuffer())
                    fh.flush()
                    os.fsync(fh.fileno())
                os.chmod(tmp, 0o666 & ~_umask())
            except OSError as exc:
                raise WriteError(out, exc) from exc
        for tmp, out in staged:
            try:
                os.replace(tmp, out)
            except OSError as exc:
                raise WriteError(out, exc) from exc
    except BaseException:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        raise
    return results


def _write_error(path: str, code: int | None, strerror: str | None, cause: str) -> WriteError:
    return WriteError(Path(path), OSError(code, strerror), cause)


def write_atomically(out: Path, write: Callable[[BinaryIO], T]) -> T:
    """Call ``write`` with an in-memory file, copy that to a temporary file beside ``out``, rename it to ``out``; on
    any error remove it. An OSError becomes a :class:`WriteError` (one Chinese line)."""
    return write_together([(Path(out), write)])[0]

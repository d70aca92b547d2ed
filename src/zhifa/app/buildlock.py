"""One build per output folder at a time.

The lock is ``.<out>.lock`` beside the output folder (``.site.lock`` beside ``site/``), held with ``filelock``'s
``fcntl.flock``: the kernel releases it when the holder ends, even killed. While held, the file names the holder
(process id, host, start time) for the message a second build prints; a clean release empties it, so a file that
still names someone when the lock is free was left by a build that did not finish.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path

from filelock import FileLock, Timeout


class BuildLocked(Exception):
    """Another build of the same output folder is running."""


def lock_path(out: Path) -> Path:
    return out.parent / f".{out.name}.lock"


@contextmanager
def build_lock(out: Path) -> Iterator[str | None]:
    """Hold the build lock of ``out``; yield a note (Chinese) if the last holder ended without releasing it."""
    path = lock_path(out)
    lock = FileLock(str(path))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise BuildLocked(_busy_message(path)) from None
    try:
        previous = _read_holder(path)
        _write(path, json.dumps({"pid": os.getpid(), "host": socket.gethostname(),
                                 "started": datetime.now().isoformat(timespec="seconds")}))
        yield f"上次构建（{_describe(previous)}）未正常结束，已接管构建锁并清理其遗留的临时文件夹" if previous else None
    finally:
        with suppress(OSError):  # best effort: a file left non-empty only makes the next build add a note
            _write(path, "")
        lock.release()


def _write(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)


def _read_holder(path: Path) -> dict | None:
    """What the lock file says about its holder; None if it is empty (released cleanly or never held)."""
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    if not text:
        return None
    try:
        holder = json.loads(text)
    except ValueError:
        return {}
    return holder if isinstance(holder, dict) else {}


def _describe(holder: dict) -> str:
    parts = []
    if "pid" in holder:
        parts.append(f"进程 {holder['pid']}")
    if holder.get("host") and holder.get("host") != socket.gethostname():
        parts.append(f"主机 {holder['host']}")
    if holder.get("started"):
        parts.append(f"始于 {str(holder['started']).replace('T', ' ')}")
    return "，".join(parts) or "进程不明"


def _busy_message(path: Path) -> str:
    holder = _read_holder(path)
    who = f"（{_describe(holder)}）" if holder else ""
    return f"另一个构建正在进行{who}，请稍后再试（锁文件 {path}）"

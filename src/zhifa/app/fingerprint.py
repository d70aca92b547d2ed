"""What an output is made of, as one digest: the code that writes it and the data it shows.

A build compares digests to know what it may take from its cache (:mod:`zhifa.app.outcache`) and whether the site is
already what the inputs would make (:mod:`zhifa.app.sitestamp`). The code is the zhifa package's files and the
installed distributions with their versions; the data is whatever the caller passes, by its ``repr`` (the views and
models are dataclasses and pydantic models, whose repr shows every field). A repr with a memory address in it would
differ in every process and defeat the cache without anyone noticing: :func:`digest` refuses it.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

import zhifa

_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+>")


class UnstableKey(ValueError):
    """A value whose repr changes from process to process (it shows a memory address)."""


FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.fonts", "~/.local/share/fonts")
UNKEYED_ENV = ("ZHIFA_JOBS",)  # how many workers: no effect on any file


@functools.cache
def code_version() -> str:
    """A digest of every file of the zhifa package, the installed distributions' names and versions, the fonts
    installed (a new font may take over a CSS font stack) and the ZHIFA_ environment (ZHIFA_FORM_FONTS …)."""
    h = hashlib.sha256()
    for folder in FONT_DIRS:
        for path in sorted(Path(folder).expanduser().rglob("*")) if Path(folder).expanduser().is_dir() else []:
            if path.is_file():
                stat = path.stat()
                h.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    for name, value in sorted(os.environ.items()):
        if name.startswith("ZHIFA_") and name not in UNKEYED_ENV:
            h.update(f"{name}={value}\n".encode())
    package = Path(zhifa.__file__).parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for name, version in sorted({(d.metadata["Name"] or "", d.version) for d in metadata.distributions()}):
        h.update(f"{name}=={version}\n".encode())
    return h.hexdigest()


def digest(*parts: object) -> str:
    """One hex digest of the code version and the reprs of ``parts``; UnstableKey if a repr shows an address."""
    h = hashlib.sha256(code_version().encode())
    for part in parts:
        text = part if isinstance(part, str) else repr(part)
        found = _ADDRESS.search(text)
        if found:
            start = max(0, found.start() - 60)
            raise UnstableKey(f"repr shows a memory address: …{text[start:found.end()]}")
        h.update(b"\0" + text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def files_digest(root: Path, names: Iterable[str]) -> str:
    """A digest of the files at or under ``root/name`` for each name (paths and contents; a missing name counts)."""
    h = hashlib.sha256()
    for name in names:
        top = root / name
        paths = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file()) if top.is_dir() else []
        h.update(f"{name}:{len(paths)}\n".encode())
        for path in paths:
            if "__pycache__" in path.parts:
                continue
            h.update(path.relative_to(root).as_posix().encode() + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()

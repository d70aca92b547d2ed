"""The build's cache of written files: each entry the files one job wrote, under the digest of what they are made of.

``build/cache/outputs/<digest>/`` holds the files by their site paths. An entry is written in a hidden folder beside
it and renamed into place whole, so a build that stops half-way leaves no half entry, and two builds writing the same
entry at once keep one (the second rename fails and its folder is dropped). Taking an entry copies its files, their
times kept. Whatever goes wrong with the cache (a missing or unreadable entry, a full disk, a read-only project) the
job is simply written again: the cache can only save time, never change a result.

Entries not used for :data:`KEEP_DAYS` days are removed after a build (a build touches what it uses).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

CACHE_DIR = "build/cache"
KEEP_DAYS = 14


class OutputCache:
    def __init__(self, root: Path, enabled: bool = True):
        self.folder = Path(root) / CACHE_DIR / "outputs"
        self.enabled = enabled

    def _entry(self, key: str) -> Path:
        return self.folder / key

    def fetch(self, key: str, rels: Sequence[str], site: Path) -> bool:
        """Copy the entry's files to ``site/rel``; False (and nothing left half-copied) if the entry is not whole."""
        if not self.enabled:
            return False
        entry = self._entry(key)
        sources = [entry / rel for rel in rels]
        try:
            if not all(path.is_file() for path in sources):
                return False
            for source, rel in zip(sources, rels):
                target = site / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
            os.utime(entry)  # used now: kept for another KEEP_DAYS
        except OSError:
            for rel in rels:
                (site / rel).unlink(missing_ok=True)
            return False
        return True

    def store(self, key: str, rels: Sequence[str], site: Path) -> None:
        """Keep a copy of ``site/rel`` for each rel under ``key``; silently nothing if that cannot be done."""
        if not self.enabled or self._entry(key).is_dir():
            return
        staged = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            staged = Path(tempfile.mkdtemp(dir=self.folder, prefix=f".{key[:12]}-"))
            for rel in rels:
                (staged / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(site / rel, staged / rel)
            os.rename(staged, self._entry(key))
            staged = None
        except OSError:
            pass
        finally:
            if staged is not None:
                shutil.rmtree(staged, ignore_errors=True)

    def prune(self, now: float | None = None) -> int:
        """Remove entries unused for KEEP_DAYS and left-over hidden folders older than a day; how many went."""
        now = time.time() if now is None else now
        removed = 0
        try:
            entries = list(self.folder.iterdir())
        except OSError:  # no cache yet, or one this build may not read
            return 0
        for path in entries:
            try:
                age = now - path.stat().st_mtime
            except OSError:
                continue
            if age > KEEP_DAYS * 86400 or (path.name.startswith(".") and age > 86400):
                shutil.rmtree(path, ignore_errors=True)
                removed += 1
        return removed

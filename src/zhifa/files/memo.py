"""Answers kept between builds in one JSON file each (``build/cache/<name>.json``): the search index's words of a
text, the CSP check of a page. A memo holds the answers of one ``version`` (a digest of what computes them); another
version starts empty. Only the answers used by the last build are saved, so a memo does not grow with old texts.
The file is replaced whole (an unreadable one counts as empty); ``zhifa build --no-cache`` turns memos off.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from zhifa.files.atomic import write_atomically

CACHE_DIR = "build/cache"
enabled = True  # zhifa build --no-cache sets it False for its run


class JsonMemo:
    def __init__(self, path: Path | None, version: str):
        self.path, self.version = path, version
        self.known: dict[str, Any] = {}
        self.used: dict[str, Any] = {}
        if path is not None:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if isinstance(data, dict) and data.get("version") == version and isinstance(data.get("answers"), dict):
                    self.known = data["answers"]
            except (OSError, ValueError):
                pass

    def get(self, key: str) -> Any | None:
        value = self.used.get(key, self.known.get(key))
        if value is not None:
            self.used[key] = value
        return value

    def put(self, key: str, value: Any) -> None:
        self.used[key] = value

    def save(self) -> None:
        """Write the answers this build used; nothing if there is no file to write, or if that fails."""
        if self.path is None or self.used == self.known:
            return
        data = json.dumps({"version": self.version, "answers": self.used}, ensure_ascii=False)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(self.path, lambda fh: fh.write(data.encode("utf-8")))
            self.known = dict(self.used)
        except OSError:
            pass


def memo(root: Path, name: str, version: str) -> JsonMemo:
    """The memo ``name`` of the project at ``root`` (an in-memory one when memos are off)."""
    return JsonMemo(Path(root) / CACHE_DIR / f"{name}.json" if enabled else None, version)

"""Whether a published site is already what the inputs would make, so that a build with nothing changed stops after
the checks; and keeping the times of the files a rebuild made again byte for byte.

A site's stamp (``build/cache/sites/<digest of the output path>.json``) records the digest of every input a build
reads — the project's files, the MkDocs configuration and overrides, the vendored packages' lock, the code
(:func:`zhifa.app.fingerprint.code_version`), the options and the day (sitemap dates and undated exports carry it)
— and the size and time of every file the build published. A build whose inputs digest equals the stamp's, and whose
site still holds exactly those files with those sizes and times, has nothing to do. Anything else (a file edited or
deleted in ``site/``, no stamp, an unreadable stamp) rebuilds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path

from zhifa.app.fingerprint import digest, files_digest
from zhifa.app.outcache import CACHE_DIR
from zhifa.files.atomic import write_atomically

INPUTS = ("mkdocs.yml", "docs", "site_overrides", "regulations", "templates", "data", "package-lock.json")


def inputs_key(root: Path, downloads: bool, today: dt.date | None = None) -> str:
    from zhifa.render.site.vendor import VendorMissing, vendor_files

    try:  # the npm files the site copies (package-lock.json names their versions; a reinstall may differ)
        vendored = sorted((site_path, files_digest(path.parent, [path.name])) for site_path, path in
                          vendor_files(root).items())
    except VendorMissing:
        vendored = []  # the build itself says what is missing
    return digest("site", files_digest(root, INPUTS), vendored, downloads, (today or dt.date.today()).isoformat())


def _stamp_path(root: Path, out: Path) -> Path:
    name = hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:20]
    return root / CACHE_DIR / "sites" / f"{name}.json"


def listing(site: Path) -> dict[str, list[int]]:
    """{site path: [size, mtime_ns]} of every file under ``site``."""
    out = {}
    for folder, _dirs, files in os.walk(site):
        for name in files:
            path = Path(folder) / name
            stat = path.stat()
            out[path.relative_to(site).as_posix()] = [stat.st_size, stat.st_mtime_ns]
    return out


def is_current(root: Path, out: Path, key: str) -> bool:
    """Whether ``out`` is the site the stamp says ``key`` made, untouched since."""
    try:
        stamp = json.loads(_stamp_path(root, out).read_text(encoding="utf-8"))
        return bool(stamp.get("key") == key and out.is_dir() and stamp.get("files") == listing(out))
    except (OSError, ValueError, AttributeError):
        return False


def record(root: Path, out: Path, key: str) -> None:
    """Write the stamp of the site just published; a project that cannot hold it just rebuilds next time."""
    path = _stamp_path(root, out)
    data = json.dumps({"key": key, "site": str(out), "files": listing(out)}, ensure_ascii=False)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, lambda fh: fh.write(data.encode("utf-8")))
    except OSError:
        pass


def forget(root: Path, out: Path) -> None:
    _stamp_path(root, out).unlink(missing_ok=True)


def keep_times(new: Path, old: Path, only: list[str] | None = None) -> int:
    """Give each file of ``new`` (or each of ``only``) that is byte for byte the file of ``old`` at the same path
    that file's times, so an unchanged output looks untouched (mirrors, browser caches and rsync see no change); how
    many were kept."""
    kept = 0
    if not old.is_dir():
        return kept
    rels = only if only is not None else [
        (Path(folder) / name).relative_to(new).as_posix() for folder, _dirs, files in os.walk(new) for name in files]
    for rel in rels:
        path, before = new / rel, old / rel
        try:
            stat = before.stat()
            if stat.st_size == path.stat().st_size and _same_bytes(path, before):
                os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
                kept += 1
        except OSError:
            continue
    return kept


def _same_bytes(a: Path, b: Path, chunk: int = 1 << 20) -> bool:
    with open(a, "rb") as fa, open(b, "rb") as fb:
        while True:
            x, y = fa.read(chunk), fb.read(chunk)
            if x != y:
                return False
            if not x:
                return True

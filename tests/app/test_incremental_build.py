"""Incremental builds, checked file by file with the real command: a build with nothing changed leaves every file
as it was; an edit to one unit changes exactly the outputs that show that unit (found by reading each file back:
HTML and scripts as text, Word/PowerPoint/Excel by their XML, PDF through pdftotext, the Anki package through its
database) and leaves every other file byte-identical with its old time; and a build without the cache gives the
same files, timestamps aside."""

from __future__ import annotations

import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from conftest import copy_project
from edit_support import edit_one_unit

MARKER = "测试改动"
STAGES = ("检查数据", "生成网页", "生成下载文件", "检查生成文件中的引用", "离线版", "发布")


def snapshot(site: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(site).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(site.rglob("*")) if p.is_file()}


def shown_text(path: Path, data: bytes) -> str:
    """What a reader of the file sees, as far as the test needs it: whitespace removed."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
            fh.write(data)
            fh.flush()
            text = subprocess.run(["pdftotext", "-enc", "UTF-8", fh.name, "-"], capture_output=True, text=True,
                                  check=True).stdout
    elif suffix in (".docx", ".pptx", ".xlsx"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            text = "".join(re.sub(r"<[^>]+>", "", archive.read(n).decode("utf-8"))
                           for n in archive.namelist() if n.endswith(".xml"))
    elif suffix == ".apkg":
        text = "".join(row[0] for row in apkg_notes(data))
    elif suffix == ".zip":
        return ""
    else:
        text = data.decode("utf-8", "replace")
        text += json.dumps(text)  # the marker as a JSON escape, where a file is JSON with ASCII escapes
    return re.sub(r"\s+", "", text)


def apkg_notes(data: bytes) -> list[tuple[str]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive, tempfile.TemporaryDirectory() as work:
        db = Path(work) / "c.anki2"
        db.write_bytes(archive.read("collection.anki2"))
        conn = sqlite3.connect(db)
        try:
            return sorted(conn.execute("select flds from notes"))
        finally:
            conn.close()


_DATES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def without_timestamps(name: str, data: bytes):
    """The file with its clock readings removed: zip entry times, the Office documents' created/modified dates,
    the Anki collection's times (its notes kept); everything else as it is."""
    suffix = Path(name).suffix.lower()
    if suffix == ".apkg":
        return apkg_notes(data)
    if suffix in (".docx", ".pptx", ".xlsx", ".zip"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return {n: without_timestamps(n, _DATES.sub(rb"\1\3", archive.read(n))) for n in archive.namelist()}
    return data


def test_rebuilds_do_only_what_changed_and_the_cache_changes_nothing(tmp_path):
    copy = copy_project(tmp_path / "proj", site=True)
    site = tmp_path / "out" / "site"
    env = {**os.environ, "CI": "true"}

    def build(*options: str) -> str:
        proc = subprocess.run([sys.executable, "-m", "zhifa", "build", "--root", str(copy), *options],
                              capture_output=True, text=True, env=env, timeout=600)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        return proc.stdout

    cold = build("--out", str(site))
    for stage in STAGES:  # one line per stage, no more: the output stays short in CI
        assert sum(f"｜{stage}" in line for line in cold.splitlines()) == 1, cold
    assert len(cold.splitlines()) <= len(STAGES) + 2, cold
    before = snapshot(site)

    again = build("--out", str(site))
    assert "网站未变" in again and "生成网页" not in again, again
    assert snapshot(site) == before

    reg_file, _text = edit_one_unit(copy, MARKER)
    edit = build("--out", str(site))
    assert "取自缓存" in edit, edit
    after = snapshot(site)
    assert set(after) == set(before)

    changed = {rel for rel in after if after[rel][0] != before[rel][0]}
    shows = {rel for rel in after if MARKER in shown_text(Path(rel), after[rel][0])}
    reg_id = reg_file.stem
    assert {f"regulations/{reg_id}.html", "downloads/handbook.pdf", "downloads/handbook.docx",
            f"downloads/training/{reg_id}.pptx"} <= shows, sorted(shows)
    assert "downloads/handbook-offline.zip" in changed
    # Every file that shows the edited unit changed; every file that changed shows it — except the offline copy
    # (it holds the others) and the Anki package, whose notes carry the newest data file's time.
    assert shows <= changed
    timestamped = {rel for rel in changed - shows
                   if rel.endswith(".apkg") and apkg_notes(after[rel][0]) == apkg_notes(before[rel][0])}
    assert changed - shows - timestamped == {"downloads/handbook-offline.zip"}, sorted(changed - shows)
    for rel in set(after) - changed:  # untouched: same bytes and the same time
        assert after[rel][1] == before[rel][1], rel

    fresh = tmp_path / "fresh" / "site"
    build("--out", str(fresh), "--no-cache")
    uncached = snapshot(fresh)
    assert set(uncached) == set(after)
    differing = [rel for rel in after
                 if without_timestamps(rel, uncached[rel][0]) != without_timestamps(rel, after[rel][0])]
    assert differing == []

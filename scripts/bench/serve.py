"""``mkdocs serve`` as a maintainer uses it: edit one unit, and how long until the served page shows the edit."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from .measure import PY
from .rebuilds import MARKER, copy_corpus, edit_one_unit

TARGET_SERVE_EDIT_S = 2.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return None


def bench_serve(root: Path, work: Path, log, timeout: float = 120.0) -> dict:
    """Seconds from saving the edit to the served regulation page containing it (polled every 50 ms)."""
    copy = copy_corpus(root, work / "serve-project")
    port = _free_port()
    proc = subprocess.Popen([PY, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=copy,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}/"
        start = time.perf_counter()
        while _get(base) is None:
            if proc.poll() is not None or time.perf_counter() - start > timeout:
                raise RuntimeError("mkdocs serve did not start")
            time.sleep(0.2)
        first_s = time.perf_counter() - start
        time.sleep(1.0)  # let the watcher settle
        edited = edit_one_unit(copy)
        reg_file = edited.split(":", 1)[0]
        page = f"{base}regulations/{Path(reg_file).stem}.html"
        log(f"[serve] edited {edited}, waiting for {page} …")
        saved = time.perf_counter()
        while True:
            text = _get(page)
            if text is not None and MARKER in text:
                break
            if time.perf_counter() - saved > timeout:
                raise RuntimeError("the edit never showed in mkdocs serve")
            time.sleep(0.05)
        return {"first_build_s": first_s, "edit_visible_s": time.perf_counter() - saved, "edited": edited}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def print_serve(r: dict) -> None:
    ok = "PASS" if r["edit_visible_s"] < TARGET_SERVE_EDIT_S else "MISS"
    print("\n== mkdocs serve (seed) ==")
    print(f"  {'first build until served':<44}{r['first_build_s']:>8.2f} s")
    print(f"  {'one-unit edit until the page shows it':<44}{r['edit_visible_s']:>8.2f} s    < 2 s      {ok}")

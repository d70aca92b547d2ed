"""Running and measuring a child process: wall and CPU time, peak memory from ``os.wait4``."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable


def _children(pid: int) -> list[int]:
    """The child processes of ``pid`` (from /proc; none once it has ended)."""
    kids: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            kids += [int(x) for x in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
    except OSError:
        pass
    return kids


def tree_pss_bytes(pid: int) -> int:
    """The proportional set size of ``pid`` and all its descendants: memory shared between forked workers is
    counted once, not once per worker as a sum of RSS would."""
    todo, total = [pid], 0
    while todo:
        current = todo.pop()
        todo += _children(current)
        try:
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
                    break
        except OSError:
            continue
    return total


def run_measured(cmd: list[str], cwd: Path | None = None, env: dict | None = None) -> dict:
    """Run ``cmd``; return wall seconds, CPU seconds, peak RSS bytes (the largest single process), the peak memory
    of the whole process tree (sampled every 0.1 s), exit code and output."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err)
        peak_tree = 0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            peak_tree = max(peak_tree, tree_pss_bytes(proc.pid))
            time.sleep(0.1)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    return {
        "wall_s": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "peak_rss_bytes": usage.ru_maxrss * 1024,  # Linux reports KiB
        "peak_tree_bytes": max(peak_tree, usage.ru_maxrss * 1024),
        "returncode": proc.returncode,
        "stdout": stdout,
        "stderr": stderr,
    }


def best_of(cmd: list[str], repeat: int, cwd: Path | None = None, before=None) -> dict:
    """Run ``repeat`` times; keep the fastest wall time and the largest peak memory."""
    runs = []
    for _ in range(repeat):
        if before:
            before()
        r = run_measured(cmd, cwd=cwd)
        if r["returncode"] != 0:
            tail = "\n".join((r["stdout"] + r["stderr"]).strip().splitlines()[-25:])
            raise RuntimeError(f"command failed ({r['returncode']}): {' '.join(cmd)}\n{tail}")
        runs.append(r)
    best = min(runs, key=lambda r: r["wall_s"])
    return {"wall_s": best["wall_s"], "cpu_s": best["cpu_s"],
            "peak_rss_bytes": max(r["peak_rss_bytes"] for r in runs),
            "runs_s": [round(r["wall_s"], 3) for r in runs]}


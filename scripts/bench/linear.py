"""Whether a regulation's page costs time in proportion to its size: the seed plus one generated regulation of
2,000, 4,000 and 8,000 articles (the largest near the 5 MiB a data file may have), each built without downloads;
the time per thousand articles should not grow."""

from __future__ import annotations

import shutil
from pathlib import Path

from .measure import PY, run_measured
from .synthetic import make_synthetic_root

SIZES = (2_000, 4_000, 8_000)  # articles (about 1.8 units each); 8,000 is near the 5 MiB limit of one data file
TARGET_GROWTH = 1.5  # the largest size's seconds per article over the smallest's


def bench_linear(work: Path, log, sizes: tuple[int, ...] = SIZES) -> dict:
    rows = []
    for n in sizes:
        root = make_synthetic_root(work / f"linear-{n}", n, per_regulation=n)
        log(f"[linear] one regulation of {n:,} articles: zhifa build --no-downloads …")
        r = run_measured([PY, "-m", "zhifa", "build", "--no-downloads", "--no-cache", "--root", str(root),
                          "--out", str(work / f"linear-{n}-site")])
        if r["returncode"] != 0:
            raise RuntimeError(f"linear {n}: zhifa build failed:\n{(r['stdout'] + r['stderr'])[-2000:]}")
        pages = next((line.split("｜", 1)[1] for line in r["stdout"].splitlines() if "生成网页" in line), "")
        rows.append({"articles": n, "wall_s": r["wall_s"], "peak_bytes": r["peak_tree_bytes"], "pages": pages,
                     "s_per_1000": r["wall_s"] / n * 1000})
        shutil.rmtree(work / f"linear-{n}-site", ignore_errors=True)
        shutil.rmtree(root, ignore_errors=True)
    growth = rows[-1]["s_per_1000"] / rows[0]["s_per_1000"]
    return {"rows": rows, "growth": growth, "ok": growth <= TARGET_GROWTH}


def print_linear(r: dict) -> None:
    print("\n== one big regulation (zhifa build --no-downloads, the seed plus one regulation) ==")
    for row in r["rows"]:
        print(f"  {row['articles']:>7,} articles   {row['wall_s']:>8.1f} s   {row['s_per_1000']:>6.2f} s per 1,000   "
              f"{row['peak_bytes'] / 1024**2:>6,.0f} MiB   ({row['pages']})")
    mark = "PASS" if r["ok"] else "MISS"
    print(f"  {'seconds per article, largest / smallest':<44}{r['growth']:>8.2f}×   ≤ {TARGET_GROWTH}×     {mark}")

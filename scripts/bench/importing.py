"""zhifa import: a made-up law of 100 articles (章, 款, 项), read and checked in-process (warm, median of five runs,
--dry-run so nothing is written), and the whole command once as a process."""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from .measure import ROOT

TARGET_IMPORT_S = 1.0
ARTICLES = 100
PER_CHAPTER = 10


def law_text(articles: int = ARTICLES) -> str:
    """A law shaped like the national ones: title, head line, chapters, articles with paragraphs and items."""
    from zhifa.cite.numerals import to_chinese

    lines = ["中华人民共和国基准测试法", "（2020年1月1日第十三届全国人民代表大会常务委员会第十五次会议通过）"]
    for n in range(1, articles + 1):
        if n % PER_CHAPTER == 1:
            lines.append(f"第{to_chinese(n // PER_CHAPTER + 1)}章　第{to_chinese(n // PER_CHAPTER + 1)}部分规定")
        lines.append(f"第{to_chinese(n)}条　行政机关实施第{n}项检查，应当依照法定权限和程序进行，并告知当事人享有的权利。")
        if n % 3 == 0:
            lines.append("有下列情形之一的，应当停止检查：")
            lines += [f"（{to_chinese(k)}）当事人提出第{k}种合理理由的；" for k in range(1, 4)]
        if n % 4 == 0:
            lines.append("前款规定的期限，自收到申请之日起计算。")
    lines.append(f"第{to_chinese(articles + 1)}条　本法自2030年1月1日起施行。")
    return "\n".join(lines) + "\n"


def bench_import(work: Path) -> dict:
    from zhifa.app.importing import import_source

    root = work / "import-project"
    (root / "regulations").mkdir(parents=True, exist_ok=True)
    (root / "data").mkdir(exist_ok=True)
    shutil.copy(ROOT / "data" / "jurisdiction.yaml", root / "data" / "jurisdiction.yaml")
    source = work / "benchmark-law.txt"
    source.write_text(law_text(), encoding="utf-8")
    import_source(root, source, ["bench-law"], None, None, dry_run=True)  # warm: modules, caches
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        result = import_source(root, source, ["bench-law"], None, None, dry_run=True)
        runs.append(time.perf_counter() - start)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "zhifa", "import", str(source), "--root", str(root), "--id", "bench-law"],
                          capture_output=True, text=True)
    process_s = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"zhifa import of the benchmark law failed: {done.stderr.strip() or done.stdout.strip()}")
    return {"articles": result.regulations[0].counts["条"], "import_median_s": statistics.median(runs),
            "command_s": process_s}


def print_import(r: dict) -> None:
    from .report import mark

    print(f"\n== import (a made-up law of {r['articles']} articles) ==")
    value = r["import_median_s"]
    print(f"  {'read, structure and check, warm, median':<44}{value * 1000:>8.0f} ms   < {TARGET_IMPORT_S * 1000:.0f} ms    "
          f"{mark(value < TARGET_IMPORT_S)}")
    print(f"  {'zhifa import as a command (Python start-up too)':<44}{r['command_s'] * 1000:>8.0f} ms")

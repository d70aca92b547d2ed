"""The options and the order of the runs: forms, checklists, training, the seed project, the synthetic corpus."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from .checklists import bench_checklists
from .forms import bench_forms
from .importing import bench_import, print_import
from .linear import bench_linear, print_linear
from .measure import ROOT
from .report import print_checklists, print_forms, print_report, print_training
from .search import TARGET_QUERY_MS, TARGET_RECALL_AT_1, TARGET_RECALL_AT_5
from .serve import bench_serve, print_serve
from .site_build import (
    TARGET_BUILD_S,
    TARGET_OVER_PLAIN,
    TARGET_PEAK_BYTES,
    bench_corpus,
    profile_build,
    verdicts,
)
from .sizes import filled_sizes, print_sizes, size_verdicts
from .synthetic import make_synthetic_root
from .training import bench_training


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench", description="zhifa benchmark (exit 0 whether targets are met or missed)")
    parser.add_argument("--articles", type=int, default=10_000, help="articles in the synthetic corpus (default 10000)")
    parser.add_argument("--skip-seed", action="store_true", help="do not measure the real project")
    parser.add_argument("--skip-forms", action="store_true", help="do not time the form and checklist fills")
    parser.add_argument("--skip-training", action="store_true", help="do not time exams, decks, flashcards, deadlines")
    parser.add_argument("--skip-synthetic", action="store_true", help="do not build the synthetic corpus")
    parser.add_argument("--skip-import", action="store_true", help="do not time zhifa import")
    parser.add_argument("--skip-linear", action="store_true",
                        help="do not build one big regulation at three sizes (the page cost per article)")
    parser.add_argument("--json", action="store_true", help="machine-readable output on stdout")
    parser.add_argument("--repeat", type=int, default=None,
                        help="runs per timed build, the fastest is kept "
                             "(default: 3 for the seed, 1 for the synthetic corpus)")
    parser.add_argument("--profile", action="store_true", help="also cProfile one synthetic build and print the top")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and print its path")
    args = parser.parse_args(argv)
    if args.articles < 1 or (args.repeat is not None and args.repeat < 1):
        parser.error("--articles and --repeat must be at least 1")

    import zhifa.check.validate  # noqa: F401
    import zhifa.render.site.regulations  # noqa: F401  (imports done before timing validate)

    log = (lambda msg: print(msg, file=sys.stderr, flush=True)) if args.json else (lambda msg: print(msg, flush=True))
    work = Path(tempfile.mkdtemp(prefix="zhifa-bench-"))
    report: dict = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
                    "targets": {"synthetic_build_s": TARGET_BUILD_S, "synthetic_peak_bytes": TARGET_PEAK_BYTES,
                                "over_plain": TARGET_OVER_PLAIN, "search_query_ms": TARGET_QUERY_MS,
                                "search_recall_at_5": TARGET_RECALL_AT_5, "search_recall_at_1": TARGET_RECALL_AT_1},
                    "corpora": []}
    try:
        if not args.skip_forms:
            log("[forms] fills …")
            report["forms"] = bench_forms(work)
            if not args.json:
                print_forms(report["forms"])
            log("[checklists] Word, PDF, Excel …")
            report["checklists"] = bench_checklists(work)
            if not args.json:
                print_checklists(report["checklists"])
        if not args.skip_training:
            log("[training] exams, decks, flashcards, deadlines …")
            report["training"] = bench_training(work)
            if not args.json:
                print_training(report["training"])
        if not args.skip_import:
            log("[import] a 100-article law …")
            report["import"] = bench_import(work)
            if not args.json:
                print_import(report["import"])
        if not args.skip_seed:
            seed = bench_corpus("seed", ROOT, work, args.repeat or 3, log)
            seed["verdicts"] = verdicts(seed, synthetic=False)
            report["corpora"].append(seed)
            if not args.json:
                print_report(seed, synthetic=False)
            log("[serve] mkdocs serve, one edit …")
            report["serve"] = bench_serve(ROOT, work, log)
            if not args.json:
                print_serve(report["serve"])
            sizes = {**seed["sizes"], **(filled_sizes(work / "forms") if "forms" in report else {})}
            report["sizes"] = {**sizes, "verdicts": size_verdicts(sizes)}
            if not args.json:
                print_sizes(sizes)

        if not args.skip_linear:
            report["linear"] = bench_linear(work, log)
            if not args.json:
                print_linear(report["linear"])

        if not args.skip_synthetic:
            log(f"[synthetic] generating {args.articles:,} articles in {work / 'synthetic'} …")
            start = time.perf_counter()
            synth_root = make_synthetic_root(work / "synthetic", args.articles)
            gen_s = time.perf_counter() - start
            synth = bench_corpus("synthetic", synth_root, work, args.repeat or 1, log)
            synth["generation_s"] = gen_s
            synth["verdicts"] = verdicts(synth, synthetic=True)
            report["corpora"].append(synth)
            if not args.json:
                print_report(synth, synthetic=True)
                misses = [x["target"] for x in synth["verdicts"] if not x["ok"]]
                print(f"\nsynthetic corpus: {'all targets met' if not misses else 'MISSED: ' + ', '.join(misses)}")
            if args.profile:
                log("[synthetic] cProfile of one build …")
                text = profile_build(synth_root, work, 30)
                report["profile"] = text
                if not args.json:
                    print("\n== cProfile of the synthetic build ==\n" + text)
    except RuntimeError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        if args.json:
            report["error"] = str(exc)
            print(json.dumps(report, ensure_ascii=False, indent=2))
        return 1
    finally:
        sys.stdout.flush()
        if args.keep:
            print(f"kept: {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0



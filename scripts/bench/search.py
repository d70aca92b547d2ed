"""The search on a built site, in headless Chromium: the index's size against the text it indexes, the time to load
it, each query's time inside the page, and for the real project the officers' query set (recall@1, recall@5, MRR,
counted as tests/browser/test_search_quality.py counts them)."""

from __future__ import annotations

import gzip
import random
import statistics
import sys
from pathlib import Path

from .measure import ROOT

TARGET_QUERY_MS = 100.0
TARGET_RECALL_AT_5 = 0.98
TARGET_RECALL_AT_1 = 0.85
INDEX = "search/zhifa-index.js"


def tests_on_path() -> None:
    tests = str(ROOT / "tests")
    if tests not in sys.path:
        sys.path.insert(0, tests)


def index_figures(site: Path) -> dict:
    from browser_support import search_index  # tests/: how the index file is read

    raw = (site / INDEX).read_bytes()
    packed = len(gzip.compress(raw, 6))
    data = search_index(site)
    unit_text = sum(len(u[4].encode("utf-8")) for u in data["units"])
    return {"index_bytes": len(raw), "index_gzip_bytes": packed, "unit_text_bytes": unit_text,
            "index_gzip_over_text": packed / unit_text if unit_text else None, "sample": _sample_queries(data)}


def _sample_queries(data: dict, n: int = 60) -> list[str]:
    """Queries of the kinds officers type, drawn from the index itself: stretches of unit text, labels with their
    regulation's short title, single words."""
    rng = random.Random(7)
    texts = [u[4] for u in data["units"] if len(u[4]) >= 12]
    out = []
    for _ in range(n):
        text = rng.choice(texts)
        length = rng.choice([2, 3, 4, 6, 10])
        start = rng.randrange(0, len(text) - length)
        out.append(text[start:start + length])
    labelled = [u for u in data["units"] if u[5]]
    for u in rng.sample(labelled, min(20, len(labelled))):
        out.append(data["regs"][u[0]][2] + u[5])
    return out


def bench_search(site: Path, with_queries: bool) -> dict:
    """Figures for the site built at ``site``; ``with_queries``: also the officers' query set (the real project)."""
    tests_on_path()
    from playwright.sync_api import sync_playwright

    from browser_support import CHROMIUM, LAUNCH_ARGS, SiteServer  # tests/: one way to serve and drive Chromium

    result = index_figures(site)
    sample = result.pop("sample")
    with SiteServer(site) as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            page = browser.new_page()
            page.goto(server.base_url + "index.html", wait_until="load")
            load_ms = page.evaluate("""() => { const t0 = performance.now();
                return window.zhifaSearch.engine().then(() => performance.now() - t0); }""")
            times = page.evaluate("""queries => window.zhifaSearch.engine().then(e => queries.map(q => {
                const t0 = performance.now(); e.search(q); return performance.now() - t0; }))""", sample)
            result.update({"load_ms": load_ms, "queries_timed": len(times), "query_median_ms": statistics.median(times),
                           "query_p95_ms": sorted(times)[int(0.95 * (len(times) - 1))], "query_max_ms": max(times)})
            if with_queries:
                from search_eval import evaluate, figures, load_queries

                result["quality"] = figures(evaluate(page, site, server.base_url, load_queries()))
        finally:
            browser.close()
    return result


def search_verdicts(s: dict) -> list[dict]:
    """The size target is the synthetic corpus's (10,000 articles): the seed's index is mostly the form, checklist,
    procedure and glossary pages, which are not unit text."""
    out = [{"target": "search query p95", "value": s["query_p95_ms"], "limit": TARGET_QUERY_MS,
            "ok": s["query_p95_ms"] < TARGET_QUERY_MS}]
    if "quality" not in s:
        out.append({"target": "search index gzip / unit text bytes", "value": s["index_gzip_over_text"], "limit": 1.0,
                    "ok": s["index_gzip_over_text"] is not None and s["index_gzip_over_text"] <= 1.0})
    else:
        q = s["quality"]
        out.append({"target": "search recall@5", "value": q["recall_at_5"], "limit": TARGET_RECALL_AT_5,
                    "ok": q["recall_at_5"] >= TARGET_RECALL_AT_5})
        out.append({"target": "search recall@1", "value": q["recall_at_1"], "limit": TARGET_RECALL_AT_1,
                    "ok": q["recall_at_1"] >= TARGET_RECALL_AT_1})
    return out


def print_search(s: dict) -> None:
    from .report import mark

    v = {x["target"]: x for x in search_verdicts(s)}
    print(f"  {'search index (raw / gzip)':<34}{s['index_bytes'] / 1024:>10,.0f} / {s['index_gzip_bytes'] / 1024:,.0f} KiB")
    x = v.get("search index gzip / unit text bytes")
    verdict = f"≤ 1×         {mark(x['ok'])}" if x else "(informative)"
    print(f"  {'  gzip / unit text bytes':<34}{s['index_gzip_over_text']:>15.2f}×   {verdict}"
          f"   ({s['unit_text_bytes']:,} text bytes)")
    print(f"  {'search: load index (Chromium)':<34}{s['load_ms']:>13.0f} ms")
    x = v["search query p95"]
    print(f"  {'search: query p95':<34}{s['query_p95_ms']:>13.1f} ms   < {TARGET_QUERY_MS:.0f} ms     {mark(x['ok'])}"
          f"   (median {s['query_median_ms']:.1f}, max {s['query_max_ms']:.1f}, {s['queries_timed']} queries)")
    if "quality" in s:
        q = s["quality"]
        print(f"  {'search: officers query set':<34}{q['queries']:>14.0f} q")
        print(f"  {'  recall@5':<34}{q['recall_at_5']:>15.1%}   ≥ {TARGET_RECALL_AT_5:.0%}        "
              f"{mark(v['search recall@5']['ok'])}")
        print(f"  {'  recall@1':<34}{q['recall_at_1']:>15.1%}   ≥ {TARGET_RECALL_AT_1:.0%}        "
              f"{mark(v['search recall@1']['ok'])}")
        print(f"  {'  MRR':<34}{q['mrr']:>16.3f}")

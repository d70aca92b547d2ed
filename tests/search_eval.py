"""The officers' query set (tests/fixtures/search/officer-queries.yaml) typed into the built site's search box, and
the figures a search is judged by: recall@1, recall@5, mean reciprocal rank. Shared by the test
(tests/browser/test_search_quality.py) and the benchmark (scripts/bench), so both count the same way.

A result is a hit when it lands on an expected target: for a unit, its regulation's page with the unit's id or an
enclosing unit's after '#' (a chapter alone does not count); for a page target, that page, any section.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from browser_support import ancestors, page_path, regulation_page, run_search, visible_results

QUERIES = Path(__file__).resolve().parent / "fixtures" / "search" / "officer-queries.yaml"


@dataclass(frozen=True)
class Query:
    q: str
    kind: str
    expect: tuple[str, ...]


@dataclass(frozen=True)
class Outcome:
    query: Query
    rank: int | None  # 1-based rank of the first hit among the visible results, None when absent
    shown: tuple[str, ...]  # the first results, for messages


def load_queries(path: Path = QUERIES) -> list[Query]:
    return [Query(str(e["q"]), e["kind"], tuple(e["expect"])) for e in yaml.safe_load(path.read_text(encoding="utf-8"))]


def targets(site: Path, base_path: str, expect: tuple[str, ...]) -> tuple[set[tuple[str, str]], set[str]]:
    """(page path, fragment) pairs that count for unit targets, and page paths that count whatever the fragment."""
    units, pages = set(), set()
    for target in expect:
        if target.startswith("page:"):
            pages.add(base_path + page_path(site, target[len("page:"):]))
            continue
        reg_id, unit_id = target.split("#", 1)
        path = base_path + regulation_page(site, reg_id)
        for uid in [unit_id, *ancestors(unit_id)]:
            if not uid.startswith("chp_") or "__" in uid:
                units.add((path, uid))
    return units, pages


def rank_of(results: list[dict], units: set, pages: set) -> int | None:
    for n, r in enumerate(results, 1):
        if (r["path"], r["fragment"]) in units or r["path"] in pages:
            return n
    return None


def evaluate(page, site: Path, site_url: str, queries: list[Query]) -> list[Outcome]:
    """Type every query into the search box of the home page and note where its first hit is."""
    base_path = urlsplit(site_url).path or "/"
    if not base_path.endswith("/"):
        base_path += "/"
    page.goto(site_url + "index.html", wait_until="load")
    out = []
    for query in queries:
        results = visible_results(run_search(page, query.q))
        units, pages = targets(site, base_path, query.expect)
        shown = tuple(f"{r['path'].removeprefix(base_path)}#{r['fragment']} {r['title'][:20]}" for r in results[:5])
        out.append(Outcome(query, rank_of(results, units, pages), shown))
    return out


def figures(outcomes: list[Outcome]) -> dict[str, float]:
    n = len(outcomes) or 1
    return {
        "queries": len(outcomes),
        "recall_at_1": sum(1 for o in outcomes if o.rank == 1) / n,
        "recall_at_5": sum(1 for o in outcomes if o.rank is not None and o.rank <= 5) / n,
        "mrr": sum(1 / o.rank for o in outcomes if o.rank) / n,
    }


def misses(outcomes: list[Outcome], within: int) -> list[str]:
    lines = []
    for o in outcomes:
        if o.rank is None or o.rank > within:
            lines.append(f"  {o.query.q!r} ({o.query.kind}) wants {list(o.query.expect)}, rank {o.rank}:\n"
                         + "\n".join(f"      {s}" for s in o.shown))
    return lines

"""One corpus: its figures, validate in-process, ``zhifa build`` in a subprocess (without and with downloads), the
same generated Markdown built by a plain ``mkdocs build``, the build targets and their verdicts; cProfile of a build."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

from .measure import PY, best_of, run_measured
from .rebuilds import bench_rebuilds, rebuild_verdicts
from .search import bench_search, search_verdicts
from .sizes import site_sizes

TARGET_BUILD_S = 30.0
TARGET_PEAK_BYTES = 1024**3  # 1 GiB
TARGET_OVER_PLAIN = 1.3


# ---------------------------------------------------------------------------------------------------------------
# Corpus figures


def corpus_figures(root: Path) -> dict:
    from zhifa.load.loader import load_project

    project = load_project(root)
    jur = project.jurisdiction
    units = articles = text_bytes = 0
    for reg in project.regulations.values():
        for unit in reg.walk():
            units += 1
            articles += unit.kind == "article"
            if unit.text:
                text_bytes += len(jur.render(unit.text).encode("utf-8"))
    return {"regulations": len(project.regulations), "units": units, "articles": articles, "text_bytes": text_bytes}


def time_validate(root: Path) -> tuple[float, list]:
    from zhifa.check.validate import validate_root

    start = time.perf_counter()
    problems = validate_root(root)
    return time.perf_counter() - start, problems


# ---------------------------------------------------------------------------------------------------------------
# Plain MkDocs over the same Markdown

PLAIN_MKDOCS_YML = """\
site_name: 人口和计划生育行政执法手册
docs_dir: docs
site_dir: site
theme:
  name: material
  language: zh
  font: false
plugins:
  - search:
      lang: zh
markdown_extensions:
  - attr_list
  - md_in_html
  - admonition
  - toc
"""


def _directory_urls(root: Path) -> bool:
    """The project's ``use_directory_urls`` (MkDocs' default: true), read without loading the config."""
    m = re.search(r"^use_directory_urls:\s*(\S+)", (root / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    return m is None or m.group(1).lower() in ("true", "yes", "on")


def generated_pages(project, directory_urls: bool) -> tuple[dict[str, str], str]:
    """The Markdown our pipeline hands to MkDocs, and which public function gave it.

    ``zhifa.render.site.regulations.pages(project)`` was the entry point; where the pipeline assembles more pages
    (``zhifa.render.site.pages.all_pages``), that is used instead, so both builds get the same Markdown.
    """
    import importlib
    import inspect

    candidates = [("zhifa.render.site.pages", "all_pages"), ("zhifa.render.site.regulations", "pages")]
    errors = []
    for module_name, name in candidates:
        try:
            func = getattr(importlib.import_module(module_name), name)
        except (ImportError, AttributeError) as exc:
            errors.append(f"{module_name}.{name}: {exc}")
            continue
        params = inspect.signature(func).parameters
        try:
            if "directory_urls" in params:
                return func(project, directory_urls=directory_urls), f"{module_name}.{name}"
            return func(project), f"{module_name}.{name}"
        except TypeError as exc:
            errors.append(f"{module_name}.{name}: {exc}")
    raise RuntimeError("cannot get the generated pages: " + "; ".join(errors))


def plain_mkdocs_folder(root: Path, dest: Path) -> tuple[Path, float, str]:
    """Write the hand-written docs and the generated pages into ``dest``; return it, the generation time and
    the function used."""
    from zhifa.load.loader import load_project

    project = load_project(root)
    directory_urls = _directory_urls(root)
    start = time.perf_counter()
    generated, used = generated_pages(project, directory_urls)
    gen_s = time.perf_counter() - start
    docs = dest / "docs"
    shutil.copytree(root / "docs", docs)
    for rel, content in generated.items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    config = PLAIN_MKDOCS_YML + f"use_directory_urls: {'true' if directory_urls else 'false'}\n"
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    return dest, gen_s, used


# ---------------------------------------------------------------------------------------------------------------
# One corpus


def bench_corpus(name: str, root: Path, work: Path, repeat: int, log) -> dict:
    result: dict = {"name": name, "root": str(root)}
    result.update(corpus_figures(root))

    log(f"[{name}] validate …")
    result["validate_s"], problems = time_validate(root)
    result["problems"] = len(problems)
    if problems:
        shown = "\n".join(p.format() if hasattr(p, "format") else str(p) for p in problems[:15])
        raise RuntimeError(f"{name}: the corpus does not validate ({len(problems)} problems):\n{shown}")

    out = work / f"{name}-site"

    def clean_out() -> None:
        shutil.rmtree(out, ignore_errors=True)

    # The site build (what the targets are about): validate, generate, MkDocs, the search index, offline zip.
    # The downloads (print edition, blank forms) are timed separately below: they are documents, not the site.
    log(f"[{name}] zhifa build --no-downloads …")
    build = best_of([PY, "-m", "zhifa", "build", "--no-downloads", "--no-cache", "--root", str(root), "--out",
                     str(out)], repeat, before=clean_out)
    result["build_s"] = build["wall_s"]
    result["build_cpu_s"] = build["cpu_s"]
    result["build_peak_bytes"] = build["peak_rss_bytes"]
    result["build_runs_s"] = build["runs_s"]
    log(f"[{name}] search in Chromium …")
    result["search"] = bench_search(out, with_queries=name == "seed")
    files = [p for p in out.rglob("*") if p.is_file()]
    result["site_bytes"] = sum(p.stat().st_size for p in files)
    rebuilds = bench_rebuilds(root, work, name, log)
    result["rebuilds"] = rebuilds
    result["full_build_s"] = rebuilds["cold_s"]
    result["full_build_peak_bytes"] = rebuilds["cold_peak_tree_bytes"]
    full_site = Path(rebuilds["site"])
    files = [p for p in full_site.rglob("*") if p.is_file()]
    result["downloads_bytes"] = sum(p.stat().st_size for p in files
                                    if p.relative_to(full_site).parts[0] == "downloads")
    result["sizes"] = site_sizes(full_site)

    log(f"[{name}] plain mkdocs build …")
    for key in ("pages_generation_s", "pages_function", "plain_s", "plain_peak_bytes", "plain_runs_s",
                "plain_index_bytes", "over_plain", "plain_error"):
        result[key] = None
    try:
        plain_dir, gen_s, used = plain_mkdocs_folder(root, work / f"{name}-plain")

        def clean_plain() -> None:
            shutil.rmtree(plain_dir / "site", ignore_errors=True)

        plain = best_of([PY, "-m", "mkdocs", "build", "--quiet"], repeat, cwd=plain_dir, before=clean_plain)
    except RuntimeError as exc:  # the comparison is lost, the other figures stand
        result["plain_error"] = str(exc)
        log(f"[{name}] plain mkdocs comparison unavailable: {exc}")
        return result
    result["pages_generation_s"] = gen_s
    result["pages_function"] = used
    result["plain_s"] = plain["wall_s"]
    result["plain_peak_bytes"] = plain["peak_rss_bytes"]
    result["plain_runs_s"] = plain["runs_s"]
    plain_index = plain_dir / "site" / "search" / "search_index.json"
    result["plain_index_bytes"] = plain_index.stat().st_size if plain_index.is_file() else None
    result["over_plain"] = result["build_s"] / result["plain_s"]
    return result


def verdicts(r: dict, synthetic: bool) -> list[dict]:
    out = []
    if synthetic:
        out.append({"target": "build time", "value": r["build_s"], "limit": TARGET_BUILD_S,
                    "ok": r["build_s"] < TARGET_BUILD_S})
        out.append({"target": "build peak memory", "value": r["build_peak_bytes"], "limit": TARGET_PEAK_BYTES,
                    "ok": r["build_peak_bytes"] < TARGET_PEAK_BYTES})
    if r["over_plain"] is not None:
        out.append({"target": "pipeline / plain mkdocs", "value": r["over_plain"], "limit": TARGET_OVER_PLAIN,
                    "ok": r["over_plain"] < TARGET_OVER_PLAIN})
    out += rebuild_verdicts(r["rebuilds"], synthetic)
    out += search_verdicts(r["search"])
    return out


def profile_build(root: Path, work: Path, top: int) -> str:
    """cProfile of one ``zhifa build`` of ``root``; return the top functions by cumulative and own time."""
    prof = work / "build.prof"
    out = work / "profile-site"
    r = run_measured([PY, "-m", "cProfile", "-o", str(prof), "-m", "zhifa", "build", "--root", str(root),
                      "--out", str(out)])
    if r["returncode"] != 0:
        return f"profiled build failed:\n{r['stderr'][-2000:]}"
    import io
    import pstats

    buf = io.StringIO()
    stats = pstats.Stats(str(prof), stream=buf).strip_dirs()
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    return buf.getvalue()


#!/usr/bin/env python3
"""Benchmark: validate and build times, peak memory and search-index size, for the real project and a large
synthetic corpus; and our whole pipeline against a plain ``mkdocs build`` of the same generated Markdown.

    .venv/bin/python scripts/bench.py                  # seed project + 10,000 synthetic articles
    .venv/bin/python scripts/bench.py --articles 2000  # smaller synthetic corpus
    .venv/bin/python scripts/bench.py --skip-seed --json

It is a benchmark, not a test: it exits 0 whether targets are met or missed, and 1 only when it cannot
produce figures (the synthetic corpus does not validate, a build fails).

How things are measured
- validate: ``zhifa.check.validate.validate_root(root)`` in this process, timed (imports done beforehand, so the figure
  is loading + checking, including fidelity; no interpreter start-up).
- build: ``python -m zhifa build --root ROOT --out OUT`` in a subprocess; wall time from start to exit
  (interpreter start-up included). Peak memory is that child's own ``ru_maxrss`` from ``os.wait4`` (the
  largest resident set of the child or any of its waited-for descendants), so it does not need
  /usr/bin/time and is not mixed up with other children of this script.
- plain mkdocs: the generated Markdown (``zhifa.render.site.pages.all_pages(project)`` where it exists, which
  includes ``zhifa.render.site.regulations.pages``; else ``zhifa.render.site.regulations.pages(project)``) plus the hand-written docs/ pages,
  written to a separate folder with a minimal mkdocs.yml (material, zh, font false, search lang zh, attr_list,
  md_in_html, admonition, toc; the project's use_directory_urls) and built with ``python -m mkdocs build`` in a
  subprocess, timed the same way. The in-process generation of that Markdown is shown for reference.
- text bytes: UTF-8 bytes of every unit's text with jurisdiction variables rendered (what the pages show).

The synthetic corpus is a temporary copy of the project's site inputs (mkdocs.yml, docs/, data/, templates/,
site_overrides/, node_modules/ linked, …; not .git, .venv, site/, src/, tests/, scripts/) holding the six real
regulations (the glossary, macros and hand-written pages may refer to them) plus generated regulations
of 200 articles each in chapters of 20, with their own source file under data/sources/, so that the
fidelity check passes. Its text is sentences sampled from the real regulations and recombined.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable

TARGET_BUILD_S = 30.0
TARGET_PEAK_BYTES = 1024**3  # 1 GiB
TARGET_OVER_PLAIN = 1.3
TARGET_INDEX_RATIO = 2.5

ARTICLES_PER_REG = 200
ARTICLES_PER_CHAPTER = 20
SYNTH_SOURCE = "data/sources/synthetic-source.txt"

# Top-level entries of the project that are not site inputs.
NOT_COPIED = {".git", ".venv", "site", "regulations", "src", "tests", "scripts", "build", "node_modules"}
LINKED = {"node_modules"}

CHAPTER_HEADINGS = ["总则", "执法主体与执法人员", "立案与调查取证", "执法程序", "执法文书", "罚缴分离",
                    "监督检查", "考核评议", "责任追究", "重大案件报告", "法律责任", "附则"]


# ---------------------------------------------------------------------------------------------------------------
# Running and measuring a child process


def run_measured(cmd: list[str], cwd: Path | None = None, env: dict | None = None) -> dict:
    """Run ``cmd``; return wall seconds, CPU seconds, peak RSS bytes, exit code and output tail."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
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
# Synthetic corpus


def _sentence_pool(root: Path) -> list[str]:
    """Clauses of the real regulations' texts, as written (variables kept), usable as building blocks."""
    from zhifa.load.loader import load_project

    project = load_project(root)
    pool = []
    for reg in project.regulations.values():
        for unit in reg.walk():
            for piece in re.split(r"(?<=[。；])", unit.text or ""):
                piece = piece.strip()
                if len(piece) >= 8 and not piece.endswith("：") and not re.search(r"\s", re.sub(r"\{\{[^}]*\}\}", "", piece)):
                    pool.append(piece.rstrip("。；"))
    if not pool:
        raise RuntimeError("no sentences in the seed regulations to build a synthetic corpus from")
    return sorted(set(pool))


def _make_text(rng: random.Random, pool: list[str], low: int, high: int) -> str:
    """Clauses joined into one text of roughly ``low``–``high`` characters ending with 。"""
    target = rng.randint(low, high)
    parts: list[str] = []
    length = 0
    while length < target:
        clause = rng.choice(pool)
        if parts and length + len(clause) > high:
            candidates = [c for c in rng.sample(pool, min(30, len(pool))) if length + len(c) <= high]
            if not candidates:
                break
            clause = candidates[0]
        parts.append(clause)
        length += len(clause) + 1
    text = "".join(p + ("；" if i < len(parts) - 1 else "。") for i, p in enumerate(parts))
    return text


def _q(value: str) -> str:
    """A YAML 1.2 double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _synthetic_regulation(k: int, order: int, n_articles: int, first_line: int, rng: random.Random,
                          pool: list[str], to_source) -> tuple[str, list[str]]:
    """One regulation: its YAML text and its source lines (title first)."""
    from zhifa.cite.numerals import to_chinese

    title = f"人口和计划生育行政执法工作细则（样本{k}）"
    short = f"工作细则{k}"
    src: list[str] = [title]
    y: list[str] = [
        f"order: {order}",
        f"title: {_q(title)}",
        f"short_title: {_q(short)}",
        f"summary: {_q('基准测试用的合成规章：条文由六部规章制度的句子重新组合而成。')}",
        "aliases:",
        f"  - {_q(f'细则样本{k}')}",
        "type: 规范",
        f"issuer: {_q('{{ county }}人口和计划生育局')}",
        f"scope: {_q('{{ county }}人口和计划生育局及各镇、街道办事处')}",
        "status: 现行有效",
        "effective: 自发布之日起施行",
        "source:",
        f"  file: {SYNTH_SOURCE}",
        "  lines: @LINES@",
        "units:",
    ]
    erratum = None
    n_chapters = math.ceil(n_articles / ARTICLES_PER_CHAPTER)
    art = 0
    for c in range(1, n_chapters + 1):
        chp_label = f"第{to_chinese(c)}章"
        heading = CHAPTER_HEADINGS[(c - 1) % len(CHAPTER_HEADINGS)]
        y += [f"  - id: chp_{c}", "    kind: chapter", f"    label: {chp_label}", f"    heading: {_q(heading)}",
              "    children:"]
        src.append(f"{chp_label} {heading}")
        for _ in range(min(ARTICLES_PER_CHAPTER, n_articles - art)):
            art += 1
            aid = f"chp_{c}__art_{art}"
            label = f"第{to_chinese(art)}条"
            y += [f"      - id: {aid}", "        kind: article", f"        label: {label}"]
            shape = rng.random()
            if shape < 0.70:  # one paragraph
                text = _make_text(rng, pool, 60, 120)
                source_text = text
                if erratum is None and art >= 3:
                    # A PDF page number inside a word, corrected by an erratum (as in 行为规范第六条).
                    at = len(text) // 2
                    corrected = text[at : at + 4]
                    if text.count(corrected) == 1 and re.fullmatch(r"[\u4e00-\u9fff]{4}", corrected):
                        original = corrected[:2] + " 7 " + corrected[2:]
                        erratum = (aid, original, corrected)
                        source_text = text.replace(corrected, original, 1)
                y.append(f"        text: {_q(text)}")
                src.append(f"{label} {to_source(source_text)}")
            elif shape < 0.85:  # two paragraphs
                y.append("        children:")
                first = True
                for p in (1, 2):
                    text = _make_text(rng, pool, 60, 120)
                    y += [f"          - id: {aid}__para_{p}", "            kind: paragraph", f"            text: {_q(text)}"]
                    src.append((f"{label} " if first else "") + to_source(text))
                    first = False
            else:  # a text introducing items 1、2、…
                text = _make_text(rng, pool, 30, 60)
                y += [f"        text: {_q(text)}", "        children:"]
                src.append(f"{label} {to_source(text)}")
                for i in range(1, rng.randint(2, 4) + 1):
                    item = _make_text(rng, pool, 20, 60)
                    y += [f"          - id: {aid}__item_{i}", "            kind: item", f"            label: {i}、",
                          f"            text: {_q(item)}"]
                    src.append(f"{i}、{to_source(item)}")
    if erratum is not None:
        aid, original, corrected = erratum
        y += ["errata:", f"  - unit: {aid}", f"    original: {_q(original)}", f"    corrected: {_q(corrected)}",
              f"    reason: {_q('PDF 页码混入正文')}"]
        y += ["notes:", f"  - unit: {aid}", f"    text: {_q('合成数据：此处勘误仅用于基准测试。')}"]
    last_line = first_line + len(src) - 1
    return "\n".join(y).replace("@LINES@", f"{first_line}-{last_line}") + "\n", src


def make_synthetic_root(dest: Path, n_articles: int, seed: int = 20240601) -> Path:
    """Create the synthetic project at ``dest``; return it."""
    from zhifa.load.loader import load_project

    dest.mkdir(parents=True, exist_ok=True)
    for entry in sorted(ROOT.iterdir()):
        name = entry.name
        if name in NOT_COPIED and name not in LINKED:
            continue
        if name.startswith(".") or name.endswith(".egg-info"):
            continue
        target = dest / name
        if name in LINKED:
            target.symlink_to(entry, target_is_directory=entry.is_dir())
        elif entry.is_dir():
            shutil.copytree(entry, target, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(entry, target)
    for name in LINKED:
        if (ROOT / name).exists() and not (dest / name).exists():
            (dest / name).symlink_to(ROOT / name)
    regs = dest / "regulations"
    regs.mkdir()
    for path in sorted((ROOT / "regulations").glob("*.yaml")):
        shutil.copy2(path, regs / path.name)

    seed_project = load_project(ROOT)
    to_source = seed_project.jurisdiction.to_source
    order = max((r.order for r in seed_project.regulations.values()), default=0)
    pool = _sentence_pool(ROOT)
    rng = random.Random(seed)
    lines: list[str] = []
    left, k = n_articles, 0
    while left > 0:
        k += 1
        n = min(ARTICLES_PER_REG, left)
        left -= n
        lines.append(f"第{k}篇：合成规章")
        text, src = _synthetic_regulation(k, order + k, n, len(lines) + 1, rng, pool, to_source)
        lines += src
        (regs / f"synthetic-{k:03d}.yaml").write_text(text, encoding="utf-8")
    source = dest / SYNTH_SOURCE
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dest


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

    # The site build (what the targets are about): validate, generate, MkDocs, search sub-words, offline zip.
    # The downloads (print edition, blank forms) are timed separately below: they are documents, not the site.
    log(f"[{name}] zhifa build --no-downloads …")
    build = best_of([PY, "-m", "zhifa", "build", "--no-downloads", "--root", str(root), "--out", str(out)], repeat,
                    before=clean_out)
    result["build_s"] = build["wall_s"]
    result["build_cpu_s"] = build["cpu_s"]
    result["build_peak_bytes"] = build["peak_rss_bytes"]
    result["build_runs_s"] = build["runs_s"]
    index = out / "search" / "search_index.json"
    result["index_bytes"] = index.stat().st_size if index.is_file() else None
    result["index_ratio"] = result["index_bytes"] / result["text_bytes"] if result["index_bytes"] else None
    files = [p for p in out.rglob("*") if p.is_file()]
    result["site_bytes"] = sum(p.stat().st_size for p in files)
    log(f"[{name}] zhifa build (with downloads) …")
    clean_out()
    full = run_measured([PY, "-m", "zhifa", "build", "--root", str(root), "--out", str(out)])
    if full["returncode"] != 0:
        raise RuntimeError(f"{name}: zhifa build with downloads failed (exit {full['returncode']})")
    result["full_build_s"] = full["wall_s"]
    result["full_build_peak_bytes"] = full["peak_rss_bytes"]
    files = [p for p in out.rglob("*") if p.is_file()]
    result["downloads_bytes"] = sum(p.stat().st_size for p in files if p.relative_to(out).parts[0] == "downloads")

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


# ---------------------------------------------------------------------------------------------------------------
# Report


def _mb(n: int | None) -> str:
    return "—" if n is None else f"{n / 1024**2:,.0f} MiB"


def _kb(n: int | None) -> str:
    return "—" if n is None else f"{n / 1024:,.0f} KiB"


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
    if r["index_ratio"] is not None:
        out.append({"target": "index / text bytes", "value": r["index_ratio"], "limit": TARGET_INDEX_RATIO,
                    "ok": r["index_ratio"] < TARGET_INDEX_RATIO})
    return out


def print_report(r: dict, synthetic: bool) -> None:
    def mark(ok: bool) -> str:
        return "PASS" if ok else "MISS"

    v = {x["target"]: x for x in verdicts(r, synthetic)}
    print(f"\n== {r['name']} corpus: {r['regulations']} regulations, {r['articles']:,} articles, {r['units']:,} units, "
          f"{r['text_bytes']:,} text bytes ==")
    print(f"  {'figure':<34}{'value':>16}   {'target':<12}")
    print(f"  {'validate (in-process)':<34}{r['validate_s']:>14.2f} s")
    line = f"  {'site build (subprocess, wall)':<34}{r['build_s']:>14.2f} s"
    if synthetic:
        line += f"   < {TARGET_BUILD_S:.0f} s       {mark(v['build time']['ok'])}"
    print(line)
    print(f"  {'  cpu (user+sys)':<34}{r['build_cpu_s']:>14.2f} s")
    line = f"  {'  peak memory (max RSS)':<34}{_mb(r['build_peak_bytes']):>16}"
    if synthetic:
        line += f"   < 1 GiB      {mark(v['build peak memory']['ok'])}"
    print(line)
    print(f"  {'  site size':<34}{_kb(r['site_bytes']):>16}")
    print(f"  {'full build with downloads (wall)':<34}{r['full_build_s']:>14.2f} s   (print edition, blank forms)")
    print(f"  {'  peak memory (max RSS)':<34}{_mb(r['full_build_peak_bytes']):>16}")
    print(f"  {'  downloads/ size':<34}{_kb(r['downloads_bytes']):>16}")
    if r["plain_error"]:
        print(f"  {'plain mkdocs build':<34}{'unavailable':>16}   ({r['plain_error'].splitlines()[0]})")
    else:
        print(f"  {'generated Markdown (in-process)':<34}{r['pages_generation_s']:>14.2f} s   ({r['pages_function']})")
        print(f"  {'plain mkdocs build (subprocess)':<34}{r['plain_s']:>14.2f} s")
        print(f"  {'  peak memory (max RSS)':<34}{_mb(r['plain_peak_bytes']):>16}")
        x = v["pipeline / plain mkdocs"]
        print(f"  {'pipeline / plain mkdocs':<34}{r['over_plain']:>15.2f}×   < {TARGET_OVER_PLAIN}×       {mark(x['ok'])}")
    print(f"  {'search index':<34}{_kb(r['index_bytes']):>16}   (plain mkdocs: {_kb(r['plain_index_bytes'])})")
    if r["index_ratio"] is not None:
        x = v["index / text bytes"]
        print(f"  {'search index / text bytes':<34}{r['index_ratio']:>15.2f}×   < {TARGET_INDEX_RATIO}×       {mark(x['ok'])}")
    if len(r["build_runs_s"]) > 1:
        print(f"  runs: build {r['build_runs_s']} s, plain {r['plain_runs_s']} s (best shown)")


# ---------------------------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------------------------
# Forms: one fill to .docx and to .pdf (warm), and every form in both formats

TARGET_DOCX_S = 0.050
TARGET_PDF_S = 0.500
TARGET_ALL_FORMS_S = 30.0


def bench_forms(work: Path, form_id: str = "onsite-inspection", repeat: int = 7) -> dict:
    """In-process: the first call of each writer warms caches (fonts, templates), then the median of ``repeat``."""
    import statistics

    from zhifa.app.fill import write_form
    from zhifa.check.case_values import check_case
    from zhifa.render.view.form import form_view
    from zhifa.load.loader import load_project
    from zhifa.load.yamlio import read_yaml

    project = load_project(ROOT)
    examples = ROOT / "data" / "examples" / "forms"
    out = work / "forms"
    out.mkdir(parents=True, exist_ok=True)

    def view_of(fid: str):
        filled, problems = check_case(project, project.forms[fid], read_yaml(examples / f"{fid}.yaml"))
        if problems:
            raise RuntimeError(f"example for {fid} does not pass: {problems[0].format()}")
        return form_view(project, project.forms[fid], filled, 2025)

    view = view_of(form_id)
    figures: dict = {"form": form_id}
    for suffix in (".docx", ".pdf"):
        write_form(view, out / f"warm{suffix}")
        runs = []
        for _ in range(repeat):
            start = time.perf_counter()
            write_form(view, out / f"one{suffix}")
            runs.append(time.perf_counter() - start)
        figures[f"fill{suffix}_s"] = statistics.median(runs)
    start = time.perf_counter()
    for fid in sorted(project.forms):
        v = view_of(fid)
        write_form(v, out / f"{fid}.docx")
        write_form(v, out / f"{fid}.pdf")
    figures["all_forms_s"] = time.perf_counter() - start
    figures["forms"] = len(project.forms)
    # Every form, blank and filled from its example, warm, best of three each: the medians (moved here from the
    # form tests, which no longer time anything).
    views = [form_view(project, project.forms[fid]) for fid in sorted(project.forms)]
    views += [view_of(fid) for fid in sorted(project.forms)]
    for suffix in (".docx", ".pdf"):
        best = []
        for i, v in enumerate(views):
            runs = []
            for _ in range(3):
                start = time.perf_counter()
                write_form(v, out / f"each-{i}{suffix}")
                runs.append(time.perf_counter() - start)
            best.append(min(runs))
        figures[f"each{suffix}_median_s"] = statistics.median(best)
        figures[f"each{suffix}_worst_s"] = max(best)
    figures["views"] = len(views)
    return figures


def print_forms(f: dict) -> None:
    def mark(ok: bool) -> str:
        return "PASS" if ok else "MISS"

    print(f"\n== forms (in-process, {f['forms']} forms) ==")
    print(f"  {'one fill to .docx, warm (' + f['form'] + ')':<44}{f['fill.docx_s'] * 1000:>8.1f} ms   ≤ 50 ms    "
          f"{mark(f['fill.docx_s'] <= TARGET_DOCX_S)}")
    print(f"  {'one fill to .pdf, warm':<44}{f['fill.pdf_s'] * 1000:>8.1f} ms   ≤ 500 ms   {mark(f['fill.pdf_s'] <= TARGET_PDF_S)}")
    print(f"  {'all forms, both formats (checks included)':<44}{f['all_forms_s']:>8.2f} s    ≤ 30 s     "
          f"{mark(f['all_forms_s'] <= TARGET_ALL_FORMS_S)}")
    for suffix, limit in ((".docx", TARGET_DOCX_S), (".pdf", TARGET_PDF_S)):
        median, worst = f[f"each{suffix}_median_s"], f[f"each{suffix}_worst_s"]
        label = f"each form {suffix}, blank and filled, median"
        target = f"≤ {limit * 1000:.0f} ms"
        print(f"  {label:<44}{median * 1000:>8.1f} ms   {target:<11}{mark(median <= limit)}   "
              f"(worst {worst * 1000:.0f} ms, {f['views']} documents)")


# ---------------------------------------------------------------------------------------------------------------
# Checklists: each one, blank and filled from its example, in Word, PDF and Excel (warm, best of two)

TARGET_CHECKLIST_DOCX_S = 0.2
TARGET_CHECKLIST_PDF_S = 1.5
TARGET_CHECKLIST_XLSX_S = 5.0


def bench_checklists(work: Path) -> dict:
    """In-process, moved here from the checklist tests: median of the best of two writes per document and format
    (the worst for Excel, whose target is per file)."""
    import statistics

    from zhifa.check.checklist_answers import check_answers
    from zhifa.render.view.checklist import checklist_view
    from zhifa.app.fill import write_checklist
    from zhifa.load.loader import load_project
    from zhifa.load.yamlio import read_yaml

    project = load_project(ROOT)
    examples = ROOT / "data" / "examples" / "checklists"
    out = work / "checklists"
    out.mkdir(parents=True, exist_ok=True)
    views = []
    for cid in sorted(project.checklists):
        checklist = project.checklists[cid]
        answers, problems = check_answers(checklist, read_yaml(examples / f"{cid}.yaml"))
        if problems:
            raise RuntimeError(f"example for {cid} does not pass: {problems[0].format()}")
        views += [checklist_view(project, checklist), checklist_view(project, checklist, answers)]
    figures: dict = {"checklists": len(project.checklists), "documents": len(views)}
    for suffix in (".docx", ".pdf", ".xlsx"):
        write_checklist(views[0], out / f"warm{suffix}")
        best = []
        for i, v in enumerate(views):
            runs = []
            for _ in range(2):
                start = time.perf_counter()
                write_checklist(v, out / f"{i}{suffix}")
                runs.append(time.perf_counter() - start)
            best.append(min(runs))
        figures[f"{suffix[1:]}_median_s"] = statistics.median(best)
        figures[f"{suffix[1:]}_worst_s"] = max(best)
    return figures


def print_checklists(c: dict) -> None:
    def mark(ok: bool) -> str:
        return "PASS" if ok else "MISS"

    print(f"\n== checklists (in-process, warm, {c['checklists']} checklists blank and filled) ==")
    for fmt, figure, limit in (("docx", "median", TARGET_CHECKLIST_DOCX_S), ("pdf", "median", TARGET_CHECKLIST_PDF_S),
                               ("xlsx", "worst", TARGET_CHECKLIST_XLSX_S)):
        value = c[f"{fmt}_{figure}_s"]
        label = f"one checklist to .{fmt}, {figure}"
        target = f"< {limit * 1000:.0f} ms"
        print(f"  {label:<44}{value * 1000:>8.0f} ms   {target:<11}{mark(value < limit)}")


def bench_training(work: Path, repeat: int = 3) -> dict:
    """In-process, informative (no targets): an exam paper and its key, the slide decks, the flashcards, and the
    appeal-period calculation (the holiday calendar lookup) over every day of a year."""
    import datetime as dt
    import statistics

    from zhifa.procedures.deadlines import day_period
    from zhifa.procedures.workdays import project_calendar
    from zhifa.app.exam import write_exam
    from zhifa.render.anki.flashcards import write_flashcards
    from zhifa.load.loader import load_project
    from zhifa.render.pptx.slides import write_decks

    project = load_project(ROOT)
    out = work / "training"
    out.mkdir(parents=True, exist_ok=True)

    def median(job) -> float:
        job()  # warm: fonts, templates, pandoc's reference deck
        runs = []
        for _ in range(repeat):
            start = time.perf_counter()
            job()
            runs.append(time.perf_counter() - start)
        return statistics.median(runs)

    appeal = project.deadlines.get("appeal")
    days = [dt.date(2025, 1, 1) + dt.timedelta(days=i) for i in range(365)]
    return {
        "questions": len(project.questions),
        "exam.docx_s": median(lambda: write_exam(project, out / "exam.docx", 30, 7)),
        "exam.pdf_s": median(lambda: write_exam(project, out / "exam.pdf", 30, 7)),
        "decks_s": median(lambda: write_decks(project, out)),
        "flashcards_s": median(lambda: write_flashcards(project, out / "cards.apkg")),
        "appeal_365_s": median(lambda: [day_period(appeal, d, project_calendar(project)) for d in days]),
    }


def print_training(t: dict) -> None:
    print(f"\n== training and deadlines (in-process, warm, median; {t['questions']} questions; no targets) ==")
    print(f"  {'exam paper + key, 30 questions, .docx':<44}{t['exam.docx_s'] * 1000:>8.0f} ms")
    print(f"  {'exam paper + key, 30 questions, .pdf':<44}{t['exam.pdf_s'] * 1000:>8.0f} ms")
    print(f"  {'slide decks, all regulations (pandoc)':<44}{t['decks_s'] * 1000:>8.0f} ms")
    print(f"  {'flashcards (.apkg)':<44}{t['flashcards_s'] * 1000:>8.0f} ms")
    print(f"  {'appeal deadline for 365 receipt days':<44}{t['appeal_365_s'] * 1000:>8.1f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="zhifa benchmark (exit 0 whether targets are met or missed)")
    parser.add_argument("--articles", type=int, default=10_000, help="articles in the synthetic corpus (default 10000)")
    parser.add_argument("--skip-seed", action="store_true", help="do not measure the real project")
    parser.add_argument("--skip-forms", action="store_true", help="do not time the form and checklist fills")
    parser.add_argument("--skip-training", action="store_true", help="do not time exams, decks, flashcards, deadlines")
    parser.add_argument("--json", action="store_true", help="machine-readable output on stdout")
    parser.add_argument("--repeat", type=int, default=None,
                        help="runs per timed build, the fastest is kept (default: 3 for the seed, 1 for the synthetic corpus)")
    parser.add_argument("--profile", action="store_true", help="also cProfile one synthetic build and print the top")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and print its path")
    args = parser.parse_args(argv)
    if args.articles < 1 or (args.repeat is not None and args.repeat < 1):
        parser.error("--articles and --repeat must be at least 1")

    import zhifa.render.site.regulations  # noqa: F401  (imports done before timing validate)
    import zhifa.check.validate  # noqa: F401

    log = (lambda msg: print(msg, file=sys.stderr, flush=True)) if args.json else (lambda msg: print(msg, flush=True))
    work = Path(tempfile.mkdtemp(prefix="zhifa-bench-"))
    report: dict = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
                    "targets": {"synthetic_build_s": TARGET_BUILD_S, "synthetic_peak_bytes": TARGET_PEAK_BYTES,
                                "over_plain": TARGET_OVER_PLAIN, "index_ratio": TARGET_INDEX_RATIO},
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
        if not args.skip_seed:
            seed = bench_corpus("seed", ROOT, work, args.repeat or 3, log)
            seed["verdicts"] = verdicts(seed, synthetic=False)
            report["corpora"].append(seed)
            if not args.json:
                print_report(seed, synthetic=False)

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


if __name__ == "__main__":
    sys.exit(main())

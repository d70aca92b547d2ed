"""The synthetic corpus: a temporary copy of the project's site inputs with the six real regulations plus generated
regulations of 200 articles each, their text recombined from the real regulations' sentences, and a source file
that passes the fidelity check."""

from __future__ import annotations

import json
import math
import random
import re
import shutil
from pathlib import Path

from .measure import ROOT

ARTICLES_PER_REG = 200
ARTICLES_PER_CHAPTER = 20
SYNTH_SOURCE = "data/sources/synthetic-source.txt"

# Top-level entries of the project that are not site inputs.
NOT_COPIED = {".git", ".venv", "site", "regulations", "src", "tests", "scripts", "build", "node_modules"}
LINKED = {"node_modules"}

# Top-level entries of the project that are not site inputs.
NOT_COPIED = {".git", ".venv", "site", "regulations", "src", "tests", "scripts", "build", "node_modules"}
LINKED = {"node_modules"}

CHAPTER_HEADINGS = ["总则", "执法主体与执法人员", "立案与调查取证", "执法程序", "执法文书", "罚缴分离",
                    "监督检查", "考核评议", "责任追究", "重大案件报告", "法律责任", "附则"]


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


def make_synthetic_root(dest: Path, n_articles: int, seed: int = 20240601, per_regulation: int = ARTICLES_PER_REG
                        ) -> Path:
    """Create the synthetic project at ``dest`` (``n_articles`` in regulations of ``per_regulation``); return it."""
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
        n = min(per_regulation, left)
        left -= n
        lines.append(f"第{k}篇：合成规章")
        text, src = _synthetic_regulation(k, order + k, n, len(lines) + 1, rng, pool, to_source)
        lines += src
        (regs / f"synthetic-{k:03d}.yaml").write_text(text, encoding="utf-8")
    source = dest / SYNTH_SOURCE
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dest


"""Cold, no-change and one-edit builds of a copy of a corpus, downloads included: what a maintainer waits for.

The copy has an empty cache, so the first build is cold; the second changes nothing; the third follows an edit of
one unit's words (in its regulation file and, where the text is transcribed there, in the source text, so that the
fidelity check still passes), at a place no question or form quotes."""

from __future__ import annotations

import shutil
from pathlib import Path

from .measure import PY, run_measured
from .search import tests_on_path

TARGET_FULL_BUILD_S = 60.0          # at 10,000 articles
TARGET_FULL_PEAK_BYTES = 1024**3    # 1 GiB, the whole process tree
TARGET_NO_CHANGE = 0.10             # of the cold build
TARGET_ONE_EDIT = 0.25
PROJECT_PARTS = ("regulations", "data", "templates", "docs", "site_overrides", "mkdocs.yml", "package-lock.json")
MARKER = "修改"


def copy_corpus(root: Path, dest: Path) -> Path:
    for name in PROJECT_PARTS:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, dest / name)
        elif source.is_file():
            dest.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    (dest / "node_modules").symlink_to((root / "node_modules").resolve())
    return dest


def edit_one_unit(root: Path) -> str:
    """Insert MARKER into one unit's words (tests/edit_support.py); return the regulation file and the words."""
    tests_on_path()
    from edit_support import edit_one_unit as edit  # tests/: the edit the incremental-build test makes

    path, text = edit(root, MARKER, min_length=0)
    return f"{path.name}: {text[:16]}…"


def _build(root: Path, out: Path) -> dict:
    r = run_measured([PY, "-m", "zhifa", "build", "--root", str(root), "--out", str(out)], env=None)
    if r["returncode"] != 0:
        tail = "\n".join((r["stdout"] + r["stderr"]).strip().splitlines()[-25:])
        raise RuntimeError(f"zhifa build of {root} failed ({r['returncode']}):\n{tail}")
    return r


def bench_rebuilds(root: Path, work: Path, name: str, log) -> dict:
    """The three builds of a fresh copy of ``root``; the site of the cold build stays at the returned ``site``."""
    copy = copy_corpus(root, work / f"{name}-project")
    out = work / f"{name}-full-site"
    log(f"[{name}] zhifa build, cold (empty cache, downloads included) …")
    cold = _build(copy, out)
    stages = [line for line in cold["stdout"].splitlines() if "｜" in line]
    sizes_site = work / f"{name}-full-site-cold"
    shutil.copytree(out, sizes_site)
    log(f"[{name}] zhifa build, nothing changed …")
    same = _build(copy, out)
    edited = edit_one_unit(copy)
    log(f"[{name}] zhifa build after editing one unit ({edited}) …")
    edit = _build(copy, out)
    return {"cold_s": cold["wall_s"], "cold_cpu_s": cold["cpu_s"], "cold_peak_tree_bytes": cold["peak_tree_bytes"],
            "cold_peak_rss_bytes": cold["peak_rss_bytes"], "cold_stages": stages,
            "no_change_s": same["wall_s"], "one_edit_s": edit["wall_s"], "edited": edited,
            "no_change_ratio": same["wall_s"] / cold["wall_s"], "one_edit_ratio": edit["wall_s"] / cold["wall_s"],
            "site": str(sizes_site)}


def rebuild_verdicts(r: dict, synthetic: bool) -> list[dict]:
    out = [{"target": "no-change rebuild / cold", "value": r["no_change_ratio"], "limit": TARGET_NO_CHANGE,
            "ok": r["no_change_ratio"] <= TARGET_NO_CHANGE},
           {"target": "one-edit rebuild / cold", "value": r["one_edit_ratio"], "limit": TARGET_ONE_EDIT,
            "ok": r["one_edit_ratio"] <= TARGET_ONE_EDIT}]
    if synthetic:
        out += [{"target": "full build wall", "value": r["cold_s"], "limit": TARGET_FULL_BUILD_S,
                 "ok": r["cold_s"] <= TARGET_FULL_BUILD_S},
                {"target": "full build peak memory", "value": r["cold_peak_tree_bytes"],
                 "limit": TARGET_FULL_PEAK_BYTES, "ok": r["cold_peak_tree_bytes"] <= TARGET_FULL_PEAK_BYTES}]
    return out


def print_rebuilds(r: dict, synthetic: bool) -> None:
    v = {x["target"]: x for x in rebuild_verdicts(r, synthetic)}

    def verdict(target: str) -> str:
        return "PASS" if v[target]["ok"] else "MISS"

    print(f"  {'full build, cold (wall)':<34}{r['cold_s']:>14.2f} s" +
          (f"   ≤ {TARGET_FULL_BUILD_S:.0f} s       {verdict('full build wall')}" if synthetic else ""))
    print(f"  {'  peak memory, process tree (PSS)':<34}{r['cold_peak_tree_bytes'] / 1024**2:>12,.0f} MiB" +
          (f"   ≤ 1 GiB      {verdict('full build peak memory')}" if synthetic else ""))
    print(f"  {'  largest process (max RSS)':<34}{r['cold_peak_rss_bytes'] / 1024**2:>12,.0f} MiB")
    for line in r["cold_stages"]:
        print(f"      {line.split('｜', 1)[1]}")
    print(f"  {'no-change rebuild':<34}{r['no_change_s']:>14.2f} s   {r['no_change_ratio']:.0%} of cold "
          f"(≤ {TARGET_NO_CHANGE:.0%})   {verdict('no-change rebuild / cold')}")
    print(f"  {'one-unit edit rebuild':<34}{r['one_edit_s']:>14.2f} s   {r['one_edit_ratio']:.0%} of cold "
          f"(≤ {TARGET_ONE_EDIT:.0%})   {verdict('one-edit rebuild / cold')}")

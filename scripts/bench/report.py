"""The printed tables: one per corpus, forms, checklists, training and deadlines (``--json`` prints the dict
instead)."""

from __future__ import annotations

from .checklists import TARGET_CHECKLIST_DOCX_S, TARGET_CHECKLIST_PDF_S, TARGET_CHECKLIST_XLSX_S
from .forms import TARGET_ALL_FORMS_S, TARGET_DOCX_S, TARGET_PDF_S
from .rebuilds import print_rebuilds
from .search import print_search
from .site_build import TARGET_BUILD_S, TARGET_OVER_PLAIN, verdicts


def mark(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def _mb(n: int | None) -> str:
    return "—" if n is None else f"{n / 1024**2:,.0f} MiB"


def _kb(n: int | None) -> str:
    return "—" if n is None else f"{n / 1024:,.0f} KiB"


def print_report(r: dict, synthetic: bool) -> None:
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
    print_rebuilds(r["rebuilds"], synthetic)
    print(f"  {'  downloads/ size':<34}{_kb(r['downloads_bytes']):>16}")
    if r["plain_error"]:
        print(f"  {'plain mkdocs build':<34}{'unavailable':>16}   ({r['plain_error'].splitlines()[0]})")
    else:
        print(f"  {'generated Markdown (in-process)':<34}{r['pages_generation_s']:>14.2f} s   ({r['pages_function']})")
        print(f"  {'plain mkdocs build (subprocess)':<34}{r['plain_s']:>14.2f} s")
        print(f"  {'  peak memory (max RSS)':<34}{_mb(r['plain_peak_bytes']):>16}")
        x = v["pipeline / plain mkdocs"]
        print(f"  {'pipeline / plain mkdocs':<34}{r['over_plain']:>15.2f}×   < {TARGET_OVER_PLAIN}×       {mark(x['ok'])}")
    print(f"  {'plain mkdocs search index':<34}{_kb(r['plain_index_bytes']):>16}   (Material's, for comparison)")
    print_search(r["search"])
    if len(r["build_runs_s"]) > 1:
        print(f"  runs: build {r['build_runs_s']} s, plain {r['plain_runs_s']} s (best shown)")


def print_forms(f: dict) -> None:
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


def print_checklists(c: dict) -> None:
    print(f"\n== checklists (in-process, warm, {c['checklists']} checklists blank and filled) ==")
    for fmt, figure, limit in (("docx", "median", TARGET_CHECKLIST_DOCX_S), ("pdf", "median", TARGET_CHECKLIST_PDF_S),
                               ("xlsx", "worst", TARGET_CHECKLIST_XLSX_S)):
        value = c[f"{fmt}_{figure}_s"]
        label = f"one checklist to .{fmt}, {figure}"
        target = f"< {limit * 1000:.0f} ms"
        print(f"  {label:<44}{value * 1000:>8.0f} ms   {target:<11}{mark(value < limit)}")


def print_training(t: dict) -> None:
    print(f"\n== training and deadlines (in-process, warm, median; {t['questions']} questions; no targets) ==")
    print(f"  {'exam paper + key, 30 questions, .docx':<44}{t['exam.docx_s'] * 1000:>8.0f} ms")
    print(f"  {'exam paper + key, 30 questions, .pdf':<44}{t['exam.pdf_s'] * 1000:>8.0f} ms")
    print(f"  {'slide decks, all regulations (pandoc)':<44}{t['decks_s'] * 1000:>8.0f} ms")
    print(f"  {'flashcards (.apkg)':<44}{t['flashcards_s'] * 1000:>8.0f} ms")
    print(f"  {'appeal deadline for 365 receipt days':<44}{t['appeal_365_s'] * 1000:>8.1f} ms")


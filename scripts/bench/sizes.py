"""Sizes of what an officer downloads over a township link: the blank and filled fillable PDFs, ``site/downloads/``,
the offline copy and the whole ``site/`` (the targets are the seed's)."""

from __future__ import annotations

from pathlib import Path

KB, MB = 1024, 1024**2
TARGET_BLANK_FORM_PDF = 150 * KB
TARGET_FILLED_FORM_PDF = 300 * KB
TARGET_DOWNLOADS = 15 * MB
TARGET_OFFLINE_ZIP = 12 * MB
TARGET_SITE = 25 * MB


def _largest(paths: list[Path]) -> tuple[int, str]:
    if not paths:
        return 0, "—"
    biggest = max(paths, key=lambda p: p.stat().st_size)
    return biggest.stat().st_size, biggest.name


def site_sizes(site: Path) -> dict:
    """Figures of a full build (``zhifa build`` with downloads) in ``site``."""
    files = [p for p in site.rglob("*") if p.is_file()]
    downloads = site / "downloads"
    blank, blank_name = _largest(sorted((downloads / "forms").glob("*.pdf")))
    checklist, checklist_name = _largest(sorted((downloads / "checklists").glob("*.pdf")))
    offline = next(iter(sorted(downloads.glob("*offline*.zip"))), None)
    return {
        "site_bytes": sum(p.stat().st_size for p in files),
        "downloads_bytes": sum(p.stat().st_size for p in files if p.is_relative_to(downloads)),
        "offline_zip_bytes": offline.stat().st_size if offline else None,
        "blank_form_pdf_max_bytes": blank, "blank_form_pdf_max": blank_name,
        "checklist_pdf_max_bytes": checklist, "checklist_pdf_max": checklist_name,
    }


def filled_sizes(folder: Path) -> dict:
    """The largest filled form PDF written by the forms benchmark (every form filled from its example)."""
    size, name = _largest([p for p in folder.glob("*.pdf") if not p.name.startswith(("warm", "one", "each-"))])
    return {"filled_form_pdf_max_bytes": size, "filled_form_pdf_max": name}


def size_verdicts(sizes: dict) -> list[dict]:
    rows = [("blank fillable form PDF, largest", "blank_form_pdf_max_bytes", TARGET_BLANK_FORM_PDF),
            ("filled form PDF, largest", "filled_form_pdf_max_bytes", TARGET_FILLED_FORM_PDF),
            ("site/downloads/", "downloads_bytes", TARGET_DOWNLOADS),
            ("offline zip", "offline_zip_bytes", TARGET_OFFLINE_ZIP),
            ("whole site/", "site_bytes", TARGET_SITE)]
    return [{"target": label, "value": sizes[key], "limit": limit,
             "ok": sizes[key] is not None and sizes[key] <= limit}
            for label, key, limit in rows if key in sizes]


def print_sizes(sizes: dict) -> None:
    from .report import mark

    print("\n== sizes (seed, full build with downloads; every filled form from its example) ==")
    names = {"blank fillable form PDF, largest": sizes.get("blank_form_pdf_max"),
             "filled form PDF, largest": sizes.get("filled_form_pdf_max")}
    for v in size_verdicts(sizes):
        value = "—" if v["value"] is None else f"{v['value'] / KB:,.0f} KiB"
        limit = f"≤ {v['limit'] / KB:,.0f} KiB" if v["limit"] < MB else f"≤ {v['limit'] / MB:,.0f} MiB"
        note = f"   ({names[v['target']]})" if names.get(v["target"]) else ""
        print(f"  {v['target']:<34}{value:>16}   {limit:<13}{mark(v['ok'])}{note}")
    if sizes.get("checklist_pdf_max_bytes"):
        print(f"  {'checklist PDF, largest':<34}{sizes['checklist_pdf_max_bytes'] / KB:>12,.0f} KiB"
              f"   (no target; {sizes['checklist_pdf_max']})")

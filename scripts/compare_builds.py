"""Compare two built sites (``site/`` folders, downloads included) by what a reader sees.

Usage: python scripts/compare_builds.py OLD_SITE NEW_SITE

Used to show that a change meant to keep behaviour (a refactoring) keeps it: every HTML page's text, every .docx's
and .pptx's XML parts, every .xlsx sheet, every PDF's text (pdftotext) and every JSON file must be identical, and both
sites must hold the same files. Binary containers whose bytes carry timestamps (.apkg, the offline .zip, images) are
compared by presence only. Prints one line per difference and exits 1 if there is any.
"""

from __future__ import annotations

import html.parser
import subprocess
import sys
import zipfile
from pathlib import Path

# Parts of Office files that carry creation/modification times, not content.
VOLATILE_PARTS = {"docProps/core.xml", "docProps/app.xml"}


class _Text(html.parser.HTMLParser):
    """The text of an HTML page with tags dropped, script/style content kept (search data lives in scripts)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.parts.append(data.strip())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # Links and anchors are part of what a reader gets: keep href/id/src so a moved anchor shows.
        kept = [f"{k}={v}" for k, v in attrs if k in ("href", "id", "src", "title") and v]
        if kept:
            self.parts.append(f"<{tag} {' '.join(kept)}>")


def html_text(path: Path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(parser.parts)


def office_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n.endswith(".xml") and n not in VOLATILE_PARTS}


def pdf_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return done.stdout


def compare(old: Path, new: Path) -> list[str]:
    differences: list[str] = []
    old_files = {p.relative_to(old).as_posix() for p in old.rglob("*") if p.is_file()}
    new_files = {p.relative_to(new).as_posix() for p in new.rglob("*") if p.is_file()}
    differences += [f"only in old: {name}" for name in sorted(old_files - new_files)]
    differences += [f"only in new: {name}" for name in sorted(new_files - old_files)]
    for name in sorted(old_files & new_files):
        a, b = old / name, new / name
        suffix = a.suffix.lower()
        if suffix == ".html":
            same = html_text(a) == html_text(b)
        elif suffix in (".docx", ".xlsx", ".pptx"):
            pa, pb = office_parts(a), office_parts(b)
            changed = sorted(n for n in pa.keys() | pb.keys() if pa.get(n) != pb.get(n))
            same = not changed
            if changed:
                differences.append(f"differs: {name} ({', '.join(changed[:5])})")
                continue
        elif suffix == ".pdf":
            same = pdf_text(a) == pdf_text(b)
        elif suffix in (".json", ".js", ".css", ".txt", ".xml", ".yaml", ".svg"):
            same = a.read_bytes() == b.read_bytes()
        else:
            continue  # .apkg, .zip, .gz, images: presence only
        if not same:
            differences.append(f"differs: {name}")
    return differences


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    old, new = (Path(a) for a in argv)
    for folder in (old, new):
        if not folder.is_dir():
            print(f"not a folder: {folder}", file=sys.stderr)
            return 2
    differences = compare(old, new)
    for line in differences:
        print(line)
    checked = sum(1 for p in old.rglob("*") if p.is_file())
    print(f"{checked} files in the old site, {len(differences)} differences")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Editing one unit of a project copy as a maintainer would: the words changed in the regulation file and, where the
text is transcribed there, in the source text too (so the fidelity check still passes), at a place no question or
form quotes. Used by the incremental-build test and by the benchmark's rebuild figures (scripts/bench)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml


def edit_one_unit(root: Path, marker: str, min_length: int = 21) -> tuple[Path, str]:
    """Insert ``marker`` after the first comma of the first suitable unit's text; return its regulation file and the
    text as it was. A unit suits when its text (``min_length`` characters or more) occurs once in its file and once
    in each source that holds it, and no data or template file quotes the words around the comma."""
    sources = {p: p.read_text(encoding="utf-8") for p in sorted((root / "data" / "sources").glob("*.txt"))}
    quoting = re.sub(r"\s", "", "".join(p.read_text(encoding="utf-8") for folder in ("data", "templates")
                                        for p in sorted((root / folder).rglob("*.yaml"))))
    for path in sorted((root / "regulations").glob("*.yaml")):
        raw = path.read_text(encoding="utf-8")
        stack = [yaml.safe_load(raw)]
        while stack:
            node = stack.pop()
            if isinstance(node, list):
                stack.extend(node)
                continue
            if not isinstance(node, dict):
                continue
            stack.extend(node.values())
            text = node.get("text")
            if not isinstance(text, str) or "，" not in text or len(text) < min_length or raw.count(text) != 1:
                continue
            at = text.index("，")
            if re.sub(r"\s", "", text[max(0, at - 4):at + 5]) in quoting:
                continue
            holders = [p for p, t in sources.items() if text in t]
            if any(sources[p].count(text) != 1 for p in holders):
                continue
            edited = text.replace("，", f"，{marker}", 1)
            for target in (path, *holders):
                target.write_text(target.read_text(encoding="utf-8").replace(text, edited), encoding="utf-8")
            return path, text
    raise LookupError(f"no unit to edit in {root}")

"""Where a citation's quote stood when it no longer stands in the current text: the latest earlier version whose unit
of that id holds it, that unit's successor in the current version, and the current words in the quote's place."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass

from zhifa.model.regulation import HEADINGS, Regulation, Unit
from zhifa.versions.diff import align, full_text, top_units
from zhifa.versions.fold import squeeze


@dataclass(frozen=True)
class Trace:
    version: Regulation      # the earlier version the quote stands in
    old: Unit                # the unit there
    successor: Unit | None   # the unit that continues it in the current version (None: removed)
    new_quote: str | None    # the current words where the quote stood (None: removed, or nothing in its place)


Pairs = list[tuple[Unit | None, Unit | None]]


def top_pairs(past: Regulation, current: Regulation) -> Pairs:
    """The articles (and other top units) of ``past`` paired with those of ``current``: made once, asked often."""
    return align(top_units(past), top_units(current))


def successor(past: Regulation, current: Regulation, old: Unit, top: Pairs | None = None) -> Unit | None:
    """The unit of ``current`` that continues ``old`` of ``past``: its article paired by ``align`` (``top``, when the
    caller has the pairing of the two versions already), then each level below paired the same way."""
    chain = [u for u in [*old.ancestors(), old] if u.kind not in HEADINGS]
    pairs = top if top is not None else top_pairs(past, current)
    found: Unit | None = None
    for unit in chain:
        found = next((n for o, n in pairs if o is unit), None)
        if found is None:
            return None
        pairs = align(unit.children, found.children)
    return found


def corresponding(old_text: str, new_text: str, quote: str) -> str | None:
    """The words of ``new_text`` that stand where ``quote`` stood in ``old_text`` (whitespace ignored)."""
    a, b, q = squeeze(old_text), squeeze(new_text), squeeze(quote)
    start = a.find(q)
    if start < 0 or not b:
        return None
    end = start + len(q)
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()

    def moved(i: int, at_end: bool) -> int:
        for _op, i1, i2, j1, j2 in opcodes:
            if i1 <= i < i2 or (at_end and i1 < i <= i2):
                if _op == "equal":
                    return j1 + (i - i1)
                return j2 if at_end else j1
        return len(b)

    words = b[moved(start, False):moved(end, True)]
    return words or None


def trace_quote(reg: Regulation, unit_id: str, quote: str, render: Callable[[str], str] = str) -> Trace | None:
    """The latest earlier version of ``reg`` whose unit ``unit_id`` holds ``quote``; None when none does."""
    current = reg.current
    q = squeeze(quote)
    for past in reversed(current.past):
        old = past.unit(unit_id)
        if old is None:
            continue
        text = full_text(old)
        if q not in squeeze(text) and q not in squeeze(render(text)):
            continue
        new = successor(past, current, old)
        new_quote = corresponding(render(text), render(full_text(new)), render(quote)) if new is not None else None
        return Trace(past, old, new, new_quote)
    return None

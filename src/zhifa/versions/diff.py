"""What changed between two versions of a regulation, unit by unit, with a character-level diff of each change.

Units are paired by ``align``: in order, by the similarity of their folded text (``fold``) with a small bonus for the
same label, so an inserted article pairs nothing and every later article still finds its predecessor under its new
number. Paired units whose folded text is the same are unchanged, or ``renumbered`` when their label (and so their id)
moved; a pair whose text differs is ``changed``; an unpaired old unit is ``removed``, an unpaired new one ``added``.
Articles (and the other units outside articles: sections, preambles…) are compared first, their paragraphs, items and
subitems within a paired article the same way; 编/章/节 by their label and heading.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field

from zhifa.model.regulation import HEADINGS, Regulation, Unit
from zhifa.versions.fold import fold, same

# Two units are the same unit reworded when at least this share of their folded text is common (difflib's ratio).
PAIRED = 0.45
LABEL_BONUS = 0.1


@dataclass(frozen=True)
class Piece:
    op: str  # equal, insert, delete
    text: str


@dataclass
class Change:
    change: str  # changed, added, removed, renumbered
    old: Unit | None
    new: Unit | None
    diff: list[Piece] = field(default_factory=list)
    parts: list[Change] = field(default_factory=list)
    top: bool = True  # an article or another unit outside articles (its id is cited), not one of its parts

    @property
    def unit(self) -> Unit:
        unit = self.new or self.old
        assert unit is not None
        return unit

    def to_json(self) -> dict:
        out: dict = {"unit": self.unit.id, "label": self.unit.label, "change": self.change}
        if self.old is not None and self.new is not None and (
                not same(self.old.label, self.new.label) or (self.top and self.old.id != self.new.id)):
            out["from"] = {"unit": self.old.id, "label": self.old.label}
        old, new = (own_text(u) if u else None for u in (self.old, self.new))
        if old or new:
            out["text"] = {"old": old, "new": new}
        if self.diff:
            out["diff"] = [{"op": p.op, "text": p.text} for p in self.diff]
        if self.parts:
            out["parts"] = [p.to_json() for p in self.parts]
        return out


def own_text(unit: Unit) -> str:
    """A unit's own words: its heading and its text (its parts are compared on their own)."""
    return "".join(x for x in (unit.heading, unit.text) if x)


def full_text(unit: Unit) -> str:
    return "".join(own_text(u) for u in unit.walk())


def char_diff(old: str, new: str) -> list[Piece]:
    """The pieces of ``new`` kept, inserted and deleted against ``old``, compared folded, shown as written."""
    a, b = fold(old), fold(new)
    pieces: list[Piece] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a.text, b.text, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(Piece("equal", b.span(j1, j2)))
            continue
        if i2 > i1:
            pieces.append(Piece("delete", a.span(i1, i2)))
        if j2 > j1:
            pieces.append(Piece("insert", b.span(j1, j2)))
    return _readable(pieces)


# A common run this short between two changes is chance (县[-人民-]{+司法行+}政[-府法制机构-]): one change reads better.
ISLAND = 2


def _readable(pieces: list[Piece]) -> list[Piece]:
    """Runs of changes with only short common islands between them merged into one deletion and one insertion."""
    out: list[Piece] = []
    run: list[Piece] = []

    def flush() -> None:
        if run:
            old = "".join(p.text for p in run if p.op in ("delete", "equal"))
            new = "".join(p.text for p in run if p.op in ("insert", "equal"))
            out.extend(Piece(op, text) for op, text in (("delete", old), ("insert", new)) if text)
            run.clear()

    for k, piece in enumerate(pieces):
        inner = 0 < k < len(pieces) - 1 and len(fold(piece.text).text) <= ISLAND
        if piece.op != "equal" or (run and inner):
            run.append(piece)
            continue
        flush()
        out.append(piece)
    flush()
    return out


def similarity(old: Unit, new: Unit) -> float:
    a, b = fold(full_text(old)).text, fold(full_text(new)).text
    if not a and not b:
        ratio = 1.0
    else:
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        ratio = matcher.ratio() if matcher.real_quick_ratio() >= PAIRED and matcher.quick_ratio() >= PAIRED else 0.0
    return ratio + (LABEL_BONUS if old.kind == new.kind and same(old.label, new.label) else 0.0)


def align(old: Sequence[Unit], new: Sequence[Unit]) -> list[tuple[Unit | None, Unit | None]]:
    """Old and new units in order, paired where one continues the other: the order-keeping pairing with the greatest
    total similarity (pairs below PAIRED, or of different kinds, are not made)."""
    n, m = len(old), len(new)
    sim = {(i, j): similarity(old[i], new[j]) for i in range(n) for j in range(m) if old[i].kind == new[j].kind}
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best = max(score[i + 1][j], score[i][j + 1])
            s = sim.get((i, j), 0.0)
            if s >= PAIRED:
                best = max(best, s + score[i + 1][j + 1])
            score[i][j] = best
    pairs: list[tuple[Unit | None, Unit | None]] = []
    i = j = 0
    while i < n and j < m:
        s = sim.get((i, j), 0.0)
        if s >= PAIRED and abs(score[i][j] - (s + score[i + 1][j + 1])) < 1e-9:
            pairs.append((old[i], new[j]))
            i, j = i + 1, j + 1
        elif score[i][j] == score[i + 1][j]:
            pairs.append((old[i], None))
            i += 1
        else:
            pairs.append((None, new[j]))
            j += 1
    pairs += [(u, None) for u in old[i:]] + [(None, u) for u in new[j:]]
    return pairs


def compare(old: Unit | None, new: Unit | None, top: bool = True) -> Change | None:
    """The change from ``old`` to ``new`` (None when the unit continues unchanged). A ``top`` unit is renumbered when
    its id changes; a part only when its own label does (its id follows its article's)."""
    if old is None:
        assert new is not None
        return Change("added", None, new, [Piece("insert", own_text(new))] if own_text(new) else [], top=top)
    if new is None:
        return Change("removed", old, None, [Piece("delete", own_text(old))] if own_text(old) else [], top=top)
    parts = [c for o, n in align(old.children, new.children) if (c := compare(o, n, top=False)) is not None]
    reworded = not same(own_text(old), own_text(new))
    if reworded or any(p.change != "renumbered" for p in parts):
        return Change("changed", old, new, char_diff(own_text(old), own_text(new)) if reworded else [], parts, top)
    if not same(old.label, new.label) or (top and old.id != new.id):
        return Change("renumbered", old, new, [], parts, top)
    if parts:  # only parts renumbered
        return Change("changed", old, new, [], parts, top)
    return None


def top_units(reg: Regulation) -> list[Unit]:
    """The units compared first: every unit that is not 编/章/节 and stands directly under them or at the top."""
    return [u for u in reg.walk() if u.kind not in HEADINGS and (u.parent is None or u.parent.kind in HEADINGS)]


def headings(reg: Regulation) -> list[Unit]:
    return [u for u in reg.walk() if u.kind in HEADINGS]


def _compare_heading(old: Unit | None, new: Unit | None) -> Change | None:
    if old is None or new is None:
        return compare(old, new)
    if not same(old.heading, new.heading):
        return Change("changed", old, new, char_diff(old.heading or "", new.heading or ""))
    if not same(old.label, new.label):
        return Change("renumbered", old, new)
    return None


def diff(old: Regulation, new: Regulation) -> list[Change]:
    """Every change from ``old`` to ``new``: the 编/章/节 first, then the articles and other units, in text order."""
    changes = [c for o, n in align(headings(old), headings(new)) if (c := _compare_heading(o, n))]
    changes += [c for o, n in align(top_units(old), top_units(new)) if (c := compare(o, n)) is not None]
    return changes


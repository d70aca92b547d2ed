"""When a version took effect and by which act, as the head lines of a law say it:
（2020年6月1日…令第3号公布　根据2025年3月1日…《关于修改〈…〉的决定》修正）."""

from __future__ import annotations

import datetime as dt
import re

DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
EFFECTIVE = re.compile(r"自(\d{4})年(\d{1,2})月(\d{1,2})日起(?:施行|生效|执行)")
AMENDED = re.compile(r"修正|修订|修改")
# Clauses of a head line: a law prints them in one pair of parentheses, separated by spaces or semicolons.
CLAUSE = re.compile(r"[　 ;；\n]+")


def clauses(history: list[str]) -> list[str]:
    out = []
    for line in history:
        for piece in CLAUSE.split(line.strip().strip("（）()")):
            if piece.strip("（）() "):
                out.append(piece.strip("（）() "))
    return out


def _date(m: re.Match[str]) -> dt.date | None:
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def amendment(history: list[str]) -> tuple[dt.date | None, str] | None:
    """The last amending act named in the head lines and the day it took effect (the 自…起施行 after it, else the date
    the clause opens with); None when the lines name no amendment."""
    found = clauses(history)
    last = next((i for i in range(len(found) - 1, -1, -1) if AMENDED.search(found[i]) and DATE.search(found[i])), None)
    if last is None:
        return None
    act = found[last]
    after = next((m for c in found[last:] if (m := EFFECTIVE.search(c))), None)
    first = DATE.search(act)
    day = _date(after) if after else (_date(first) if first else None)
    return day, act


def first_effective(history: list[str], effective: str) -> dt.date | None:
    """The day the first text took effect: 自…起施行 in the head lines or the effective field, else the date the head
    lines open with (通过, 公布)."""
    for text in (*clauses(history), effective):
        m = EFFECTIVE.search(text)
        if m:
            return _date(m)
    m = DATE.search(history[0]) if history else None
    return _date(m) if m else None

"""A source text as one or more regulations: where each begins (第一篇…, or a title line before 第一条/（一）), its title,
head lines (adoption and amendment history), table of contents, preamble, body and closing (signature, date).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from zhifa.ingest.lines import Line, ends_like_title, is_history, is_title_like
from zhifa.ingest.structure import Body, Warning, read_body

MAX_TITLE_LINES = 3


class DocumentError(Exception):
    """The text cannot be read as a regulation; the message says why and what to do."""


@dataclass
class Draft:
    """One regulation as read from the text, before ids, metadata and YAML."""

    title_lines: list[Line]
    history: list[Line] = field(default_factory=list)
    preamble: list[Line] = field(default_factory=list)
    signature: Line | None = None
    date: Line | None = None
    body: Body = field(default_factory=Body)
    excluded: set[int] = field(default_factory=set)  # line numbers inside the regulation left out (目录, page numbers)
    first: int = 0
    last: int = 0
    warnings: list[Warning] = field(default_factory=list)

    @property
    def title(self) -> str:
        return "".join(line.text for line in self.title_lines)

    def ranges(self) -> str:
        """The regulation's lines in the source, without the ones left out: "2-8" or "1-3, 12-95"."""
        runs: list[list[int]] = []
        for number in range(self.first, self.last + 1):
            if number in self.excluded:
                continue
            if runs and runs[-1][1] == number - 1:
                runs[-1][1] = number
            else:
                runs.append([number, number])
        return ", ".join(f"{a}-{b}" for a, b in runs)


def first_label(line: Line) -> bool:
    """The line a regulation's body starts with: 第一条, （一）, 一、, 第一章/第一编, a head line or 目录."""
    if line.kind in ("article", "outline", "division"):
        return line.value == 1
    return line.kind == "contents" or (line.kind == "plain" and is_history(line.text))


def split_regulations(lines: list[Line]) -> list[tuple[Line | None, list[Line]]]:
    """The text cut where a new regulation begins; each piece with its 篇 heading, if it has one."""
    pieces: list[tuple[Line | None, list[Line]]] = []
    volume: Line | None = None
    current: list[Line] = []
    started = False  # the current piece has a labelled line already
    for index, line in enumerate(lines):
        if line.kind == "volume":
            if current:
                pieces.append((volume, current))
            volume, current, started = line, [], False
            continue
        if started and line.kind == "plain" and ends_like_title(line.text):
            following = next((n for n in lines[index + 1 :] if n.kind != "blank"), None)
            if following is not None and first_label(following):
                pieces.append((volume, current))
                volume, current, started = None, [], False
        current.append(line)
        started = started or line.is_label
    if current:
        pieces.append((volume, current))
    return [(v, p) for v, p in pieces if any(n.kind != "blank" for n in p)]


def read_draft(volume: Line | None, lines: list[Line], title: str | None = None) -> Draft:
    content = [line for line in lines if line.kind != "blank"]
    if not content:
        raise DocumentError("没有正文")
    at = 0
    title_lines: list[Line] = []
    if title is not None:
        title_lines, at = _given_title(content, title)
    else:
        while at < len(content) and len(title_lines) < MAX_TITLE_LINES and _title_line(content[at]):
            title_lines.append(content[at])
            at += 1
    if not title_lines:
        where = f"（{volume.label}之后）" if volume is not None else ""
        raise DocumentError(f"第 {content[0].number} 行{where}找不到标题行：原文须以规章标题开头（照原件写一行，如"
                            "“××县人口和计划生育行政执法责任制度”），或用 --title 指出原文中的标题")
    draft = Draft(title_lines, first=title_lines[0].number, last=content[-1].number)
    at = _history(content, at, draft)
    at = _contents(content, at, draft)
    while at < len(content) and content[at].kind == "plain" and not content[at].is_label:
        draft.preamble.append(content[at])
        at += 1
    end = len(content)
    if end > at and content[end - 1].kind == "date":
        draft.date = content[end - 1]
        end -= 1
        if end > at + 1 and content[end - 1].kind == "plain" and is_title_like(content[end - 1].text):
            draft.signature = content[end - 1]
            end -= 1
    body_lines = content[at:end]
    if not any(line.is_label for line in body_lines):
        raise DocumentError(f"《{draft.title}》（第 {draft.first} 行起）中找不到条文编号（第一条、（一）、一、等）："
                            "请确认这是一部规章的正文")
    draft.body = read_body(body_lines)
    draft.excluded |= set(draft.body.skipped)
    draft.warnings += draft.body.warnings
    return draft


def _title_line(line: Line) -> bool:
    return line.kind == "plain" and is_title_like(line.text) and not is_history(line.text)


def _given_title(content: list[Line], title: str) -> tuple[list[Line], int]:
    wanted = "".join(title.split())
    for start in range(min(len(content), 10)):
        joined = ""
        for end in range(start, min(len(content), start + MAX_TITLE_LINES)):
            joined += "".join(content[end].text.split())
            if joined == wanted:
                return content[start : end + 1], end + 1
    raise DocumentError(f"原文开头找不到标题“{title}”：--title 须与原文中的标题一字不差（空格除外）")


def _history(content: list[Line], at: int, draft: Draft) -> int:
    """Head lines: "（2009年…通过　根据…修正）", possibly over several lines."""
    while at < len(content) and content[at].kind in ("plain", "date"):
        line = content[at]
        if is_history(line.text):
            draft.history.append(line)
            at += 1
            opened = line.text.count("（") + line.text.count("(") - line.text.count("）") - line.text.count(")")
            while opened > 0 and at < len(content) and content[at].kind == "plain":
                follow = content[at]
                draft.history.append(follow)
                opened += follow.text.count("（") + follow.text.count("(") - follow.text.count("）") - follow.text.count(")")
                at += 1
        else:
            break
    return at


def _contents(content: list[Line], at: int, draft: Draft) -> int:
    """A table of contents (目录, then the headings): left out, the body starting where its first heading recurs."""
    if at >= len(content) or content[at].kind != "contents":
        return at
    start = at
    entries = []
    at += 1
    while at < len(content) and content[at].kind == "division":
        entries.append(content[at])
        at += 1
    if not entries:
        draft.warnings.append(Warning(content[start].number, "“目录”之后没有章节标题：此行未收入（原文出处跳过此行）"))
        draft.excluded.add(content[start].number)
        return start + 1
    first = "".join(entries[0].text.split())
    for index in range(start + 1, at):
        if index > start + 1 and "".join(content[index].text.split()) == first:  # the body began inside the list
            at = index
            break
    draft.excluded |= set(range(content[start].number, content[at].number if at < len(content) else content[-1].number + 1))
    draft.warnings.append(Warning(content[start].number, f"目录（第 {content[start].number}–{content[at - 1].number} 行）"
                                                          "未收入条文，手册按章节自动生成目录"))
    return at

"""Checking a checklist's answers file (``zhifa fill CHECKLIST answers.yaml``): every problem at once, located.

An answers file has ``header`` (the checklist's header fields) and ``answers``: item id → answer, or
item id → {answer: …, remark: …}. yes_no items take 是 / 否 / 不适用, rate items a percentage 0–100,
count items a whole number ≥ 0, note items text.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from zhifa.check.case_values import control_chars, parse_date
from zhifa.load.yamlio import Document
from zhifa.model.checklist import YES_NO, Checklist, ChecklistItem
from zhifa.model.problems import Problem


@dataclass
class Answer:
    value: Any                 # str for yes_no and note, float for rate, int for count
    remark: str | None = None


@dataclass
class Answers:
    header: dict[str, Any] = field(default_factory=dict)
    items: dict[str, Answer] = field(default_factory=dict)


@dataclass(frozen=True)
class Summary:
    items: int
    answered: int
    attention: int      # answers marking a problem (否, or 是 where the item asks whether a fault exists)

    @property
    def completion(self) -> float:
        return self.answered / self.items if self.items else 0.0


def needs_attention(item: ChecklistItem, answer: Answer | None) -> bool:
    return answer is not None and item.answer == "yes_no" and answer.value == item.attention


def summarise(checklist: Checklist, answers: Answers) -> Summary:
    items = checklist.items()
    return Summary(len(items), sum(1 for i in items if i.id in answers.items),
                   sum(1 for i in items if needs_attention(i, answers.items.get(i.id))))


def check_answers(checklist: Checklist, doc: Document) -> tuple[Answers | None, list[Problem]]:
    problems: list[Problem] = []

    def fail(path: tuple, message: str, code: str = "C001") -> None:
        problems.append(doc.where(path).problem(code, message))

    data = doc.data
    if not isinstance(data, dict):
        return None, [doc.where(()).problem("C000", "答案文件应为映射，含 header 和 answers 两部分")]
    for key in data:
        if key not in ("header", "answers"):
            fail((key,), f"未知部分“{key}”：答案文件只有 header（表头）和 answers（各项答案）", "C002")
    result = Answers()
    header = data.get("header") or {}
    if not isinstance(header, dict):
        fail(("header",), "header 应为映射（字段: 值）")
        header = {}
    known = {f.id: f for f in checklist.header}
    for key in header:
        if key not in known:
            fail(("header", key), f"表头没有字段“{key}”；表头字段有：{'、'.join(known)}", "C002")
    for fid, f in known.items():
        raw = header.get(fid)
        if raw in (None, ""):
            if f.required:
                fail(("header",) if "header" in data else (), f"表头字段“{fid}”（{f.label}）为必填项", "C003")
            continue
        if f.type == "date":
            value = parse_date(raw)
            if value is None:
                fail(("header", fid), f"表头字段“{fid}”：“{raw}”不是有效日期，请写成 2025-03-05")
                continue
            result.header[fid] = value
        else:
            text = str(raw)
            if "\n" in text or control_chars(text, allow_newline=False):
                fail(("header", fid), f"表头字段“{fid}”含有换行或控制字符")
                continue
            result.header[fid] = text
    answers = data.get("answers") or {}
    if not isinstance(answers, dict):
        fail(("answers",), "answers 应为映射：检查项 id: 答案")
        answers = {}
    items = {i.id: i for i in checklist.items()}
    for key, raw in answers.items():
        item = items.get(key)
        if item is None:
            close = difflib.get_close_matches(key, items, n=1)
            fail(("answers", key), f"没有检查项“{key}”" + (f"，是否应为“{close[0]}”？" if close else ""), "C002")
            continue
        remark = None
        if isinstance(raw, dict):
            extra = [k for k in raw if k not in ("answer", "remark")]
            if extra:
                fail(("answers", key), f"检查项“{key}”只能有 answer 和 remark，多了 {'、'.join(extra)}", "C002")
            remark, raw = raw.get("remark"), raw.get("answer")
            if remark is not None:
                remark = str(remark).rstrip("\n")
                if control_chars(remark, allow_newline=True):
                    fail(("answers", key, "remark"), f"检查项“{key}”的备注含有控制字符")
                    continue
        value = _answer(item, raw)
        if isinstance(value, str) and value.startswith("!"):
            fail(("answers", key), f"检查项“{key}”：{value[1:]}")
            continue
        result.items[key] = Answer(value, remark)
    return (result if not problems else None), problems


def _answer(item: ChecklistItem, raw: Any) -> Any:
    if raw is None:
        return "!缺少答案"
    if item.answer == "yes_no":
        text = {True: "是", False: "否"}.get(raw, raw) if isinstance(raw, bool) else str(raw).strip()
        return text if text in YES_NO else f"!答案应为 {'、'.join(YES_NO)}，实为“{raw}”"
    if item.answer == "rate":
        if isinstance(raw, bool):
            return "!完成率应为 0 到 100 之间的数（百分比）"
        try:
            value = float(str(raw).rstrip("%"))
        except ValueError:
            return f"!完成率应为 0 到 100 之间的数（百分比），实为“{raw}”"
        return value if 0 <= value <= 100 else "!完成率应在 0 到 100 之间"
    if item.answer == "count":
        return raw if isinstance(raw, int) and not isinstance(raw, bool) and raw >= 0 else "!数量应为不小于 0 的整数"
    text = str(raw).rstrip("\n")
    return "!备注含有控制字符" if control_chars(text, allow_newline=True) else text

"""Checks of the question bank and the learning path: citations, and that each answer stands in its quotes.

"Supported by the quote" is checked mechanically, type by type:
- single, multiple, scenario: every correct option is written in the quoted words; no wrong option is.
- fill_blank: the stem has one ____ per answer, and every answer is written in the quoted words.
- true_false: ``key`` is written in the quoted words; a true statement contains the key, a false one does not
  (it distorts those words, and the explanation gives them).
"""

from __future__ import annotations

import re

from zhifa.cite.check import check_citation, check_citations, squeeze
from zhifa.model.problems import Problem
from zhifa.model.project import Project
from zhifa.model.question import BLANK, LETTERS, Question, Training

_BLANKS = re.compile(re.escape(BLANK) + "_*")


def check_questions(project: Project) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, Question] = {}
    for q in project.questions:
        if q.id in seen:
            first = seen[q.id]
            problems.append(q.where("id").problem(
                "Q001", f"题目 id“{q.id}”重复（{first.pos.path} 第 {first.pos.line} 行已使用）：题目 id 必须唯一且不再改动"))
        seen.setdefault(q.id, q)
        problems += check_question(project, q)
    if project.training is not None:
        problems += check_citations(project, [p.basis for s in project.training.path for p in s.points])
        problems += _check_path(project.training, project)
    return problems


def check_question(project: Project, q: Question) -> list[Problem]:
    cited = [check_citation(project, c) for c in q.basis]
    problems = [p for ps in cited for p in ps]
    if problems:
        return problems  # the support check needs valid quotes
    quoted = "|".join(squeeze(project.jurisdiction.render(c.quote)) for c in q.basis)
    quoted_raw = "|".join(squeeze(c.quote) for c in q.basis)

    def in_quotes(words: str) -> bool:
        w = squeeze(words)
        return bool(w) and (w in quoted or w in quoted_raw or squeeze(project.jurisdiction.render(words)) in quoted)

    check = {"single": _check_choice, "scenario": _check_choice, "multiple": _check_choice,
             "true_false": _check_true_false, "fill_blank": _check_fill_blank}[q.type]
    return check(q, in_quotes)


def _check_choice(q: Question, in_quotes) -> list[Problem]:
    problems = []
    if q.key is not None:
        problems.append(q.where("key").problem("Q002", "只有判断题（true_false）使用 key"))
    if q.type == "scenario" and q.case is None:
        problems.append(q.where("type").problem("Q002", "案例分析题须有 case（案情）"))
    if q.type != "scenario" and q.case is not None:
        problems.append(q.where("case").problem("Q002", "只有案例分析题（scenario）使用 case"))
    if not 3 <= len(q.options) <= 6:
        return problems + [q.where("options").problem("Q003", f"选择题须有 3 至 6 个选项（options），现有 {len(q.options)} 个")]
    if len(set(map(squeeze, q.options))) != len(q.options):
        problems.append(q.where("options").problem("Q003", "选项重复"))
    letters = LETTERS[:len(q.options)]
    answer = q.answer
    if not isinstance(answer, str) or not answer or any(x not in letters for x in answer) or len(set(answer)) != len(answer):
        return problems + [q.where("answer").problem(
            "Q004", f"答案“{answer}”无效：应写选项字母（{letters[0]}–{letters[-1]}），如 B 或 ACD")]
    if q.type == "single" and len(answer) != 1:
        problems.append(q.where("answer").problem("Q004", f"单项选择题只能有一个答案，现为“{answer}”；多个答案请用 type: multiple"))
    if q.type == "multiple" and len(answer) < 2:
        problems.append(q.where("answer").problem("Q004", "多项选择题至少有两个正确答案；只有一个请用 type: single"))
    if list(answer) != sorted(answer):
        problems.append(q.where("answer").problem("Q004", f"答案字母请按顺序写：{''.join(sorted(answer))}"))
    for i, option in enumerate(q.options):
        letter, correct = letters[i], letters[i] in answer
        if correct and not in_quotes(option):
            problems.append(q.where("answer").problem(
                "Q005", f"正确选项 {letter}“{option}”不在引文中：答案须能在所引原文中读到（改写选项为原文用语，或补充引文）"))
        if not correct and in_quotes(option):
            problems.append(q.where("options").problem(
                "Q006", f"错误选项 {letter}“{option}”也写在引文中：引文支持了它，题目有歧义（换一个干扰项，或缩短引文）"))
    return problems


def _check_true_false(q: Question, in_quotes) -> list[Problem]:
    problems = []
    if not isinstance(q.answer, bool):
        problems.append(q.where("answer").problem("Q004", f"判断题的答案应为 true 或 false，现为“{q.answer}”"))
    if q.options or q.case is not None:
        problems.append(q.where("type").problem("Q002", "判断题不用 options、case"))
    if q.key is None:
        return problems + [q.where("type").problem(
            "Q007", "判断题须有 key：所引原文中决定对错的词句（正确的说法包含它，错误的说法改动了它）")]
    if not in_quotes(q.key):
        problems.append(q.where("key").problem("Q007", f"key“{q.key}”不在引文中"))
    elif q.answer is True and squeeze(q.key) not in squeeze(q.stem):
        problems.append(q.where("key").problem("Q008", f"答案为正确，但题干没有原文“{q.key}”：正确的说法应保留原文用语"))
    elif q.answer is False and squeeze(q.key) in squeeze(q.stem):
        problems.append(q.where("key").problem("Q008", f"答案为错误，但题干照录了原文“{q.key}”：错误的说法应改动这一处"))
    return problems


def _check_fill_blank(q: Question, in_quotes) -> list[Problem]:
    problems = []
    if q.options or q.case is not None or q.key is not None:
        problems.append(q.where("type").problem("Q002", "填空题不用 options、case、key"))
    answers = q.answer if isinstance(q.answer, list) else None
    blanks = len(_BLANKS.findall(q.stem))
    if answers is None or not answers:
        return problems + [q.where("answer").problem("Q004", "填空题的答案应为列表，每个空一项，如 [2, 6, 24] 写作 [\"2\", \"6\", \"24\"]")]
    if blanks != len(answers):
        problems.append(q.where("stem").problem("Q009", f"题干有 {blanks} 个空（{BLANK}），答案有 {len(answers)} 项"))
    for word in answers:
        if not in_quotes(word):
            problems.append(q.where("answer").problem("Q005", f"答案“{word}”不在引文中：答案须能在所引原文中读到"))
    return problems


def _check_path(training: Training, project: Project) -> list[Problem]:
    """Each regulation at most once in the learning path, each point citing the step's own regulation. A regulation
    the path leaves out is not an error: the learning path page lists it after the others, without key points."""
    problems, seen = [], set()
    for step in training.path:
        if step.regulation not in project.regulations and step.regulation not in project.broken:
            problems.append(step.where("regulation").problem("Q010", f"学习路径中的规章“{step.regulation}”不存在"))
        if step.regulation in seen:
            problems.append(step.where("regulation").problem("Q010", f"规章“{step.regulation}”在学习路径中出现了两次"))
        seen.add(step.regulation)
        for point in step.points:
            if point.basis.regulation != step.regulation:
                problems.append(point.basis.where("regulation").problem(
                    "Q011", f"要点引用了“{point.basis.regulation}”，但它列在“{step.regulation}”之下：要点应引用本步骤的规章"))
    return problems

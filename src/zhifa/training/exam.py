"""Exam papers from the question bank: which questions, in which order, and what the paper and its answer key say.

Selection (:func:`select_questions`), reproducible from (bank, count, seed):
1. Shares per regulation: the questions are dealt one at a time to the regulations in handbook order, skipping a
   regulation once it has no question left; so the shares are equal, the remainder goes to the first regulations,
   and a regulation with too few questions is made up by the others.
2. Within a regulation: each pick takes a type this regulation has been asked least in, then the type the paper
   has least of, then a type order drawn from the seed; the question of that type is drawn from the seed too.
3. On the paper: grouped by type in the order of ``TYPE_NAMES``, within a group by regulation, numbered 1…N; the
   options of each question in an order drawn from the seed and the question id (``Question.shuffled_options``).

The paper and the key are described by :class:`ExamPaper` (texts only); :mod:`zhifa.render.docx.exam` and
:mod:`zhifa.render.pdf.exam` render it; :func:`zhifa.app.exam.write_exam` writes a paper and its key, both or neither.
"""

from __future__ import annotations

import random
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field

from zhifa.cite.numerals import to_chinese
from zhifa.cite.render import formal
from zhifa.model.project import Project
from zhifa.model.question import BLANK, LETTERS, TYPE_NAMES, Question

PAPER_TITLE = "人口和计划生育行政执法培训考试试卷"
KEY_SUFFIX = "参考答案"
POINTS: dict[str, int] = {"single": 2, "multiple": 3, "true_false": 2, "fill_blank": 3, "scenario": 6}
HEADER_FIELDS = ("姓名", "单位", "日期", "得分")
BRACKETS = "（" + "\u00a0" * 8 + "）"      # where the letter, √ or × is written (no-break spaces: kept on one line)
REASON_LABEL = "理由和依据："
QUOTE_LABEL = "原文："                     # before the quoted words in the key (they may hold “” themselves)
REASON_LINES = 3                          # ruled lines under a scenario question
SAMPLE_COUNT, SAMPLE_SEED = 30, 7        # the sample paper among the downloads (its file names: render.site.download_paths)
INLINE_OPTION_CHARS = 30                  # options this short in total go on one line

_EMPTY_BRACKETS = re.compile(r"[（(][ \u3000\u00a0]*[)）]")
_BLANKS = re.compile(re.escape(BLANK) + "_*")
_INSTRUCTIONS = {
    "single": "单项选择题将正确选项的字母填入括号内",
    "multiple": "多项选择题将全部正确选项的字母填入括号内，多选、少选均不得分",
    "true_false": "判断题正确的打“√”、错误的打“×”",
    "fill_blank": "填空题在横线上作答",
    "scenario": "案例分析题将正确选项的字母填入括号内，并写明理由和依据",
}


class ExamError(Exception):
    """A request that cannot be met; the message is for the officer (Chinese, one line)."""


# ---------------------------------------------------------------- selection


def shares(available: dict[str, int], count: int) -> dict[str, int]:
    """How many questions each regulation gives (``available``: regulation → size, in handbook order)."""
    share = {reg: 0 for reg in available}
    left = min(count, sum(available.values()))
    while left:
        for reg, size in available.items():
            if left and share[reg] < size:
                share[reg] += 1
                left -= 1
    return share


def select_questions(questions: Sequence[Question], order: Sequence[str], count: int, seed: int) -> list[Question]:
    """``count`` questions of ``questions``, balanced by regulation (``order``: regulation ids in handbook order)
    and mixed by type, in paper order (grouped by type). Raises ExamError if ``count`` cannot be met."""
    if count < 1:
        raise ExamError(f"题数须至少为 1（现为 {count}）")
    if count > len(questions):
        raise ExamError(f"题库只有 {len(questions)} 道题，题数不能大于 {len(questions)}（现为 {count}）")
    rng = random.Random(seed)
    regs = list(order) + sorted({q.regulation for q in questions} - set(order))
    by_reg: dict[str, dict[str, list[Question]]] = {reg: {t: [] for t in TYPE_NAMES} for reg in regs}
    for q in sorted(questions, key=lambda q: q.id):       # independent of the order within the YAML files
        by_reg[q.regulation][q.type].append(q)
    for pools in by_reg.values():
        for pool in pools.values():
            rng.shuffle(pool)
    share = shares({reg: sum(map(len, pools.values())) for reg, pools in by_reg.items()}, count)
    tiebreak = {t: i for i, t in enumerate(rng.sample(list(TYPE_NAMES), len(TYPE_NAMES)))}
    on_paper = {t: 0 for t in TYPE_NAMES}
    picked: list[tuple[int, int, Question]] = []  # (regulation rank, pick rank, question)
    for rank, reg in enumerate(regs):
        pools, here = by_reg[reg], {t: 0 for t in TYPE_NAMES}
        for n in range(share[reg]):
            kind = min((t for t in TYPE_NAMES if pools[t]),
                       key=lambda t: (here[t], on_paper[t], tiebreak[t]))
            here[kind] += 1
            on_paper[kind] += 1
            picked.append((rank, n, pools[kind].pop()))
    type_rank = {t: i for i, t in enumerate(TYPE_NAMES)}
    picked.sort(key=lambda p: (type_rank[p[2].type], p[0], p[1]))
    return [q for _, _, q in picked]


# ---------------------------------------------------------------- the paper and the key, as texts


@dataclass(frozen=True)
class Segment:
    """A piece of a question's text; a ``blank`` piece (no text) is printed as an underlined space to write in."""

    text: str
    blank: bool = False


@dataclass
class Item:
    number: int
    question: Question
    stem: list[Segment]                    # with （　　） where the answer goes, blanks as blank segments
    case: str | None                    # scenario questions
    options: list[str]                     # "A. …"
    inline_options: bool                   # short options: all on one line
    reason_lines: int                      # ruled lines to write the reasons on (scenario questions)
    # the key
    answer: str
    explanation: str
    citations: list[tuple[str, str]]       # (formal citation, the quoted words)


@dataclass
class Group:
    type: str
    numeral: str                           # 一, 二, … in the order the groups are printed
    items: list[Item] = field(default_factory=list)

    @property
    def points(self) -> int:
        """Points per question."""
        return POINTS[self.type]

    @property
    def heading(self) -> str:
        """一、单项选择题（每题 2 分，共 20 分）"""
        return (f"{self.numeral}、{TYPE_NAMES[self.type]}"
                f"（每题 {self.points} 分，共 {self.points * len(self.items)} 分）")


@dataclass
class ExamPaper:
    title: str
    key_title: str
    seed: int
    count: int
    bank_size: int
    total: int
    instructions: str
    groups: list[Group]

    @property
    def items(self) -> list[Item]:
        return [i for g in self.groups for i in g.items]

    @property
    def command(self) -> str:
        """The command that makes this paper again (from the same bank)."""
        return f"zhifa exam --count {self.count} --seed {self.seed}"

    @property
    def summary(self) -> str:
        """The line on both documents that lets a trainer make the same paper again."""
        return (f"试卷编号：种子 {self.seed}，共 {self.count} 题（题库 {self.bank_size} 题）；"
                f"用 {self.command} 可重新生成本试卷及答案")


def build_exam(project: Project, count: int, seed: int,
               questions: Sequence[Question] | None = None) -> ExamPaper:
    """The exam paper and its key; ``questions`` defaults to the project's bank."""
    bank = list(project.questions if questions is None else questions)
    chosen = select_questions(bank, [r.id for r in project.ordered_regulations()], count, seed)
    groups: list[Group] = []
    for number, q in enumerate(chosen, 1):
        if not groups or groups[-1].type != q.type:
            groups.append(Group(q.type, to_chinese(len(groups) + 1)))
        groups[-1].items.append(_item(project, number, q, seed))
    total = sum(g.points * len(g.items) for g in groups)
    county = project.jurisdiction.values().get("county", "")
    rules = [_INSTRUCTIONS[t] for t in TYPE_NAMES if any(g.type == t for g in groups)]
    instructions = f"本试卷共 {count} 题，满分 {total} 分。请用黑色钢笔或签字笔作答：{'；'.join(rules)}。"
    return ExamPaper(title=f"{county}{PAPER_TITLE}", key_title=f"{county}{PAPER_TITLE}{KEY_SUFFIX}", seed=seed,
                     count=count, bank_size=len(bank), total=total, instructions=instructions, groups=groups)


def _item(project: Project, number: int, q: Question, seed: int) -> Item:
    render = project.jurisdiction.render
    shuffled, letters = q.shuffled_options(str(seed))  # the paper's option order, from the seed
    stem = render(q.stem).strip()
    if q.type == "fill_blank":
        segments = _blank_segments(stem)
    else:
        if q.type != "true_false" and _EMPTY_BRACKETS.search(stem):
            stem = _EMPTY_BRACKETS.sub(BRACKETS, stem)
        else:
            stem += BRACKETS
        segments = [Segment(stem)]
    options = [f"{LETTERS[i]}. {render(o).strip()}" for i, o in enumerate(shuffled)]
    return Item(number=number, question=q, stem=segments, case=render(q.case).strip() if q.case else None,
                options=options, inline_options=sum(len(o) + 2 for o in options) <= INLINE_OPTION_CHARS,
                reason_lines=REASON_LINES if q.type == "scenario" else 0,
                answer=_answer(project, q, shuffled, letters), explanation=render(q.explanation).strip(),
                citations=[_citation(project, c.regulation, c.unit, c.quote) for c in q.basis])


def _blank_segments(stem: str) -> list[Segment]:
    out: list[Segment] = []
    last = 0
    for m in _BLANKS.finditer(stem):
        if m.start() > last:
            out.append(Segment(stem[last:m.start()]))
        out.append(Segment("", blank=True))
        last = m.end()
    if last < len(stem):
        out.append(Segment(stem[last:]))
    return out


def _answer(project: Project, q: Question, options: list[str], letters: str) -> str:
    """The answer as the key prints it; choice answers in the paper's letters, with the options' words."""
    if q.type in ("single", "multiple", "scenario"):
        texts = [project.jurisdiction.render(options[LETTERS.index(x)]) for x in letters]
        if q.type == "multiple":
            texts = [f"{letter}. {text}" for letter, text in zip(letters, texts)]
        return f"{letters}（{'；'.join(texts)}）"
    if q.type == "true_false":
        return ("√ " if q.answer is True else "× ") + q.answer_text()
    return project.jurisdiction.render(q.answer_text())


def _citation(project: Project, reg_id: str, unit_id: str, quote: str) -> tuple[str, str]:
    reg = project.regulations.get(reg_id)
    unit = reg.unit(unit_id) if reg is not None else None
    name = formal(reg, unit, project.jurisdiction) if reg is not None else reg_id
    return name, project.jurisdiction.render(quote)


def random_seed() -> int:
    """A seed short enough to write down."""
    return 100000 + secrets.randbelow(900000)

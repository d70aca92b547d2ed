"""Handbook pages for training: the learning path for new officers and one offline quiz page per regulation.

Quiz pages are Markdown for mkdocs-quiz (``<quiz>`` blocks, ``[[answer]]`` blanks). Their front matter turns the
quiz plugin on (it is off everywhere else) and keeps them out of the search index: their answers sit in the HTML.
Knows nothing of MkDocs.
"""

from __future__ import annotations

import hashlib
import re
from html import escape

from zhifa.cite.numerals import to_chinese
from zhifa.cite.render import formal, short
from zhifa.model.project import Project
from zhifa.model.question import BLANK, LETTERS, TYPE_NAMES, KeyPoint, PathStep, Question
from zhifa.model.regulation import Citation, Regulation
from zhifa.render.site import download_paths
from zhifa.render.site.regulations import md_text, reg_page
from zhifa.render.site.urls import Urls

TRAINING_DIR = "training"
INDEX_PAGE = f"{TRAINING_DIR}/index.md"
TRUE_FALSE = ("正确", "错误")
# Options are shown in an order drawn from this and the question id (the bank puts answers at B more often than not);
# changing it reorders every quiz and, through the question-set hash, drops the answers saved in browsers.
OPTION_ORDER = "quiz-1"
KIND_NAMES = {"duty": "必须做到", "prohibition": "严禁"}
_BLANKS = re.compile(re.escape(BLANK) + "_*")


def quiz_page(reg_id: str) -> str:
    return f"{TRAINING_DIR}/quiz-{reg_id}.md"


def questions_by_regulation(project: Project) -> dict[str, list[Question]]:
    """The bank's questions of each regulation (the one a question's first citation names), in bank order."""
    out: dict[str, list[Question]] = {}
    for q in project.questions:
        if q.regulation in project.regulations:
            out.setdefault(q.regulation, []).append(q)
    return out


def path_regulations(project: Project) -> list[Regulation]:
    """The regulations in learning-path order; any the path leaves out follow in handbook order, except repealed
    ones (new officers learn the rules in force; validate does not let the path list a repealed one)."""
    listed = [s.regulation for s in project.training.path] if project.training else []
    ordered = [project.regulations[r] for r in listed if r in project.regulations]
    return ordered + [r for r in project.ordered_regulations() if r not in ordered and r.status != "已废止"]


def _quote(project: Project, c: Citation) -> str:
    return md_text(project.jurisdiction.render(c.quote))


class QuizPage:
    """One regulation's questions as mkdocs-quiz blocks, grouped by type, each with its answer, explanation and basis."""

    def __init__(self, project: Project, reg: Regulation, questions: list[Question], urls: Urls):
        self.project, self.reg, self.questions, self.urls = project, reg, questions, urls
        self.page = quiz_page(reg.id)
        self.jur = project.jurisdiction

    def text(self, value: str) -> str:
        return md_text(self.jur.render(value))

    def cite(self, c: Citation) -> str:
        reg = self.project.regulations[c.regulation]
        href = self.urls.rel(reg_page(reg), self.page, c.unit)
        return f'<a href="{escape(href)}">{escape(formal(reg, reg.unit(c.unit), self.jur))}</a>：“{_quote(self.project, c)}”'

    def render(self) -> str:
        reg, jur = self.reg, self.jur
        title = f"{reg.short_title}练习题"
        reg_link = self.urls.rel(reg_page(reg), self.page)
        out = ["---", f'title: "{title}"', "render_macros: false", "search:", "  exclude: true",
               "quiz:", "  enabled: true", "---", "", f"# {md_text(title)} {{ #top }}", "",
               f'<p>共 {len(self.questions)} 题，考查<a href="{escape(reg_link)}">《{escape(jur.render(reg.title))}》</a>。'
               "只有一个答案的题目点选即提交，多选题和填空题作答后点“提交”。每题提交后显示正确答案、解析和原文依据；"
               "页末显示成绩，可只看答错的题并重做。</p>", "",
               "<!-- mkdocs-quiz intro -->", ""]
        questions = self.ordered()
        for number, q in enumerate(questions, 1):
            if number == 1 or q.type != questions[number - 2].type:
                out += [f"## {TYPE_NAMES[q.type]} {{ #{q.type.replace('_', '-')} .zf-quiz-group }}", ""]
            out += [self.quiz(q, number), ""]
        ids = hashlib.sha1(" ".join([OPTION_ORDER, *(q.id for q in questions)]).encode()).hexdigest()[:12]
        out += ["## 成绩 { #results }", "", "<!-- mkdocs-quiz results -->", "", review_controls(ids), ""]
        return "\n".join(out) + "\n"

    def ordered(self) -> list[Question]:
        """The questions as the page shows them: grouped by type in exam order, bank order within a group."""
        return sorted(self.questions, key=lambda q: list(TYPE_NAMES).index(q.type))

    def quiz(self, q: Question, number: int) -> str:
        lines = ["<quiz>"]
        if q.case:
            lines += [f"{number}．**案情**：{self.text(q.case)}", "", f"**问题**：{self.text(q.stem)}", ""]
        elif q.type == "fill_blank":
            lines += [f"{number}．{self.blanks(q)}", ""]
        else:
            lines += [f"{number}．{self.text(q.stem)}", ""]
        if q.type == "fill_blank":
            lines += ["---", ""]
        else:
            lines += [f"- [{'x' if ok else ' '}] {label}" for label, ok in self.choices(q)] + [""]
        lines += [f"**正确答案**：{self.answer(q)}", "", f"**解析**：{self.text(q.explanation)}", ""]
        lines += [f"**依据**：{self.cite(c)}" + "\n" for c in q.basis]
        return "\n".join(lines).rstrip() + "\n</quiz>"

    def choices(self, q: Question) -> list[tuple[str, bool]]:
        if q.type == "true_false":
            return [(TRUE_FALSE[0], q.answer is True), (TRUE_FALSE[1], q.answer is False)]
        options, correct = q.shuffled_options(OPTION_ORDER)
        return [(f"{LETTERS[i]}．{self.text(o)}", LETTERS[i] in correct) for i, o in enumerate(options)]

    def blanks(self, q: Question) -> str:
        """The stem with each ____ replaced by [[answer]] (mkdocs-quiz's blank), the rest escaped."""
        parts = _BLANKS.split(self.jur.render(q.stem))
        answers = [str(a).replace("]", "") for a in (q.answer if isinstance(q.answer, list) else [q.answer])]
        out = md_text(parts[0])
        for i, part in enumerate(parts[1:]):
            out += f"[[{answers[i] if i < len(answers) else '？'}]]" + md_text(part)
        return out

    def answer(self, q: Question) -> str:
        if q.type in ("single", "multiple", "scenario"):
            options, correct = q.shuffled_options(OPTION_ORDER)
            return "；".join(f"{x}．{self.text(options[LETTERS.index(x)])}" for x in correct)
        return md_text(q.answer_text())


def review_controls(question_set: str) -> str:
    """Buttons for zhifa-quiz.js (hidden until it runs): show only the questions answered wrongly, answer them again.
    ``question_set`` names the page's questions in order: when it changes, answers saved in the browser are dropped
    (mkdocs-quiz stores them by position, which would attach them to other questions)."""
    return (f'<div class="zf-quiz-review" data-question-set="{question_set}" hidden>'
            '<button type="button" class="md-button zf-review-toggle" aria-pressed="false" '
            'data-on="显示全部题目" data-off="只看答错的题">只看答错的题</button> '
            '<button type="button" class="md-button md-button--primary zf-review-retry">重做答错的题</button> '
            '<span class="zf-review-status" role="status" aria-live="polite"></span></div>')


class PathPage:
    """The learning path: the regulations in order, why and what to read, duties and prohibitions, quiz and slides."""

    def __init__(self, project: Project, urls: Urls, counts: dict[str, int]):
        self.project, self.urls, self.counts = project, urls, counts
        self.jur = project.jurisdiction

    def file_link(self, target: str, label: str, primary: bool = False) -> str:
        cls = "md-button md-button--primary" if primary else "md-button"
        return f'<a class="{cls}" href="{escape(self.urls.rel_file(target, INDEX_PAGE))}" download>{label}</a>'

    def render(self) -> str:
        training = self.project.training
        out = ["---", "title: 学习路径", "render_macros: false", "search:", "  boost: 0.2", "---", "",
               "# 新任执法人员学习路径 { #top }", ""]
        if training is None:
            out += ['<div class="admonition note"><p class="admonition-title">学习路径待编写</p>'
                    "<p>下面暂按手册顺序列出全部规章。</p></div>", ""]
        else:
            out += [f"<p>{escape(self.jur.render(training.intro))}</p>", ""]
        out += ['<p class="zf-downloads">' + " ".join([
            self.file_link(download_paths.FLASHCARDS, "下载闪卡（Anki）"),
            self.file_link(download_paths.sample_exam_file(".docx"), "模拟试卷（Word）"),
            self.file_link(download_paths.sample_exam_file(".pdf"), "模拟试卷（PDF）"),
            self.file_link(download_paths.sample_exam_file(".docx", key=True), "参考答案（Word）"),
            self.file_link(download_paths.sample_exam_file(".pdf", key=True), "参考答案（PDF）")]) + "</p>", ""]
        for n, reg in enumerate(path_regulations(self.project), 1):
            step = training.step(reg.id) if training else None
            out += self.step(n, reg, step)
        return "\n".join(out) + "\n"

    def step(self, n: int, reg: Regulation, step: PathStep | None) -> list[str]:
        title = self.jur.render(reg.title)
        out = [f"## 第{to_chinese(n)}步　{md_text(title)} {{ #{reg.id} }}", ""]
        parts = [f'<p>原文：<a href="{escape(self.urls.rel(reg_page(reg), INDEX_PAGE))}">《{escape(title)}》</a></p>']
        if step is not None:
            parts += [f"<p><strong>为什么学</strong>：{escape(self.jur.render(step.why))}</p>",
                      f"<p><strong>重点</strong>：{escape(self.jur.render(step.focus))}</p>"]
            for kind, name in KIND_NAMES.items():
                points = [p for p in step.points if p.kind == kind]
                if points:
                    items = "".join(f"<li>{self.point(p)}</li>" for p in points)
                    parts.append(f'<p><strong>{name}</strong></p><ul class="zf-{kind}">{items}</ul>')
        count = self.counts.get(reg.id, 0)
        quiz = (f'<a class="md-button md-button--primary" href="{escape(self.urls.rel(quiz_page(reg.id), INDEX_PAGE))}">'
                f"做练习题（{count} 题）</a>" if count else '<span class="zf-pending">练习题待编写</span>')
        parts.append(f'<p class="zf-downloads">{quiz} {self.file_link(download_paths.slides_file(reg.id), "下载幻灯片（PowerPoint）")}</p>')
        return out + [f'<div class="zf-step" markdown="0">{"".join(parts)}</div>', ""]

    def point(self, p: KeyPoint) -> str:
        reg = self.project.regulations[p.basis.regulation]
        href = self.urls.rel(reg_page(reg), INDEX_PAGE, p.basis.unit)
        cite = short(reg, reg.unit(p.basis.unit))
        return f'{escape(self.jur.render(p.point))}（<a href="{escape(href)}">{escape(cite)}</a>）'


def pages(project: Project, urls: Urls) -> dict[str, str]:
    """The learning path and one quiz page per regulation that has questions: {path inside docs: Markdown}."""
    by_reg = questions_by_regulation(project)
    out = {INDEX_PAGE: PathPage(project, urls, {r: len(qs) for r, qs in by_reg.items()}).render()}
    for reg in path_regulations(project):
        if by_reg.get(reg.id):
            out[quiz_page(reg.id)] = QuizPage(project, reg, by_reg[reg.id], urls).render()
    return out


def nav_entries(project: Project) -> list[dict[str, str]]:
    """Navigation entries for the quiz pages, in learning-path order."""
    by_reg = questions_by_regulation(project)
    return [{f"{reg.short_title}练习题": quiz_page(reg.id)} for reg in path_regulations(project) if by_reg.get(reg.id)]

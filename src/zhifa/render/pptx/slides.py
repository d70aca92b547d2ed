"""Training slides: one PowerPoint deck per regulation, ``<regulation-id>.pptx``, for sessions with new officers.

Each deck is Markdown built from the model and converted by pandoc (pypandoc) with a reference deck that gives it
Chinese fonts (``pptx_reference``). Slides: the title; the regulation's structure; the duties and prohibitions of
the learning path (data/training.yaml); the forms that cite the regulation; two or three review questions. Every
content slide has speaker notes with the full text of the units it names, and nothing is added that the data does
not hold: where the learning path or the question bank has nothing yet, the slide stays empty and its notes say so.
"""

from __future__ import annotations

import math
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pypandoc

from zhifa.cite.render import formal, unit_part
from zhifa.files.atomic import write_atomically
from zhifa.model.project import Project
from zhifa.model.question import LETTERS, TYPE_NAMES, Question
from zhifa.model.regulation import HEADINGS, Regulation, Unit
from zhifa.render.pptx.reference import reference_pptx

DECK_SUBTITLE = "新任执法人员培训"
NOT_STATED = "原文未载明"
LINES_PER_SLIDE = 7  # body text lines that fit under a title (24 pt on pandoc's 16:9 layout)
CHARS_PER_LINE = 24
FEW_WORDS = 16  # characters of a unit's text shown beside its label on a structure slide
REVIEW_QUESTIONS = 3
CONTINUED = "（续）"
_BRACKET_COMMA = re.compile(r"([)）])、$")
_CLAUSE_END = re.compile(r"[，。；：、！？,;:]")
_MD_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation mark: pandoc takes it literally when escaped


class SlidesError(Exception):
    """A deck could not be made (pandoc missing or failing); the message is for the maintainer, in Chinese."""


@dataclass
class Bullet:
    text: str
    children: list[str] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)  # the units it names: their full text goes into the notes

    def lines(self) -> int:
        return sum(max(1, math.ceil(len(t) / CHARS_PER_LINE)) for t in [self.text, *self.children])


@dataclass
class Slide:
    title: str
    bullets: list[Bullet] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)  # plain lines before the bullets (a question's case, stem)
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- units as text

def written_label(unit: Unit) -> str:
    """How a slide names a unit: the label as written of its outermost labelled unit (parts, chapters and subchapters
    drop out once an article is named), then the deeper levels as citations name them: 第十四条, 第四条第一款, （十一）第4项, 五、第1项,
    (三)第6项 (a bracketed label drops its 、 when more follows)."""
    chain = [*unit.ancestors(), unit]
    if any(u.kind == "article" for u in chain):
        chain = [u for u in chain if u.kind not in HEADINGS]
    top = next((i for i, u in enumerate(chain) if u.label), None)
    if top is None:
        return "".join(unit_part(u) for u in chain)
    rest = "".join(unit_part(u) for u in chain[top + 1:])
    label = chain[top].label or ""  # never empty: top is the first unit with a label
    return (_BRACKET_COMMA.sub(r"\1", label) if rest else label) + rest


def joined(label: str, text: str) -> str:
    """A label and its text: 第四条　…, but 一、… and 1、… (their 、 already separates)."""
    if not label or not text:
        return label or text
    return label + text if label.endswith("、") else f"{label}　{text}"


def full_text(unit: Unit, project: Project, own_label: bool = True) -> str:
    """The unit's words and everything under it, one line per unit, labels as written (its own label optional)."""
    render = project.jurisdiction.render
    lines: list[str] = []
    for u in unit.walk():
        label = u.label if (u is not unit or own_label) else None
        line = joined(render(label or ""), "　".join(render(x) for x in (u.heading, u.text) if x))
        if line.strip():
            lines.append(line)
    return "\n".join(lines)


def unit_note(unit: Unit, project: Project) -> str:
    """A speaker note with a unit's full text, led by its label (or by how it is cited, if it has none)."""
    return joined(written_label(unit), full_text(unit, project, own_label=False))


def cited_note(unit: Unit, project: Project) -> str:
    """A speaker note for a cited unit: the formal citation, then the unit's full text."""
    return f"{formal(unit.regulation, unit, project.jurisdiction)}　{full_text(unit, project, own_label=False)}"


def few_words(unit: Unit, project: Project) -> str:
    """A unit's heading, or the start of its first text up to the first pause, for a structure slide."""
    if unit.heading:
        return project.jurisdiction.render(unit.heading)
    text = next((project.jurisdiction.render(u.text) for u in unit.walk() if u.text), "")
    cut = _CLAUSE_END.search(text)
    words = text[:cut.start()] if cut else text
    return words if len(words) <= FEW_WORDS else words[:FEW_WORDS] + "……"


def _labelled(unit: Unit) -> str:
    return unit.label or unit_part(unit)


# ---------------------------------------------------------------- the slides

def deck_slides(project: Project, reg: Regulation) -> list[Slide]:
    """Every slide of a regulation's deck after the title slide."""
    return [*structure_slides(project, reg), *key_point_slides(project, reg), *form_slides(project, reg),
            *question_slides(project, reg)]


def pack(title: str, bullets: list[Bullet], notes_for: Callable[[list[Unit]], list[str]]) -> list[Slide]:
    """``bullets`` over as many slides as they need; each slide's notes come from the units its own bullets name."""
    slides: list[Slide] = []
    page: list[Bullet] = []
    for bullet in bullets:
        if page and sum(b.lines() for b in page) + bullet.lines() > LINES_PER_SLIDE:
            slides.append(Slide(title, page))
            page = []
        page.append(bullet)
    if page or not slides:
        slides.append(Slide(title, page))
    for i, slide in enumerate(slides):
        slide.title = title + (CONTINUED if i else "")
        slide.notes = notes_for(_unique(u for b in slide.bullets for u in b.units))
    return slides


def structure_slides(project: Project, reg: Regulation) -> list[Slide]:
    """The regulation's outline: chapter by chapter (articles listed; under a part, 第一编 总则 第一章 …; a
    chapter's subchapters each on their own), or its provisions in order, each with its label and a few words; a
    section's items are listed under it."""
    groups: list[tuple[str, list[Unit]]] = []
    loose: list[Unit] = []

    def heading_groups(unit: Unit, above: str) -> None:
        name = " ".join(x for x in (above, unit.label, project.jurisdiction.render(unit.heading or "")) if x).strip()
        provisions = [c for c in unit.children if c.kind not in HEADINGS]
        if provisions or not unit.children:
            groups.append((name, provisions))
        for child in unit.children:
            if child.kind in HEADINGS:
                heading_groups(child, name)

    for top in reg.units:
        if top.kind in ("signature", "date"):
            continue
        if top.kind in HEADINGS:
            heading_groups(top, "")
        else:
            loose.append(top)
    if loose:
        groups.insert(0, ("结构", loose))
    slides: list[Slide] = []
    for heading, units in groups:
        bullets = []
        for unit in units:
            children = [c for c in unit.children if c.kind == "item"] if unit.kind == "section" else []
            bullets.append(Bullet(joined(_labelled(unit), few_words(unit, project)),
                                  [joined(_labelled(c), few_words(c, project)) for c in children], [unit]))
        title = heading if heading == "结构" else f"结构：{heading}"
        slides += pack(title, bullets, lambda cited: [unit_note(u, project) for u in cited])
    return slides


def key_point_slides(project: Project, reg: Regulation) -> list[Slide]:
    """The duties and the prohibitions the learning path lists for this regulation, each with its label."""
    render = project.jurisdiction.render
    step = project.training.step(reg.id) if project.training is not None else None
    slides: list[Slide] = []
    for kind, title, missing in (("duty", "必须做到", "必须做到的要点"), ("prohibition", "严禁与不得", "严禁和不得的事项")):
        points = [p for p in step.points if p.kind == kind] if step is not None else []
        bullets = []
        for point in points:
            unit = _cited_unit(project, point.basis.regulation, point.basis.unit)
            bullets.append(Bullet(joined(written_label(unit) if unit else "", render(point.point)),
                                  units=[unit] if unit else []))
        if not bullets:
            reason = ("学习路径（data/training.yaml）尚未编写" if step is None
                      else f"学习路径（data/training.yaml）没有为本规章列出{missing}")
            slides.append(Slide(title, notes=[f"{reason}，本页暂无内容。"]))
            continue
        assert step is not None  # the bullets come from its points
        intro = [f"为什么学：{render(step.why)}", f"重点阅读：{render(step.focus)}"]
        def notes_for(cited: list[Unit], intro: list[str] = intro) -> list[str]:
            return [*intro, *(cited_note(u, project) for u in cited)]
        slides += pack(title, bullets, notes_for)
    return slides


def related_forms(project: Project, reg: Regulation) -> list[tuple[str, list[Unit]]]:
    """(form title, the units of this regulation it cites, in the regulation's order) for every form citing it."""
    order = {u.id: i for i, u in enumerate(reg.walk())}
    found = []
    for form in sorted(project.forms.values(), key=lambda f: f.id):
        ids = {c.unit for _, c in form.citations() if c.regulation == reg.id and c.unit in order}
        if ids:
            units = [u for i in sorted(ids, key=order.__getitem__) if (u := reg.unit(i)) is not None]  # all found
            found.append((project.jurisdiction.render(form.title), units))
    return found


def form_slides(project: Project, reg: Regulation) -> list[Slide]:
    title = "相关执法文书"
    forms = related_forms(project, reg)
    if not forms:
        return [Slide(title, notes=["没有执法文书引用本规章，本页暂无内容。"])]
    bullets = [Bullet(f"《{form_title}》", ["依据：" + "、".join(written_label(u).rstrip("、") for u in cited)], cited)
               for form_title, cited in forms]
    order = {u.id: i for i, u in enumerate(reg.walk())}

    def notes(cited: list[Unit]) -> list[str]:
        return ["下载页提供这些文书的空白 Word 和 PDF 版本。",
                *(unit_note(u, project) for u in sorted(cited, key=lambda u: order[u.id]))]

    return pack(title, bullets, notes)


def review_questions(project: Project, reg: Regulation) -> list[Question]:
    """Up to three questions on this regulation: one of each type first (in exam order), then the rest in order."""
    mine = [q for q in project.questions if q.regulation == reg.id]
    picked: list[Question] = []
    for kind in TYPE_NAMES:
        first = next((q for q in mine if q.type == kind), None)
        if first is not None:
            picked.append(first)
    picked += [q for q in mine if q not in picked]
    return picked[:REVIEW_QUESTIONS]


def question_slides(project: Project, reg: Regulation) -> list[Slide]:
    questions = review_questions(project, reg)
    if not questions:
        return [Slide("复习题", notes=["题库（data/questions/）中还没有本规章的题目，本页暂无内容。"])]
    render = project.jurisdiction.render
    slides = []
    for n, q in enumerate(questions, 1):
        paragraphs = [f"【案例】{render(q.case)}"] if q.case else []
        paragraphs.append(render(q.stem) + ("（判断正误）" if q.type == "true_false" else ""))
        bullets = [Bullet(f"{LETTERS[i]}．{render(opt)}") for i, opt in enumerate(q.options)]
        notes = [f"答案：{render(answer_line(q))}", f"解析：{render(q.explanation)}"]
        for c in q.basis:
            unit = _cited_unit(project, c.regulation, c.unit)
            if unit is not None:
                notes.append(f"依据：{cited_note(unit, project)}")
        slides.append(Slide(f"复习题{n}（{TYPE_NAMES[q.type]}）", bullets, paragraphs, notes))
    return slides


def answer_line(q: Question) -> str:
    """The answer with the words of the chosen options."""
    if q.options and q.letters():
        return f"{q.answer_text()}（{'；'.join(q.correct_options())}）"
    return q.answer_text()


def _cited_unit(project: Project, regulation: str, unit_id: str) -> Unit | None:
    reg = project.regulations.get(regulation)
    return reg.unit(unit_id) if reg is not None else None


def _unique(units: Iterable[Unit | None]) -> list[Unit]:
    seen: dict[str, Unit] = {}
    for u in units:
        if u is not None:
            seen.setdefault(u.id, u)
    return list(seen.values())


# ---------------------------------------------------------------- Markdown and pandoc

def md(text: str) -> str:
    """Plain text as pandoc Markdown that says exactly that: every ASCII punctuation mark escaped, lines kept."""
    return "\\\n".join(_MD_PUNCT.sub(r"\\\1", line.strip()) for line in text.splitlines()) if text else ""


def deck_markdown(slides: list[Slide]) -> str:
    out: list[str] = []
    for slide in slides:
        out.append(f"## {md(slide.title)}\n")
        out += [f"{md(p)}\n" for p in slide.paragraphs]
        for b in slide.bullets:
            out.append(f"- {md(b.text)}")
            out += [f"    - {md(c)}" for c in b.children]
        if slide.bullets:
            out.append("")
        if slide.notes:
            out.append("::: notes\n")
            out += [f"{md(n)}\n" for n in slide.notes]
            out.append(":::\n")
    return "\n".join(out) + "\n"


def title_metadata(project: Project, reg: Regulation) -> list[str]:
    """pandoc -M arguments for the title slide: title, subtitle, and issuer and date where the data has them."""
    render = project.jurisdiction.render
    meta = [("lang", "zh-Hans"), ("title", render(reg.title)), ("subtitle", DECK_SUBTITLE)]
    # Both lines go to the author box (a repeated -M makes a list, one line each): pandoc's date box is tiny.
    for name, value in (("制定机关", reg.issuer), ("施行日期", reg.effective)):
        if value.strip() and value.strip() != NOT_STATED:
            meta.append(("author", f"{name}：{render(value.strip())}"))
    return [arg for key, value in meta for arg in ("-M", f"{key}={value}")]


def write_deck(project: Project, reg: Regulation, target: Path, work: Path) -> Path:
    """One regulation's deck at ``target``: pandoc writes it in ``work`` (which holds the reference deck), then it
    is put in place whole."""
    made = Path(work) / f"{reg.id}.pptx"
    try:
        pypandoc.convert_text(deck_markdown(deck_slides(project, reg)), "pptx", format="markdown",
                              outputfile=str(made), extra_args=[f"--reference-doc={reference_pptx(Path(work))}",
                                                                "--slide-level=2", *title_metadata(project, reg)])
        data = made.read_bytes()
    except (RuntimeError, OSError) as exc:  # pandoc missing or failing; ReferenceDeckError is a RuntimeError
        raise SlidesError(f"无法生成培训幻灯片 {Path(target).name}：{exc}") from exc
    write_atomically(Path(target), lambda fh: fh.write(data))
    return Path(target)


def write_decks(project: Project, folder: Path) -> list[Path]:
    """``<regulation-id>.pptx`` in ``folder`` for every regulation, in handbook order."""
    with tempfile.TemporaryDirectory(prefix="zhifa-slides-") as work:
        return [write_deck(project, reg, Path(folder) / f"{reg.id}.pptx", Path(work))
                for reg in project.ordered_regulations()]

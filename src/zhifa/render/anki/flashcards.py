"""Flashcards: the whole question bank as one Anki package (``.apkg``), made with genanki.

One note per question. The note's guid comes from the question id alone, and the model and deck ids are fixed, so
importing a newer package into Anki updates the notes already there instead of adding copies (question ids never
change once published; see data/questions/). Anki updates a note only when the package's is newer, so the
package's time is the newest modification time of the files its notes are made from: rebuilding unchanged data
gives the same bytes, and editing a question gives a newer package.
"""

from __future__ import annotations

import io
import itertools
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable
from html import escape
from pathlib import Path

import genanki

from zhifa.cite.render import formal
from zhifa.files.atomic import write_atomically
from zhifa.load.loader import JURISDICTION_FILE, REGULATIONS_DIR
from zhifa.model.project import Project
from zhifa.model.question import LETTERS, QUESTIONS_DIR, TYPE_NAMES, Question

# Fixed forever: Anki recognises the note type and the deck by these ids (chosen at random once, as genanki asks).
MODEL_ID = 1986442319
DECK_ID = 1756095847
DECK_NAME = "人口和计划生育行政执法培训"
MODEL_NAME = "人口和计划生育行政执法题目"
FIELDS = ("题目", "答案", "解析", "依据")
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

CSS = """.card { font-family: "Microsoft YaHei", "微软雅黑", "PingFang SC", "Noto Sans CJK SC", sans-serif;
  font-size: 20px; line-height: 1.6; text-align: left; color: #222; background: #fff; }
.type { color: #666; font-size: 15px; }
.case { background: #f4f4f4; padding: .4em .6em; margin: .4em 0; }
.options div { margin: .2em 0; }
.label { color: #666; font-size: 15px; margin-top: .8em; }
"""
BACK = "".join(f'<div class="label">{name}</div><div>{{{{{name}}}}}</div>' for name in FIELDS[1:])

MODEL = genanki.Model(
    MODEL_ID, MODEL_NAME,
    fields=[{"name": name} for name in FIELDS],
    templates=[{"name": "问答", "qfmt": "{{题目}}", "afmt": '{{FrontSide}}<hr id="answer">' + BACK}],
    css=CSS,
)


def _html(text: str) -> str:
    return escape(text, quote=False).replace("\n", "<br>")


def question_html(q: Question, render: Callable[[str], str]) -> str:
    """The front: the type, the case (scenario questions), the stem and the lettered options."""
    parts = [f'<div class="type">{TYPE_NAMES[q.type]}</div>']
    if q.case:
        parts.append(f'<div class="case">【案例】{_html(render(q.case))}</div>')
    parts.append(f"<div>{_html(render(q.stem))}</div>")
    if q.options:
        options = "".join(f"<div>{LETTERS[i]}．{_html(render(opt))}</div>" for i, opt in enumerate(q.options))
        parts.append(f'<div class="options">{options}</div>')
    elif q.type == "true_false":
        parts.append("<div>（判断正误）</div>")
    return "".join(parts)


def answer_html(q: Question, render: Callable[[str], str]) -> str:
    """The answer as an answer key prints it, with the words of the right options."""
    chosen = q.correct_options() if q.options else []
    if not chosen:
        return _html(render(q.answer_text()))
    return "".join(f"<div>{letter}．{_html(render(words))}</div>" for letter, words in zip(q.letters(), chosen))


def basis_html(q: Question, project: Project) -> str:
    """Each citation the answer rests on, formally, with the words quoted from it."""
    lines = []
    for c in q.basis:
        reg = project.regulations.get(c.regulation)
        unit = reg.unit(c.unit) if reg is not None else None
        cited = formal(reg, unit, project.jurisdiction) if reg is not None else c.regulation
        lines.append(f"<div>{_html(cited)}：“{_html(project.jurisdiction.render(c.quote))}”</div>")
    return "".join(lines)


def note_for(q: Question, project: Project) -> genanki.Note:
    """The question's note; its guid depends on the question id and nothing else."""
    render = project.jurisdiction.render
    fields = [question_html(q, render), answer_html(q, render), _html(render(q.explanation)), basis_html(q, project)]
    return genanki.Note(model=MODEL, guid=genanki.guid_for(q.id), tags=[q.regulation, q.type], fields=fields)


def source_time(project: Project) -> int:
    """The newest modification time (whole seconds) of the files the notes are made from."""
    root = project.root
    files = [*(root / QUESTIONS_DIR).glob("*.yaml"), *(root / REGULATIONS_DIR).glob("*.yaml"),
             root / JURISDICTION_FILE]
    return max((int(p.stat().st_mtime) for p in files if p.is_file()), default=0)


def package_bytes(project: Project) -> bytes:
    """The .apkg: genanki fills the collection database; the zip around it is made here with fixed entry times,
    so equal data gives an equal file (``Package.write_to_file`` stamps the zip with the clock and leaves its
    temporary database behind)."""
    deck = genanki.Deck(DECK_ID, DECK_NAME, description="新任执法人员培训题库：题目、答案、解析和原文依据。")
    for q in project.questions:
        deck.add_note(note_for(q, project))
    timestamp = source_time(project)
    with tempfile.TemporaryDirectory(prefix="zhifa-apkg-") as work:
        db = Path(work) / "collection.anki2"
        conn = sqlite3.connect(db)
        try:
            genanki.Package(deck).write_to_db(conn.cursor(), timestamp, itertools.count(timestamp * 1000))
            conn.commit()
        finally:
            conn.close()
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as apkg:
            for name, data in (("collection.anki2", db.read_bytes()), ("media", b"{}")):
                apkg.writestr(zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME), data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def write_flashcards(project: Project, path: Path) -> Path:
    """The question bank as one Anki package at ``path`` (e.g. site/downloads/training/zhifa-flashcards.apkg)."""
    data = package_bytes(project)
    write_atomically(Path(path), lambda fh: fh.write(data))
    return Path(path)

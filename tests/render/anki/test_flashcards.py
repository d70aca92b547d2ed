"""The Anki package, imported with the official ``anki`` library into a fresh collection, then re-imported.

What each note must say is taken from the question bank read as plain YAML (tests/expected_support.py)."""

import os
import re
from pathlib import Path

import genanki
import yaml

# anki is a test dependency (pyproject's test extra, installed by make test): missing, this module fails to import
# and its tests fail; they are never skipped.
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

import expected_support as es
from zhifa.load.loader import load_project
from zhifa.render.anki.flashcards import write_flashcards


def import_apkg(col, apkg: Path):
    """Import as Anki's own import dialog does by default (notes updated only when the package's are newer)."""
    return col.import_anki_package(ImportAnkiPackageRequest(package_path=str(apkg), options=ImportAnkiPackageOptions()))


def notes_by_guid(col) -> dict:
    return {note.guid: note for note in (col.get_note(nid) for nid in col.find_notes(""))}


def plain(html: str) -> str:
    html = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", "", html).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def test_one_note_per_question(project, tmp_path):
    apkg = write_flashcards(project, tmp_path / "out" / "zhifa-flashcards.apkg")
    col = Collection(str(tmp_path / "collection.anki2"))
    try:
        log = import_apkg(col, apkg).log
        questions = list(es.question_bank().values())
        assert questions, "the question bank is empty"
        assert len(log.new) == len(questions) and col.note_count() == len(questions)
        notes = notes_by_guid(col)
        assert set(notes) == {genanki.guid_for(q.id) for q in questions}
        assert "人口和计划生育行政执法培训" in [d.name for d in col.decks.all_names_and_ids()]
        for q in questions:
            note = notes[genanki.guid_for(q.id)]
            assert list(note.keys()) == ["题目", "答案", "解析", "依据"]
            assert set(note.tags) == {q.basis[0]["regulation"], q.type}
            front = plain(note["题目"])
            assert q.stem in front and (q.case is None or q.case in front)
            for letter, option in zip("ABCDEFG", q.options):
                assert f"{letter}．{option}" in front
            answer = plain(note["答案"])
            if q.options:
                assert all(letter in answer for letter in q.answer)
                assert all(option in answer for option in q.correct())
            if q.type == "true_false":
                assert answer == ("正确" if q.answer is True else "错误")
            if q.type == "fill_blank":
                assert all(es.render(str(word)) in answer for word in q.answer)
            assert plain(note["解析"]) == q.explanation
            (card,) = note.cards()  # what Anki shows: the stem on the front, answer and basis on the back
            shown_front, shown_back = plain(card.question()), plain(card.answer())
            assert q.stem in shown_front and q.explanation not in shown_front
            assert q.explanation in shown_back and plain(note["依据"]) in shown_back
            basis = plain(note["依据"])
            for c in q.basis:
                assert es.formal(c) in basis and es.render(c["quote"]) in basis
    finally:
        col.close()


def test_same_data_same_bytes(project, tmp_path):
    first = write_flashcards(project, tmp_path / "a.apkg").read_bytes()
    second = write_flashcards(project, tmp_path / "b.apkg").read_bytes()
    assert first == second
    assert not list(tmp_path.glob(".*.tmp")), "temporary files left behind"


def _edit_one_stem(root: Path) -> tuple[str, str]:
    """Change one question's stem in the copy's YAML; return (question id, new stem)."""
    for path in sorted((root / "data" / "questions").glob("*.yaml")):
        raw = path.read_text(encoding="utf-8")
        for q in yaml.safe_load(raw)["questions"]:
            if raw.count(q["stem"]) == 1 and "\n" not in q["stem"]:
                new = q["stem"] + "（修订后的题干）"
                path.write_text(raw.replace(q["stem"], new), encoding="utf-8")
                later = path.stat().st_mtime + 5  # an edit made after the first package, whatever the clock says
                os.utime(path, (later, later))
                return q["id"], new
    raise AssertionError("no question stem could be edited in place")


def test_reimport_updates_instead_of_duplicating(copy, tmp_path):
    col = Collection(str(tmp_path / "collection.anki2"))
    try:
        before = load_project(copy)
        import_apkg(col, write_flashcards(before, tmp_path / "v1.apkg"))
        count = col.note_count()
        assert count == len(before.questions)

        qid, new_stem = _edit_one_stem(copy)
        after = load_project(copy)
        assert any(q.id == qid and q.stem == new_stem for q in after.questions), after.problems
        log = import_apkg(col, write_flashcards(after, tmp_path / "v2.apkg")).log
        assert col.note_count() == count and not log.new
        note = notes_by_guid(col)[genanki.guid_for(qid)]
        assert new_stem in plain(note["题目"])
        assert len(col.find_notes("")) == count
    finally:
        col.close()

"""Answers kept between builds (zhifa.files.memo), on real files."""

from __future__ import annotations

import json

from zhifa.files import memo as memos
from zhifa.files.memo import JsonMemo, memo


def test_answers_come_back_in_the_next_build_and_only_those_used_are_kept(tmp_path):
    first = memo(tmp_path, "words", "v1")
    first.put("a", "甲 乙")
    first.put("b", "丙")
    first.save()
    second = memo(tmp_path, "words", "v1")
    assert second.get("a") == "甲 乙" and second.get("missing") is None
    second.save()
    saved = json.loads((tmp_path / "build/cache/words.json").read_text(encoding="utf-8"))
    assert saved == {"version": "v1", "answers": {"a": "甲 乙"}}


def test_another_version_or_a_broken_file_starts_empty(tmp_path):
    kept = memo(tmp_path, "checks", "v1")
    kept.put("page", [])
    kept.save()
    assert memo(tmp_path, "checks", "v2").get("page") is None
    (tmp_path / "build/cache/checks.json").write_text("{not json", encoding="utf-8")
    assert memo(tmp_path, "checks", "v1").get("page") is None


def test_memos_off_read_and_write_nothing(tmp_path, monkeypatch):
    on = memo(tmp_path, "words", "v1")
    on.put("a", "x")
    on.save()
    monkeypatch.setattr(memos, "enabled", False)
    off = memo(tmp_path, "words", "v1")
    assert off.get("a") is None
    off.put("b", "y")
    off.save()
    assert json.loads((tmp_path / "build/cache/words.json").read_text(encoding="utf-8"))["answers"] == {"a": "x"}
    assert JsonMemo(None, "v").path is None

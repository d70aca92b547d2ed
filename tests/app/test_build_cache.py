"""The pieces of incremental builds, on real files: the output cache, the digests, the site stamp and kept times."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from zhifa.app import sitestamp
from zhifa.app.fingerprint import UnstableKey, digest
from zhifa.app.outcache import KEEP_DAYS, OutputCache


def write(path, data: bytes, mtime_ns: int | None = None):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    if mtime_ns is not None:
        os.utime(path, ns=(mtime_ns, mtime_ns))
    return path


def test_an_entry_comes_back_with_its_bytes_and_a_fresh_time(tmp_path):
    cache = OutputCache(tmp_path / "proj")
    made = tmp_path / "made"
    write(made / "downloads/forms/a.docx", b"word", 1_600_000_000_000_000_000)
    write(made / "downloads/forms/a.pdf", b"%PDF", 1_600_000_001_000_000_000)
    rels = ["downloads/forms/a.docx", "downloads/forms/a.pdf"]
    cache.store("k1", rels, made)
    site = tmp_path / "site"
    before = time.time_ns()
    assert cache.fetch("k1", rels, site)
    for rel in rels:
        assert (site / rel).read_bytes() == (made / rel).read_bytes()
        # taken now, not dated when first written: content that went back to an earlier version looks new
        assert (site / rel).stat().st_mtime_ns >= before - 10**7
    assert not cache.fetch("other", rels, tmp_path / "elsewhere")
    assert not (tmp_path / "elsewhere").exists()


def test_an_entry_missing_a_file_gives_nothing_half_copied(tmp_path):
    cache = OutputCache(tmp_path / "proj")
    made = tmp_path / "made"
    write(made / "x/a.docx", b"word")
    write(made / "x/a.pdf", b"pdf")
    cache.store("k", ["x/a.docx", "x/a.pdf"], made)
    (cache.folder / "k" / "x" / "a.pdf").unlink()
    site = tmp_path / "site"
    assert not cache.fetch("k", ["x/a.docx", "x/a.pdf"], site)
    assert not (site / "x" / "a.docx").exists()


def test_storing_an_entry_twice_keeps_the_first_and_a_disabled_cache_does_nothing(tmp_path):
    cache = OutputCache(tmp_path / "proj")
    write(tmp_path / "one/f", b"first")
    write(tmp_path / "two/f", b"second")
    cache.store("k", ["f"], tmp_path / "one")
    cache.store("k", ["f"], tmp_path / "two")
    assert (cache.folder / "k" / "f").read_bytes() == b"first"
    assert [p.name for p in cache.folder.iterdir()] == ["k"]  # no staging folder left
    off = OutputCache(tmp_path / "proj2", enabled=False)
    off.store("k", ["f"], tmp_path / "one")
    assert not off.folder.exists() and not off.fetch("k", ["f"], tmp_path / "three")


def test_pruning_removes_only_entries_unused_for_the_keeping_time(tmp_path):
    cache = OutputCache(tmp_path / "proj")
    write(tmp_path / "made/f", b"x")
    for key in ("old", "recent"):
        cache.store(key, ["f"], tmp_path / "made")
    now = time.time()
    stale = now - (KEEP_DAYS + 1) * 86400
    os.utime(cache.folder / "old", (stale, stale))
    assert cache.prune(now) == 1
    assert sorted(p.name for p in cache.folder.iterdir()) == ["recent"]
    assert OutputCache(tmp_path / "none").prune() == 0


def test_digest_refuses_a_repr_with_an_address_and_is_the_same_in_another_process(project):
    with pytest.raises(UnstableKey):
        digest(("form", object()))
    from zhifa.render.view.form import form_view

    form_id = sorted(project.forms)[0]
    here = digest("form", form_view(project, project.forms[form_id]))
    code = ("from pathlib import Path; from zhifa.load.loader import load_project; "
            "from zhifa.render.view.form import form_view; from zhifa.app.fingerprint import digest; "
            f"p = load_project(Path({str(project.root)!r})); print(digest('form', form_view(p, p.forms[{form_id!r}])))")
    there = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert here == there
    other = sorted(project.forms)[1]
    assert digest("form", form_view(project, project.forms[other])) != here


def test_the_stamp_holds_only_while_the_site_is_untouched(tmp_path):
    root, out = tmp_path / "proj", tmp_path / "site"
    write(out / "index.html", b"<p>one</p>")
    write(out / "downloads/a.pdf", b"%PDF")
    sitestamp.record(root, out, "key-1")
    assert sitestamp.is_current(root, out, "key-1")
    assert not sitestamp.is_current(root, out, "key-2")
    write(out / "index.html", b"<p>two</p>")  # edited in place: rebuild
    assert not sitestamp.is_current(root, out, "key-1")
    sitestamp.record(root, out, "key-1")
    (out / "downloads/a.pdf").unlink()
    assert not sitestamp.is_current(root, out, "key-1")
    sitestamp.forget(root, out)
    assert not sitestamp.is_current(root, out, "key-1")


def test_files_made_again_byte_for_byte_keep_their_old_times(tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    write(old / "same.html", b"same", 1_500_000_000_000_000_000)
    write(old / "changed.html", b"before", 1_500_000_000_000_000_000)
    write(new / "same.html", b"same")
    write(new / "changed.html", b"after!")
    write(new / "added.html", b"new")
    assert sitestamp.keep_times(new, old) == 1
    assert (new / "same.html").stat().st_mtime_ns == 1_500_000_000_000_000_000
    assert (new / "changed.html").stat().st_mtime_ns != 1_500_000_000_000_000_000
    assert sitestamp.keep_times(new, tmp_path / "no-site") == 0

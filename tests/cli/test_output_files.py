"""Output files of `zhifa fill` and `zhifa exam`: the suffix names the format in any case, a replaced file is
announced, and a write that cannot be done ends in one Chinese line (exit 1) with nothing half-written.

Conditions root cannot bypass (the tests run as root in CI, where chmod does not stop writing): a path under a
regular file (ENOTDIR), a folder where the file should be (EISDIR), a read-only tmpfs mount (EROFS), a tiny tmpfs
filled up (ENOSPC) and a file bind-mounted over the output (EBUSY). Without the right to mount, a non-root user
gets a chmod 555 folder instead of the read-only mount, and the full disk becomes a file-size limit (EFBIG).
"""

from __future__ import annotations

import errno
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import docx
import pytest
import yaml
from openpyxl import load_workbook
from pypdf import PdfReader

from conftest import ROOT
from zhifa.app.fill import fill

FORM = "recusal-application"
CHECKLIST = "self-inspection"
FORM_CASE = ROOT / "data" / "examples" / "forms" / f"{FORM}.yaml"
CHECKLIST_ANSWERS = ROOT / "data" / "examples" / "checklists" / f"{CHECKLIST}.yaml"
OLD = b"the file that was there before"
REPLACED = "已替换原有文件："


def _title(kind: str, item_id: str) -> str:
    return yaml.safe_load((ROOT / "templates" / kind / f"{item_id}.yaml").read_text(encoding="utf-8"))["title"]


def _zhifa(*args: str, preexec_fn=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "zhifa", *args, "--root", str(ROOT)], capture_output=True, text=True,
                          timeout=300, preexec_fn=preexec_fn)


def _fill_xlsx(out: Path, preexec_fn=None) -> subprocess.CompletedProcess:
    return _zhifa("fill", CHECKLIST, str(CHECKLIST_ANSWERS), "-o", str(out), preexec_fn=preexec_fn)


def _docx_text(path: Path) -> str:
    doc = docx.Document(str(path))
    return "\n".join([p.text for p in doc.paragraphs]
                     + [c.text for t in doc.tables for row in t.rows for c in row.cells])


def _kind(path: Path) -> str:
    """What the file really is, by opening it with the real readers."""
    head = path.read_bytes()[:5]
    if head == b"%PDF-":
        assert len(PdfReader(path).pages) >= 1
        return "pdf"
    assert head[:2] == b"PK", head
    try:
        load_workbook(path)
        return "xlsx"
    except Exception:
        docx.Document(str(path))
        return "docx"


# ---------------------------------------------------------------- the suffix names the format, in any case


@pytest.mark.parametrize("name,kind", [("记录.DOCX", "docx"), ("记录.Docx", "docx"), ("记录.PDF", "pdf")])
def test_form_suffix_in_any_case(project, tmp_path, name, kind):
    out = tmp_path / name
    result = fill(ROOT, FORM, FORM_CASE, out, project=project)
    assert not result.problems and result.written == out
    assert _kind(out) == kind
    if kind == "docx":
        assert _title("forms", FORM) in _docx_text(out)
    assert [p.name for p in tmp_path.iterdir()] == [name]


@pytest.mark.parametrize("name,kind", [("自查表.XLSX", "xlsx"), ("自查表.Xlsx", "xlsx"), ("自查表.DOCX", "docx"),
                                       ("自查表.PDF", "pdf")])
def test_checklist_suffix_in_any_case(project, tmp_path, name, kind):
    out = tmp_path / name
    result = fill(ROOT, CHECKLIST, CHECKLIST_ANSWERS, out, project=project)
    assert not result.problems and result.written == out
    assert _kind(out) == kind
    title = _title("checklists", CHECKLIST)
    if kind == "xlsx":
        assert load_workbook(out).worksheets[0]["A1"].value == title
    elif kind == "docx":
        assert title in _docx_text(out)


def test_cli_fill_upper_case_docx_is_word_and_a_replacement_is_announced(tmp_path):
    out = tmp_path / "回避申请.DOCX"
    first = _zhifa("fill", FORM, str(FORM_CASE), "-o", str(out))
    assert first.returncode == 0, first.stderr
    assert _kind(out) == "docx" and _title("forms", FORM) in _docx_text(out)
    assert REPLACED not in first.stdout + first.stderr, "a fresh file is not a replacement"
    out.write_bytes(OLD)
    again = _zhifa("fill", FORM, str(FORM_CASE), "-o", str(out))
    assert again.returncode == 0, again.stderr
    assert f"{REPLACED}{out}" in again.stdout.splitlines()
    assert _kind(out) == "docx"


def test_cli_exam_upper_case_docx_writes_word_paper_and_key_and_announces_replacing(tmp_path):
    out = tmp_path / "试卷.DOCX"
    key = tmp_path / "试卷-key.DOCX"
    args = ("exam", "--count", "3", "--seed", "11", "-o", str(out))
    first = _zhifa(*args)
    assert first.returncode == 0, first.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([out.name, key.name])
    assert _kind(out) == _kind(key) == "docx"
    assert _docx_text(out) != _docx_text(key)
    assert REPLACED not in first.stdout + first.stderr
    again = _zhifa(*args)
    assert again.returncode == 0, again.stderr
    lines = again.stdout.splitlines()
    assert f"{REPLACED}{out}" in lines and f"{REPLACED}{key}" in lines


# ---------------------------------------------------------------- a write that cannot be done


def _one_chinese_line(result: subprocess.CompletedProcess, target: Path, cause: str) -> str:
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert "无法写入" in line and str(target) in line and cause in line, line
    assert "已生成" not in result.stdout
    return line


def _no_temporary(folder: Path, *expected: str) -> None:
    assert sorted(p.name for p in folder.iterdir()) == sorted(expected), "no temporary file left"


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


@pytest.fixture
def mounts():
    """Mount points to undo after the test, last first."""
    made: list[Path] = []
    yield made
    for point in reversed(made):
        subprocess.run(["umount", str(point)], capture_output=True)


def _can_mount(folder: Path, mounts: list, options: str) -> bool:
    if _mount("-t", "tmpfs", "-o", options, "tmpfs", str(folder)):
        mounts.append(folder)
        return True
    return False


def test_path_under_a_regular_file(tmp_path):
    blocker = tmp_path / "记录"
    blocker.write_bytes(OLD)
    out = blocker / "自查表.xlsx"
    result = _fill_xlsx(out)
    _one_chinese_line(result, out, f"路径中的 {blocker} 是文件，不是文件夹")
    assert blocker.read_bytes() == OLD
    _no_temporary(tmp_path, "记录")


def test_a_folder_where_the_file_should_be(tmp_path):
    out = tmp_path / "自查表.xlsx"
    out.mkdir()
    (out / "inside.txt").write_bytes(OLD)
    result = _fill_xlsx(out)
    _one_chinese_line(result, out, "该位置已有同名文件夹")
    assert out.is_dir() and (out / "inside.txt").read_bytes() == OLD
    _no_temporary(tmp_path, "自查表.xlsx")


def _read_only(folder: Path, mounts: list, existing: tuple[str, ...] = ()) -> str:
    """Make ``folder`` (holding ``existing`` files with OLD) unwritable; return the cause the message must give."""
    mounted = _can_mount(folder, mounts, "size=1m")
    for name in existing:
        (folder / name).write_bytes(OLD)
    if mounted:
        assert _mount("-o", "remount,ro", str(folder)), "remounting read-only"
        return "只读"
    assert os.geteuid() != 0, "root without the right to mount has no folder it cannot write to"
    folder.chmod(0o555)
    return "没有写入权限"


def test_read_only_folder(tmp_path, mounts):
    folder = tmp_path / "只读"
    folder.mkdir()
    out = folder / "自查表.xlsx"
    cause = _read_only(folder, mounts, (out.name,))
    result = _fill_xlsx(out)
    _one_chinese_line(result, out, cause)
    assert out.read_bytes() == OLD
    _no_temporary(folder, out.name)


def _no_bigger_files_than(limit: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_full_disk(tmp_path, mounts):
    folder = tmp_path / "满"
    folder.mkdir()
    out = folder / "自查表.xlsx"
    preexec, cause, names = None, "磁盘空间已满", ["自查表.xlsx", "filler"]
    if _can_mount(folder, mounts, "size=256k"):
        out.write_bytes(OLD)
        with open(folder / "filler", "wb", buffering=0) as fh:    # fill the disk up
            with pytest.raises(OSError) as full:
                while True:
                    fh.write(b"\0" * 4096)
        assert full.value.errno == errno.ENOSPC
    else:
        out.write_bytes(OLD)
        preexec, cause, names = _no_bigger_files_than(len(OLD) + 100), "文件超过允许的大小", ["自查表.xlsx"]
    result = _fill_xlsx(out, preexec_fn=preexec)
    _one_chinese_line(result, out, cause)
    assert out.read_bytes() == OLD
    _no_temporary(folder, *names)


def test_output_busy(tmp_path, mounts):
    """A file mounted over the output path cannot be replaced (EBUSY)."""
    out = tmp_path / "自查表.xlsx"
    out.write_bytes(OLD)
    source = tmp_path / "source"
    source.write_bytes(OLD)
    assert _mount("--bind", str(source), str(out)), "needs the right to mount (root with CAP_SYS_ADMIN)"
    mounts.append(out)
    result = _fill_xlsx(out)
    _one_chinese_line(result, out, "正被占用")
    assert out.read_bytes() == OLD
    _no_temporary(tmp_path, "自查表.xlsx", "source")


def test_exam_into_a_read_only_folder_writes_neither(tmp_path, mounts):
    folder = tmp_path / "只读"
    folder.mkdir()
    out = folder / "试卷.docx"
    cause = _read_only(folder, mounts)
    result = _zhifa("exam", "--count", "3", "--seed", "11", "-o", str(out))
    _one_chinese_line(result, out, cause)
    _no_temporary(folder)


def test_exam_paper_kept_when_its_key_cannot_be_written(tmp_path):
    """Both or neither: a folder where the key should go leaves the earlier paper as it was."""
    out = tmp_path / "试卷.docx"
    key = tmp_path / "试卷-key.docx"
    out.write_bytes(OLD)
    key.mkdir()
    result = _zhifa("exam", "--count", "3", "--seed", "11", "-o", str(out))
    line = _one_chinese_line(result, key, "该位置已有同名文件夹")
    assert str(out) not in line
    assert out.read_bytes() == OLD and key.is_dir() and not list(key.iterdir())
    _no_temporary(tmp_path, out.name, key.name)

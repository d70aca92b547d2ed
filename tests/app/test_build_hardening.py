"""`zhifa build` under stress: two builds at once, a build killed half-way, a full or read-only disk, `site/` as a
mount point, a writer that silently skips a file. Real processes and real filesystems (tmpfs, bind mounts).

The tests marked `mounts` mount filesystems and so need root, as CI has; they fail (not skip) where mounting is
impossible, saying why.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import run_zhifa

LOCK = ".site.lock"


# ---------------------------------------------------------------- helpers

def files_of(site: Path) -> dict[str, str]:
    """Every file under ``site``: relative path → sha256 of its bytes."""
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def build_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("zhifa build:")]


def assert_one_chinese_line(proc: subprocess.CompletedProcess, *words: str) -> str:
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr
    lines = build_lines(proc.stderr)
    assert len(lines) == 1, proc.stderr
    for word in words:
        assert word in lines[0], lines[0]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in lines[0])
    return lines[0]


def _ctrl_c_as_in_a_terminal() -> None:
    """A shell starts background jobs with Ctrl-C (SIGINT) ignored, and a child inherits that: a suite run with
    `make test &` would hand the build an ignored SIGINT. The build here gets the terminal's default."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def zhifa_build(copy: Path, out: Path, *extra: str) -> subprocess.Popen:
    """A build in a process (and process group) of its own, so that it can be stopped or killed as a whole."""
    return subprocess.Popen([sys.executable, "-m", "zhifa", "build", "--root", str(copy), "--out", str(out), *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            preexec_fn=_ctrl_c_as_in_a_terminal)


def wait_until_holding_lock(proc: subprocess.Popen, out: Path) -> None:
    """Until the lock file beside ``out`` names ``proc`` (polled; no time limit but the build's own end)."""
    lock = out.parent / LOCK
    while f'"pid": {proc.pid},' not in (lock.read_text(encoding="utf-8") if lock.exists() else ""):
        assert proc.poll() is None, f"the build ended before taking the lock: {proc.communicate()}"
        time.sleep(0.1)


def mount(*args: str) -> None:
    proc = subprocess.run(["mount", *args], capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.fail(f"cannot mount here (mount {' '.join(args)}: {proc.stderr.strip()}); these tests need root and "
                    "a kernel that allows tmpfs and bind mounts, as CI has", pytrace=False)


@contextmanager
def mounted(target: Path, *args: str):
    target.mkdir(parents=True, exist_ok=True)
    mount(*args, str(target))
    try:
        yield target
    finally:
        subprocess.run(["umount", str(target)], check=True)


def tmpfs(target: Path, size: str = "64m"):
    return mounted(target, "-t", "tmpfs", "-o", f"size={size}", "tmpfs")


def used_bytes(path: Path) -> int:
    return shutil.disk_usage(path).used


# ---------------------------------------------------------------- one clean build to compare with

@pytest.fixture(scope="module")
def reference(pages_build) -> tuple[Path, Path]:
    """A copy of the project and a single, undisturbed `--no-downloads` build of it: (copy, site), both read-only.

    The session's shared build (conftest's ``pages_build``): `zhifa build --no-downloads`, exit 0, index.html there."""
    return pages_build.copy, pages_build.site


# ---------------------------------------------------------------- one build at a time

def test_second_concurrent_build_is_refused_and_the_first_publishes_a_complete_site(reference, tmp_path):
    copy, clean = reference
    out = tmp_path / "site"
    first = zhifa_build(copy, out, "--no-downloads")
    try:
        wait_until_holding_lock(first, out)
        os.killpg(first.pid, signal.SIGSTOP)  # the first build is certainly mid-way while the second one starts
        second = run_zhifa("build", "--no-downloads", "--root", str(copy), "--out", str(out))
    finally:
        os.killpg(first.pid, signal.SIGCONT)
    stdout, stderr = first.communicate(timeout=300)
    assert first.returncode == 0, stdout + stderr
    line = assert_one_chinese_line(second, "另一个构建正在进行", f"进程 {first.pid}", "请稍后再试")
    assert "网站已生成" not in second.stdout, line
    assert sorted(files_of(out)) == sorted(files_of(clean))
    assert sorted(os.listdir(tmp_path)) == [LOCK, "site"]
    assert (tmp_path / LOCK).read_bytes() == b""  # released cleanly: names nobody


def test_build_killed_half_way_leaves_a_stale_lock_that_the_next_build_takes_over(reference, tmp_path):
    copy, clean = reference
    out = tmp_path / "site"
    victim = zhifa_build(copy, out, "--no-downloads")
    wait_until_holding_lock(victim, out)
    while not list(tmp_path.glob(".site.building-*")):
        assert victim.poll() is None
        time.sleep(0.1)
    os.killpg(victim.pid, signal.SIGKILL)
    victim.communicate()
    # What a crash leaves: a lock file naming a dead process, and its work folder.
    assert f'"pid": {victim.pid},' in (tmp_path / LOCK).read_text(encoding="utf-8")
    assert list(tmp_path.glob(".site.building-*"))
    with pytest.raises(ProcessLookupError):
        os.kill(victim.pid, 0)

    proc = run_zhifa("build", "--no-downloads", "--root", str(copy), "--out", str(out))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    notes = build_lines(proc.stderr)
    assert len(notes) == 1 and f"上次构建（进程 {victim.pid}" in notes[0] and "已接管" in notes[0], proc.stderr
    assert sorted(files_of(out)) == sorted(files_of(clean))
    assert sorted(os.listdir(tmp_path)) == [LOCK, "site"]


def test_interrupted_build_cleans_up_and_keeps_the_old_site(reference, tmp_path):
    """Ctrl-C half-way: exit 130, one line, the last good site as it was, no work folder, the lock released."""
    copy, clean = reference
    out = tmp_path / "site"
    shutil.copytree(clean, out)
    before = files_of(out)
    build = zhifa_build(copy, out, "--no-downloads")
    wait_until_holding_lock(build, out)
    while not list(tmp_path.glob(".site.building-*")):
        assert build.poll() is None
        time.sleep(0.1)
    # Stopped first, so that a loaded machine cannot let the build finish between the check and the Ctrl-C.
    os.killpg(build.pid, signal.SIGSTOP)
    assert build.poll() is None and list(tmp_path.glob(".site.building-*")), "the build ended before the Ctrl-C"
    os.killpg(build.pid, signal.SIGINT)
    os.killpg(build.pid, signal.SIGCONT)
    stdout, stderr = build.communicate(timeout=300)
    assert build.returncode == 130 and "Traceback" not in stderr, stdout + stderr
    assert len(build_lines(stderr)) == 1 and "已中断" in build_lines(stderr)[0], stderr
    assert files_of(out) == before
    assert sorted(os.listdir(tmp_path)) == [LOCK, "site"] and (tmp_path / LOCK).read_bytes() == b""


# ---------------------------------------------------------------- the filesystem says no

@pytest.mark.mounts
def test_full_disk_while_rendering_pages_keeps_the_old_site_and_leaves_nothing(reference, tmp_path):
    copy, clean = reference
    with tmpfs(tmp_path / "disk") as disk:
        shutil.copytree(clean, disk / "site")
        before, used = files_of(disk / "site"), used_bytes(disk)
        # Room for half a site more: the new one cannot fit.
        mount("-o", f"remount,size={used + used_bytes_of(clean) // 2}", str(disk))
        proc = run_zhifa("build", "--no-downloads", "--root", str(copy), "--out", str(disk / "site"))
        assert_one_chinese_line(proc, "磁盘空间已满", str(disk / "site"), "未更新网站")
        assert files_of(disk / "site") == before
        assert sorted(os.listdir(disk)) == [LOCK, "site"] and (disk / LOCK).read_bytes() == b""
        assert used_bytes(disk) == used


@pytest.mark.mounts
def test_full_disk_while_writing_downloads_keeps_the_old_site_and_leaves_nothing(reference, tmp_path):
    copy, clean = reference
    with tmpfs(tmp_path / "disk", "256m") as disk:
        shutil.copytree(clean, disk / "site")
        before, used = files_of(disk / "site"), used_bytes(disk)
        # Room for one more site without downloads (pages and offline zip): the print edition, forms, checklists and
        # training files, several times that, cannot fit.
        mount("-o", f"remount,size={used + used_bytes_of(clean)}", str(disk))
        proc = run_zhifa("build", "--root", str(copy), "--out", str(disk / "site"))
        assert_one_chinese_line(proc, "磁盘空间已满", "未更新网站")
        assert files_of(disk / "site") == before
        assert sorted(os.listdir(disk)) == [LOCK, "site"] and (disk / LOCK).read_bytes() == b""
        assert used_bytes(disk) == used


@pytest.mark.mounts
def test_read_only_filesystem_is_named(reference, tmp_path):
    copy, clean = reference
    with tmpfs(tmp_path / "disk") as disk:
        shutil.copytree(clean, disk / "site")
        before = files_of(disk / "site")
        mount("-o", "remount,ro", str(disk))
        proc = run_zhifa("build", "--no-downloads", "--root", str(copy), "--out", str(disk / "site"))
        assert_one_chinese_line(proc, "只读", str(disk))
        assert files_of(disk / "site") == before and os.listdir(disk) == ["site"]


def test_output_under_a_file_or_on_a_file_is_named(site_copy, tmp_path):
    plain = tmp_path / "a-file"
    plain.write_text("not a folder", encoding="utf-8")
    proc = run_zhifa("build", "--no-downloads", "--root", str(site_copy), "--out", str(plain / "site"))
    assert_one_chinese_line(proc, str(plain), "不是文件夹")
    proc = run_zhifa("build", "--no-downloads", "--root", str(site_copy), "--out", str(plain))
    assert_one_chinese_line(proc, str(plain), "不是文件夹")
    assert plain.read_text(encoding="utf-8") == "not a folder"
    assert sorted(os.listdir(tmp_path)) == [".a-file.lock", "a-file", "proj"]


def pandoc_to(target: Path) -> BaseException | None:
    import pypandoc

    try:
        pypandoc.convert_text("<p>" + "执法" * 20000 + "</p>", "docx", format="html", outputfile=str(target))
    except BaseException as exc:  # noqa: BLE001 - the error is what we look at
        return exc
    return None


@pytest.mark.mounts
def test_pandoc_reporting_a_full_disk_is_read_as_one(tmp_path):
    """pypandoc reports pandoc's failed write as a RuntimeError with pandoc's text; the build reads the cause."""
    from zhifa.app.build import describe_os_error, os_error_in

    with tmpfs(tmp_path / "disk", "64k") as disk:
        (disk / "filler").write_bytes(b"\0" * (64 * 1024 - 4096))
        failure = pandoc_to(disk / "out.docx")
        assert isinstance(failure, RuntimeError), failure
        found = os_error_in(failure)
        assert found is not None and found.errno == 28 and found.filename == str(disk / "out.docx"), failure
        assert describe_os_error(found, disk / "site").startswith(f"无法写入 {disk / 'out.docx'}：磁盘空间已满")


def used_bytes_of(site: Path) -> int:
    """What ``site`` takes on a page-granular filesystem like tmpfs."""
    page = 4096
    return sum(-(-p.stat().st_size // page) * page for p in site.rglob("*") if p.is_file())


# ---------------------------------------------------------------- site/ is a mount point

@pytest.mark.mounts
def test_site_that_is_a_mount_point_is_updated_in_place(reference, tmp_path):
    """A tmpfs (or a network share) mounted at site/: the contents are replaced, the mount stays."""
    copy, clean = reference
    with tmpfs(tmp_path / "site") as out:
        (out / "only-in-the-old-site.html").write_text("old", encoding="utf-8")
        proc = run_zhifa("build", "--no-downloads", "--root", str(copy), "--out", str(out))
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert os.path.ismount(out)
        assert sorted(files_of(out)) == sorted(files_of(clean))
        assert not [name for name in os.listdir(out) if name.startswith(".")]
    assert sorted(os.listdir(tmp_path)) == [LOCK, "site"]


@pytest.mark.mounts
def test_site_that_is_a_bind_mount_is_updated_in_place(reference, tmp_path):
    """A bind mount on the same filesystem does not look like a mount point, but cannot be renamed either."""
    copy, clean = reference
    real = tmp_path / "served"
    real.mkdir()
    (real / "only-in-the-old-site.html").write_text("old", encoding="utf-8")
    with mounted(tmp_path / "site", "--bind", str(real)) as out:
        proc = run_zhifa("build", "--no-downloads", "--root", str(copy), "--out", str(out))
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert sorted(files_of(out)) == sorted(files_of(clean))
    assert sorted(files_of(real)) == sorted(files_of(clean))  # written through the mount, to the folder served
    assert not [name for name in os.listdir(real) if name.startswith(".")]
    assert sorted(os.listdir(tmp_path)) == [LOCK, "served", "site"]


# ---------------------------------------------------------------- the completeness check

def test_a_download_a_writer_skipped_fails_the_build_and_keeps_the_old_site(site_copy, tmp_path, monkeypatch):
    """A writer that reports a file it did not write (the symptom of issue 12): caught before the swap."""
    import zhifa.render.docx.form
    from zhifa.app.build import BuildFailed, build_site
    from zhifa.load.loader import load_project

    skipped = sorted(load_project(site_copy).forms)[0]
    real_writer = zhifa.render.docx.form.write_docx

    def skipping_writer(view, target: Path):
        return target if target.stem == skipped else real_writer(view, target)

    monkeypatch.setattr(zhifa.render.docx.form, "write_docx", skipping_writer)
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("the last good site", encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        build_site(site_copy, out, downloads=True)
    assert f"缺少 downloads/forms/{skipped}.docx" in str(failed.value)
    assert files_of(out) == {"index.html": hashlib.sha256(b"the last good site").hexdigest()}
    assert sorted(os.listdir(tmp_path)) == [LOCK, "proj", "site"]


def test_completeness_check_names_missing_empty_and_temporary_files(tmp_path):
    from zhifa.app.build import incomplete

    site = tmp_path / "new"
    for rel, data in {"index.html": "<p>", "downloads/empty.pdf": "", "downloads/.print-x1/handbook.docx": "x",
                      "downloads/handbook-offline.zip.part": "x", "assets/.a.js.abc.tmp": "x"}.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(data, encoding="utf-8")
    planned = ["index.html", "downloads/empty.pdf", "downloads/forms/missing.docx"]
    assert incomplete(site, planned) == [
        "downloads/empty.pdf 为空",
        "缺少 downloads/forms/missing.docx",
        "临时文件 assets/.a.js.abc.tmp",
        "临时文件 downloads/.print-x1",
        "临时文件 downloads/.print-x1/handbook.docx",
        "临时文件 downloads/handbook-offline.zip.part",
    ]
    assert incomplete(site / "downloads" / ".print-x1", ["handbook.docx"]) == []

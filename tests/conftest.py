import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Files the tests read as input (made-up and transcribed calendars), shared by every folder of tests/.
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# The browser fixtures (one Playwright, one Chromium, one built site per session) are shared by every browser test:
# defined once here, not imported into each module (an imported fixture is a separate one per module, and a second
# Playwright in the same process fails).
pytest_plugins = ["browser_support"]


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def project():
    from zhifa.load.loader import load_project

    proj = load_project(ROOT)
    assert not proj.problems, proj.problems
    return proj


def copy_project(dest: Path, *, site: bool = False) -> Path:
    """Copy the project's data into DEST (plus, with SITE, what building the site needs); return DEST."""
    for name in ("regulations", "data", "templates", "docs"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, dest / name)
    if site:
        _add_site_files(dest)
    return dest


def _add_site_files(dest: Path) -> None:
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "site_overrides", dest / "site_overrides")
    (dest / "node_modules").symlink_to(ROOT / "node_modules")


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A throw-away copy of the project's data, to break on purpose."""
    return copy_project(tmp_path / "proj")


def run_zhifa(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "zhifa", *args], capture_output=True, text=True, cwd=cwd, timeout=300)


@pytest.fixture
def site_copy(copy: Path) -> Path:
    """A throw-away copy that can also build the site."""
    _add_site_files(copy)
    return copy


@dataclass(frozen=True)
class Built:
    """A copy of the project that can build the site, and the site `zhifa build` made of it."""

    copy: Path
    site: Path


def _built(tmp_path_factory: pytest.TempPathFactory, name: str, *options: str) -> Built:
    base = tmp_path_factory.mktemp(name)
    copy = copy_project(base / "proj", site=True)
    site = base / "out" / "site"
    result = run_zhifa("build", *options, "--root", str(copy), "--out", str(site))
    assert result.returncode == 0, result.stdout + result.stderr
    assert (site / "index.html").is_file()
    return Built(copy, site)


# A site build takes seconds (with the downloads, tens of seconds): the tests that only read an unchanged project's
# site share these two, built once per session (per worker under pytest-xdist) by the real command. Both are
# read-only: a test that changes a file copies the site first, or puts the file back before it ends.
@pytest.fixture(scope="session")
def full_build(tmp_path_factory) -> Built:
    """`zhifa build` of an unchanged copy of the project, downloads included (print edition, forms, training)."""
    return _built(tmp_path_factory, "full-build")


@pytest.fixture(scope="session")
def pages_build(tmp_path_factory) -> Built:
    """`zhifa build --no-downloads` of an unchanged copy of the project: the pages only."""
    return _built(tmp_path_factory, "pages-build", "--no-downloads")

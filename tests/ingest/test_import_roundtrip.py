"""The project's own source, imported into an empty project, gives back the six curated regulations.

Expected values are the hand-curated regulations/*.yaml (read with plain PyYAML), their errata undone: the importer
copies the text verbatim, the curated files print corrected text where an erratum stands.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, run_zhifa

SOURCE = ROOT / "data" / "sources" / "regulations-source.txt"
CURATED = sorted((ROOT / "regulations").glob("*.yaml"))


def walk(units):
    for unit in units:
        yield unit
        yield from walk(unit.get("children", []))


def curated(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def as_received(reg: dict) -> list[dict]:
    """The curated units with their errata undone (the words as the source has them)."""
    units = [dict(u) for u in walk(reg["units"])]
    for erratum in reg.get("errata", []):
        unit = next(u for u in units if u["id"] == erratum["unit"])
        unit["text"] = unit["text"].replace(erratum["corrected"], erratum["original"], 1)
    return units


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("empty-project")
    (root / "regulations").mkdir()
    (root / "data").mkdir()
    shutil.copy(ROOT / "data" / "jurisdiction.yaml", root / "data" / "jurisdiction.yaml")
    ids = [p.stem for p in sorted(CURATED, key=lambda p: curated(p)["order"])]
    args = ["import", str(SOURCE), "--root", str(root)]
    for reg_id in ids:
        args += ["--id", reg_id]
    done = run_zhifa(*args)
    assert done.returncode == 0, done.stderr + done.stdout
    return root


@pytest.mark.parametrize("path", CURATED, ids=lambda p: p.stem)
def test_every_unit_comes_back(imported: Path, path: Path):
    want = curated(path)
    got = yaml.safe_load((imported / "regulations" / path.name).read_text(encoding="utf-8"))
    assert got["title"] == want["title"]
    assert got["order"] == want["order"]
    assert got["source"] == want["source"]
    expected = as_received(want)
    units = list(walk(got["units"]))
    assert [u["id"] for u in units] == [u["id"] for u in expected]
    for mine, theirs in zip(units, expected):
        for key in ("kind", "label", "heading", "text"):
            assert mine.get(key) == theirs.get(key), (theirs["id"], key)


def test_the_import_validates_and_says_what_is_left_to_fill(imported: Path):
    done = run_zhifa("validate", "--root", str(imported))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("检查通过：")
    warnings = [line for line in done.stdout.splitlines() if " W001 " in line]
    assert any("short_title" in w for w in warnings) and any("summary" in w for w in warnings)


def test_defects_are_warned_and_proposed_never_fixed(imported: Path):
    """The source's three PDF page numbers (README: errata of 行为规范) stay in the text and come as commented
    errata; the line the 过错 制度 shares between (五)6、 and (六)、 is split with a note."""
    text = (imported / "regulations" / "code-of-conduct.yaml").read_text(encoding="utf-8")
    body = yaml.safe_load(text)
    assert "errata" not in body
    for erratum in curated(ROOT / "regulations" / "code-of-conduct.yaml")["errata"]:
        unit = next(u for u in walk(body["units"]) if u["id"] == erratum["unit"])
        assert erratum["original"] in unit["text"]
        assert f"#   - unit: {erratum['unit']}" in text
    fault = yaml.safe_load((imported / "regulations" / "fault-liability.yaml").read_text(encoding="utf-8"))
    assert [n["unit"] for n in fault["notes"]] == ["art_6"]


def test_a_second_import_overwrites_nothing(imported: Path):
    before = {p.name: p.read_bytes() for p in (imported / "regulations").glob("*.yaml")}
    done = run_zhifa("import", str(SOURCE), "--root", str(imported), *sum((["--id", p.stem] for p in CURATED), []))
    assert done.returncode == 1
    assert "已存在，不会覆盖" in done.stderr
    assert {p.name: p.read_bytes() for p in (imported / "regulations").glob("*.yaml")} == before

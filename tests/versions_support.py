"""The invented regulation with three versions (tests/fixtures/versions/) brought into a copy of the project as a
maintainer would: `zhifa import` of the 2020 text, its placeholders filled, then `zhifa import --as-version` of the
2023 and the 2025 texts. Shared by the command tests (tests/versions/) and the site tests (tests/browser/)."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import FIXTURES, run_zhifa

TEXTS = FIXTURES / "versions"
V2020, V2023, V2025 = (TEXTS / f"card-rules-{year}.txt" for year in (2020, 2023, 2025))
REG = "card-rules"
# What the maintainer writes in place of the importer's placeholders; a new version keeps it.
FILLED = {"short_title": "证件管理办法", "summary": "行政执法证件的申领、发放、使用和管理。", "scope": "本县行政执法人员"}


def import_first(root: Path) -> None:
    result = run_zhifa("import", str(V2020), "--id", REG, "--root", str(root))
    assert result.returncode == 0, result.stdout + result.stderr
    path = root / "regulations" / f"{REG}.yaml"
    text = path.read_text(encoding="utf-8")
    for key, value in FILLED.items():
        text, n = re.subn(rf"^{key}: .*$", f"{key}: {value}", text, count=1, flags=re.M)
        assert n == 1, key
    path.write_text(text, encoding="utf-8")


def import_version(root: Path, text: Path) -> str:
    result = run_zhifa("import", str(text), "--id", REG, "--as-version", "--root", str(root))
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout

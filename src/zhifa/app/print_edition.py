"""The print edition as files: the HTML body built once, then the Word and the PDF edition, each appearing whole or
not at all (made in a temporary folder beside its target, then moved into place)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from zhifa.app import writers
from zhifa.model.project import Project
from zhifa.render.view.print_edition import PrintBody


def write_print_edition(project: Project, docx_target: Path, pdf_target: Path,
                        body: PrintBody | None = None) -> list[Path]:
    """Write the Word and the PDF edition to ``docx_target`` and ``pdf_target`` (of ``body``, if the caller has
    built it already)."""
    targets = [Path(docx_target), Path(pdf_target)]
    for target in targets:
        target.parent.mkdir(parents=True, exist_ok=True)
    body = body or PrintBody(project)
    with tempfile.TemporaryDirectory(dir=targets[0].parent, prefix=".print-") as docx_tmp, \
            tempfile.TemporaryDirectory(dir=targets[1].parent, prefix=".print-") as pdf_tmp:
        made = [Path(docx_tmp) / targets[0].name, Path(pdf_tmp) / targets[1].name]
        for done, target in zip(made, targets):
            writers.writer(writers.PRINT_EDITION, target.suffix)(project, body, done)
        for done, target in zip(made, targets):
            os.replace(done, target)
    return targets

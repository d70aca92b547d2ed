"""``zhifa export`` and the open data of ``zhifa build`` (site/downloads/data/): every regulation and every version as
an Akoma Ntoso 3.0 act, checked against the official schema before anything is written, and the JSON files with
their schemas. All files are written together or none."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from zhifa.files.atomic import write_together
from zhifa.model.project import Project
from zhifa.model.regulation import Regulation
from zhifa.render.akn.act import act_xml, schema_errors
from zhifa.render.opendata.build import files as json_files
from zhifa.render.site import download_paths as paths

FORMATS = ("akn", "json")


class ExportFailed(Exception):
    pass


def akn_name(version: Regulation) -> str:
    """A version's file: the current one regulations/<id>.akn.xml, an earlier one regulations/<id>@<date>.akn.xml."""
    if version.is_past and version.version is not None:
        return paths.data_akn(version.id, version.version.date.isoformat())
    return paths.data_akn(version.id)


def json_name(reg: Regulation) -> str:
    return paths.data_json(reg.id)


def export_files(project: Project, formats: tuple[str, ...] = FORMATS, today: dt.date | None = None) -> dict[str, bytes]:
    """{path inside the data folder: content} for the formats asked; ExportFailed if an act fails the AKN schema."""
    out: dict[str, bytes] = {}
    if "akn" in formats:
        for reg in project.ordered_regulations():
            for version in reg.all_versions():
                data = act_xml(version, project.jurisdiction, today or dt.date.today())
                errors = schema_errors(data)
                if errors:
                    raise ExportFailed(f"{akn_name(version)} 不符合 Akoma Ntoso 3.0 模式：" + "；".join(errors[:5]))
                out[akn_name(version)] = data
    if "json" in formats:
        out.update(json_files(project, json_name, akn_name))
    return out


def write_export(project: Project, folder: Path, formats: tuple[str, ...] = FORMATS) -> list[Path]:
    """The files under ``folder``, written together (or none)."""
    files = export_files(project, formats)
    for rel in files:
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
    jobs = [(folder / rel, _bytes_writer(data)) for rel, data in sorted(files.items())]
    write_together(jobs)
    return [path for path, _ in jobs]


def _bytes_writer(data: bytes):
    def write(fh) -> None:
        fh.write(data)
    return write


def write_data(project: Project, site: Path) -> list[Path]:
    """The open data of the build, under site/downloads/data/."""
    return write_export(project, site / paths.DATA)


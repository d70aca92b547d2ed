"""Reading the content controls of a Word file, shared by the form and checklist tests."""

from __future__ import annotations

from zhifa.render.docx import oxml as ctl


def controls_by_tag(doc) -> dict[str, list]:
    """Every content control of the document body, by its tag (a tag may repeat: the tests say when it must not)."""
    tags: dict[str, list] = {}
    for sdt in ctl.controls(doc.element.body):
        tags.setdefault(ctl.control_tag(sdt), []).append(sdt)
    return tags


def one_control(tags: dict[str, list], tag: str):
    """The one control with ``tag``; fails when there is none or more than one."""
    found = tags.get(tag, [])
    assert len(found) == 1, f"control {tag!r}: {len(found)} found"
    return found[0]

"""A regulation's history unit by unit: for every unit of the current text, the versions that changed it."""

from __future__ import annotations

from dataclasses import dataclass

from zhifa.model.regulation import Regulation
from zhifa.versions.diff import Change, diff
from zhifa.versions.trace import successor, top_pairs


@dataclass(frozen=True)
class Amendment:
    """What one version did: the version (its Regulation), the one before it, and its changes."""

    before: Regulation
    version: Regulation
    changes: list[Change]


def amendments(reg: Regulation) -> list[Amendment]:
    """Each version after the first with its changes from the one before, oldest first."""
    versions = reg.all_versions()
    return [Amendment(old, new, diff(old, new)) for old, new in zip(versions, versions[1:])]


def unit_history(reg: Regulation, done: list[Amendment] | None = None) -> dict[str, list[tuple[Amendment, Change]]]:
    """Current unit id → the amendments that added, changed or renumbered it (oldest first). A unit an amendment
    touched in an earlier version is found in the current one through its successor."""
    current = reg.current
    out: dict[str, list[tuple[Amendment, Change]]] = {}
    for amendment in done if done is not None else amendments(reg):
        top = None if amendment.version is current else top_pairs(amendment.version, current)
        for change in amendment.changes:
            if change.new is None:
                continue
            unit = change.new if top is None else successor(amendment.version, current, change.new, top)
            if unit is not None:
                out.setdefault(unit.id, []).append((amendment, change))
    return out

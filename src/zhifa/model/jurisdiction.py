"""Jurisdiction variables: the county's own names, defined once in data/jurisdiction.yaml.

Regulation text writes them as ``{{ county }}``; rendering puts the configured value in, and the
fidelity check puts the source's redacted spelling (``****县``) back to compare with the original.
"""

from __future__ import annotations

import re

from pydantic import Field, RootModel

from zhifa.model.regulation import StrictModel

VARIABLE = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
BRACES = re.compile(r"\{\{|\}\}")


class Variable(StrictModel):
    value: str = Field(min_length=1, description="what the handbook prints")
    source_text: str | None = Field(default=None, description="how the redacted source writes it; do not edit")
    description: str


class Jurisdiction(RootModel[dict[str, Variable]]):
    def values(self) -> dict[str, str]:
        return {name: var.value for name, var in self.root.items()}

    def render(self, text: str) -> str:
        """Text with every ``{{ name }}`` replaced by its configured value."""
        return VARIABLE.sub(lambda m: self.root[m.group(1)].value if m.group(1) in self.root else m.group(0), text)

    def to_source(self, text: str) -> str:
        """Text with every variable replaced by its spelling in the source."""

        def back(m: re.Match) -> str:
            var = self.root.get(m.group(1))
            return var.source_text if var is not None and var.source_text is not None else m.group(0)

        return VARIABLE.sub(back, text)

    def unknown(self, text: str) -> list[str]:
        """Names used in ``text`` that are not defined, and stray braces."""
        names = [m.group(1) for m in VARIABLE.finditer(text) if m.group(1) not in self.root]
        if BRACES.search(VARIABLE.sub("", text)):
            names.append("{{…}}")
        return names

"""The glossary (data/glossary.yaml): terms, definitions, where they occur; its page and its checks."""

from __future__ import annotations

from collections.abc import Set
from typing import Annotated

from pydantic import Field, RootModel

from zhifa.model.problems import Problem
from zhifa.model.regulation import StrictModel

GLOSSARY_FILE = "data/glossary.yaml"


class Term(StrictModel):
    term: str = Field(min_length=1)
    also_written: list[str] = Field(default_factory=list, description="other spellings found in the text")
    search_words: list[Annotated[str, Field(min_length=1)]] = Field(default_factory=list,
                                    description="words officers type for it, not in the text (search synonyms)")
    definition: str = Field(min_length=4)
    occurs_in: list[str] = Field(min_length=1, description="regulation-id#unit-id")

    @property
    def spellings(self) -> list[str]:
        return [self.term, *self.also_written]

    @property
    def anchor(self) -> str:
        return f"term-{self.term}"


class Glossary(RootModel[list[Term]]):
    def terms(self) -> list[Term]:
        return self.root

    def lookup(self) -> dict[str, Term]:
        """Every spelling → its term."""
        out: dict[str, Term] = {}
        for term in self.root:
            for spelling in term.spellings:
                out.setdefault(spelling, term)
        return out


def split_ref(ref: str) -> tuple[str, str | None]:
    reg_id, _, unit_id = ref.partition("#")
    return reg_id, unit_id or None


def check_glossary(glossary: Glossary, regulations: dict, broken: Set[str] = frozenset()) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, Term] = {}
    for term in glossary.terms():
        for spelling in term.spellings:
            if spelling in seen:
                problems.append(term.where("term").problem("G003", f"词语“{spelling}”已在词条“{seen[spelling].term}”中出现"))
            seen.setdefault(spelling, term)
        for ref in term.occurs_in:
            reg_id, unit_id = split_ref(ref)
            if reg_id in broken:
                continue  # that file's own problems are reported already
            reg = regulations.get(reg_id)
            unit = reg.unit(unit_id) if reg and unit_id else None
            where = term.where("occurs_in")
            if unit is None:
                problems.append(where.problem("G001", f"词条“{term.term}”的出现位置“{ref}”不存在（格式：规章id#条文单元id）"))
            elif not any(s in (unit.text or "") for s in term.spellings):
                problems.append(where.problem("G002", f"词条“{term.term}”：条文“{ref}”中没有这个词（也没有其他写法 {term.also_written}）"))
    return problems

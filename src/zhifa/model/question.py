"""The question bank (data/questions/<regulation>.yaml) and the learning path (data/training.yaml) as data.

Every question cites the units that support its answer, with the quoted words; ``question_checks`` verifies the
quotes and that the answer can be read in them.
"""

from __future__ import annotations

import random
from typing import Literal

from pydantic import Field

from zhifa.model.regulation import Citation, StrictModel

QUESTIONS_DIR = "data/questions"
TRAINING_FILE = "data/training.yaml"

QuestionType = Literal["single", "multiple", "true_false", "fill_blank", "scenario"]
# Printed names and the order of the groups on an exam paper.
TYPE_NAMES: dict[str, str] = {"single": "单项选择题", "multiple": "多项选择题", "true_false": "判断题",
                              "fill_blank": "填空题", "scenario": "案例分析题"}
BLANK = "____"  # four or more underscores mark a blank in a fill_blank stem
LETTERS = "ABCDEFG"


class Question(StrictModel):
    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$", description="stable id: flashcards and answer keys use it")
    type: QuestionType
    stem: str = Field(min_length=4, description="the question; fill_blank stems mark blanks with ____")
    case: str | None = Field(default=None, min_length=10, description="scenario questions: the short case")
    options: list[str] = Field(default_factory=list, description="choice and scenario questions: 3 to 6 options")
    answer: bool | str | list[str] = Field(
        description="single/scenario: a letter (B); multiple: letters (ACD); true_false: true/false; "
                    "fill_blank: the words for each blank, in order")
    key: str | None = Field(default=None, min_length=2,
                               description="true_false: words of the quote the statement keeps (true) or distorts (false)")
    explanation: str = Field(min_length=4)
    basis: list[Citation] = Field(min_length=1)

    @property
    def regulation(self) -> str:
        """The regulation the question is about: the one its first citation names."""
        return self.basis[0].regulation

    def letters(self) -> str:
        """The correct option letters (choice and scenario questions)."""
        return self.answer if isinstance(self.answer, str) else ""

    def shuffled_options(self, salt: str) -> tuple[list[str], str]:
        """The options in an order drawn from ``salt`` and the question id, and the correct letters in that order.
        The bank's correct answers sit at B more often than not: papers and quiz pages must not give that away."""
        order = list(range(len(self.options)))
        random.Random(f"{salt}:{self.id}").shuffle(order)
        correct = {LETTERS.index(x) for x in self.letters()}
        return [self.options[i] for i in order], "".join(LETTERS[p] for p, i in enumerate(order) if i in correct)

    def correct_options(self) -> list[str]:
        return [self.options[LETTERS.index(x)] for x in self.letters() if x in LETTERS[:len(self.options)]]

    def answer_text(self) -> str:
        """The answer as printed in an answer key."""
        if self.type == "true_false":
            return "正确" if self.answer is True else "错误"
        if self.type == "fill_blank":
            return "；".join(self.answer) if isinstance(self.answer, list) else str(self.answer)
        return self.letters()


class QuestionFile(StrictModel):
    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$", description="the file name without .yaml")
    questions: list[Question] = Field(min_length=1)


class KeyPoint(StrictModel):
    kind: Literal["duty", "prohibition"]
    point: str = Field(min_length=4, description="the duty or prohibition in a line, for slides and the learning path")
    basis: Citation


class PathStep(StrictModel):
    regulation: str
    why: str = Field(min_length=4, description="why a new officer reads this, at this point")
    focus: str = Field(min_length=4, description="what to read closely")
    points: list[KeyPoint] = Field(min_length=1)


class Training(StrictModel):
    intro: str = Field(min_length=4)
    path: list[PathStep] = Field(min_length=1)

    def step(self, regulation: str) -> PathStep | None:
        return next((s for s in self.path if s.regulation == regulation), None)

"""Content mistakes, reported in French with the file, the line, the field and the fix."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One mistake in one content file, phrased for the staff member who made it."""

    path: str
    message: str
    field: str | None = None
    line: int | None = None
    hint: str | None = None

    def __str__(self) -> str:
        where = self.path
        if self.line:
            where += f", ligne {self.line}"
        if self.field:
            where += f", champ « {self.field} »"
        text = f"{where} : {self.message}"
        if self.hint:
            text += f"\n    → {self.hint}"
        return text


class FieldError(ValueError):
    """Raised by a field parser: what was wrong, and the form that was expected."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint


class ContentError(Exception):
    """Every problem of a build at once; raising it stops the build before anything is written."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.path, p.line or 0, p.field or ""))
        count = len(self.problems)
        heading = f"{count} problème{'s' if count > 1 else ''} dans le contenu, le site n'a pas été publié :"
        super().__init__("\n".join([heading, *(f"  - {p}" for p in self.problems)]))

    def __reduce__(self):  # rebuilt from its problems: it crosses from the calendars' process (parallel.py)
        return type(self), (self.problems,), self.__dict__


@dataclass
class ProblemLog:
    """Collects problems over a whole build so they can be reported together."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise ContentError(self.problems)

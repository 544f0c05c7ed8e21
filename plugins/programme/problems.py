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
    warning: bool = False  # worth knowing, but the site is built and published all the same

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


def in_order(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.path, p.line or 0, p.field or ""))


class ContentError(Exception):
    """Every problem of a build at once; raising it stops the build before anything is written. The build's
    warnings come along, so that they are reported with the problems."""

    def __init__(self, problems: list[Problem], warnings: list[Problem] | tuple[Problem, ...] = ()):
        self.problems = in_order(problems)
        self.warnings = in_order(list(warnings))
        count = len(self.problems)
        heading = f"{count} problème{'s' if count > 1 else ''} dans le contenu, le site n'a pas été publié :"
        super().__init__("\n".join([heading, *(f"  - {p}" for p in self.problems)]))

    def __reduce__(self):  # rebuilt from its problems: it crosses from the calendars' process (parallel.py)
        return type(self), (self.problems, self.warnings), self.__dict__


@dataclass
class ProblemLog:
    """Collects problems over a whole build so they can be reported together; warnings apart."""

    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        (self.warnings if problem.warning else self.problems).append(problem)

    def extend(self, problems: list[Problem]) -> None:
        for problem in problems:
            self.add(problem)

    def raise_if_any(self) -> None:
        if self.problems:
            raise ContentError(self.problems, self.warnings)

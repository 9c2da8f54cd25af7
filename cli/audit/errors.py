"""Problems in the user's data (values) and the one exception family the core raises."""
from __future__ import annotations

from typing import NamedTuple


class Problem(NamedTuple):
    """One thing wrong with an input file, located as precisely as we can."""

    file: str
    line: int  # 1-based; 0 when the file as a whole is at fault
    col: int  # 1-based; 0 when unknown
    field: str  # e.g. "tasks[27].targets[0].value"; "" when not about one field
    message: str  # what is wrong and what to do, in Chinese

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}:{self.col or 1}"
        head = f"{where}: {self.field}: " if self.field else f"{where}: "
        return head + self.message

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "col": self.col, "field": self.field, "message": self.message}


class AuditError(Exception):
    """Anything the user can fix: bad input, a missing file, a refused write. Exit code 2."""

    exit_code = 2

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.message = message
        self.problems = list(problems or [])


class RegistryInvalid(AuditError):
    """The registry could not be used: it carries every problem found."""


class WriteRefused(AuditError):
    """A write was not done: the file exists, the folder is read-only, the disk is full..."""

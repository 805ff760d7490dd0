"""Data errors that teach: where, what is wrong, what was expected, how to fix it."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class DataError:
    file: str  # path relative to the repository root, e.g. data/comparisons/x.yaml
    line: int  # 1-based; 0 when the problem concerns the whole file
    column: int  # 1-based; 0 when unknown
    field: str  # field path such as rows[3].cells.rag.rating, or '' for the whole file
    problem: str
    expected: str = ""
    fix: str = ""

    def format(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        text = f"{where}: "
        if self.field:
            text += f"{self.field}: "
        text += self.problem
        if self.expected:
            text += f"; expected {self.expected}"
        if self.fix:
            text += f". Fix: {self.fix}"
        return text


def format_path(path) -> str:
    """('rows', 3, 'cells', 'rag') -> 'rows[3].cells.rag'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def report(errors: list[DataError]) -> str:
    """All errors, sorted by place, then one summary line with the count."""
    lines = [e.format() for e in sorted(set(errors))]
    n = len(lines)
    lines.append(f"{n} data error{'s' if n != 1 else ''} found; nothing was built." if n else "data OK")
    return "\n".join(lines)


class DataValidationError(Exception):
    """Raised by the build when the data has errors; carries all of them."""

    def __init__(self, errors: list[DataError]):
        self.errors = sorted(set(errors))
        super().__init__(report(self.errors))

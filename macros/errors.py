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
    # errors that only follow from this one (a misspelt column id leaves every row without its cell): shown folded
    # under it, as "place: problem" lines, and not counted apart
    follows: tuple = ()

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
        if self.follows:
            text += f"\n    which also causes ({len(self.follows)}); fixing it fixes them:"
            text += "".join(f"\n      - {line}" for line in self.follows)
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


def fold(errors: list, cause: DataError, consequences: list) -> None:
    """Replace `cause` in `errors` by itself with `consequences` folded under it (and removed from the list)."""
    if not consequences or cause not in errors:
        return
    shown = []
    for c in consequences:
        if c in errors:
            errors.remove(c)
        where = f"line {c.line}" if c.line else "the file"
        shown.append(f"{c.field or '(file)'} ({where}): {c.problem}")
    i = errors.index(cause)
    errors[i] = DataError(cause.file, cause.line, cause.column, cause.field, cause.problem, cause.expected, cause.fix,
                          tuple(shown))


class DataValidationError(Exception):
    """Raised by the build when the data has errors; carries all of them."""

    def __init__(self, errors: list[DataError]):
        self.errors = sorted(set(errors))
        super().__init__(report(self.errors))

"""The validation report: every problem found in a file, by Excel row number and column header.

A file with any error is rejected whole (nothing is imported), so the report must list everything
at once; it keeps the first ``MAX_LISTED`` errors and counts the rest, so a file of 50,000 bad rows
still answers with a report of readable size.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from workflow.errors import InvalidInput

MAX_LISTED = 1000


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass
class Report:
    errors: list[RowError] = field(default_factory=list)
    total: int = 0
    what: str = "问题清单"

    def add(self, row: int, column: str, message: str) -> None:
        self.total += 1
        if len(self.errors) < MAX_LISTED:
            self.errors.append(RowError(row, column, message))

    def __bool__(self) -> bool:
        return self.total > 0

    def raise_if_any(self) -> None:
        if not self.total:
            return
        more = f"（仅列出前 {MAX_LISTED} 处）" if self.total > len(self.errors) else ""
        raise InvalidInput(
            f"{self.what}有 {self.total} 处错误{more}，整个文件未导入，请修改后重新上传",
            detail={"errors": [asdict(e) for e in self.errors], "total": self.total},
        )

"""What a backup holds: per-table row counts from the backed-up snapshot and the SHA-256 of every file.

Restore checks the hashes before touching anything and the counts after, so a damaged or partial
backup is refused instead of half-restored.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from workflow.errors import DomainError
from workflow.models import Base
from workflow.tickets.storage import THUMB_SUFFIX

FORMAT = "zhenggai-backup/1"
NAME = "manifest.json"
EVIDENCE = "evidence"


class BackupError(DomainError):
    status = 422
    code = "backup_refused"
    message = "备份或恢复未执行"


@dataclass
class Manifest:
    dialect: str
    database_file: str
    created_at: str
    alembic_revision: str | None = None
    tables: dict[str, int] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)

    def write(self, directory: Path) -> None:
        doc = {"format": FORMAT, "created_at": self.created_at, "dialect": self.dialect,
               "database_file": self.database_file, "alembic_revision": self.alembic_revision,
               "tables": self.tables, "files": self.files}
        (directory / NAME).write_text(json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n")

    @classmethod
    def read(cls, directory: Path) -> Manifest:
        path = directory / NAME
        if not path.is_file():
            raise BackupError(f"{directory} 不是备份目录：缺少 {NAME}")
        doc = json.loads(path.read_text())
        if doc.get("format") != FORMAT:
            raise BackupError(f"不认识的备份格式：{doc.get('format')}")
        return cls(dialect=doc["dialect"], database_file=doc["database_file"], created_at=doc["created_at"],
                   alembic_revision=doc.get("alembic_revision"), tables=doc["tables"], files=doc["files"])

    @property
    def evidence_files(self) -> int:
        """Evidence files, not counting the photos' thumbnails kept (and copied) beside them."""
        return sum(1 for name in self.files if name.startswith(EVIDENCE + "/") and not name.endswith(THUMB_SUFFIX))


def table_names() -> list[str]:
    return [table.name for table in Base.metadata.sorted_tables]


def count_tables(scalar: Callable[[str], int]) -> dict[str, int]:
    """``scalar(sql)`` runs in the snapshot being backed up or just restored."""
    return {name: int(scalar(f'SELECT count(*) FROM "{name}"')) for name in table_names()}


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def copy_evidence(data_dir: Path, dest: Path) -> dict[str, str]:
    """Evidence files are content-addressed and never change, so copying after the database snapshot
    gives every file the snapshot references (files are written before their row commits), plus perhaps
    a few newer ones, which are harmless."""
    source = data_dir / EVIDENCE
    files: dict[str, str] = {}
    if not source.is_dir():
        return files
    for path in sorted(p for p in source.rglob("*") if p.is_file() and not p.name.startswith("tmp")):
        relative = path.relative_to(data_dir).as_posix()
        target = dest / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        files[relative] = sha256_of(target)
    return files


def check_files(directory: Path, manifest: Manifest) -> None:
    for relative, expected in manifest.files.items():
        path = directory / relative
        if not path.is_file():
            raise BackupError(f"备份不完整：缺少 {relative}")
        if sha256_of(path) != expected:
            raise BackupError(f"备份已损坏：{relative} 的 SHA-256 与清单不符")


def evidence_is_empty(data_dir: Path) -> bool:
    source = data_dir / EVIDENCE
    return not source.is_dir() or not any(p.is_file() for p in source.rglob("*"))


def restore_evidence(directory: Path, manifest: Manifest, data_dir: Path) -> int:
    copied = 0
    for relative in manifest.files:
        if not relative.startswith(EVIDENCE + "/"):
            continue
        target = data_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(directory / relative, target)
        copied += 1
    return copied

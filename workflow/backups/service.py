"""``zhenggai backup DEST`` / ``zhenggai restore SRC``: the database and the evidence files, with a manifest.

A backup goes into a new (or empty) directory; a restore goes into an empty database and an empty
evidence directory, and overwrites a non-empty one only when forced. Backups are checked against their
manifest before anything is touched, and the restored table counts against it afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.exc import OperationalError

from workflow.backups import postgres, sqlite
from workflow.backups.manifest import (
    BackupError,
    Manifest,
    check_files,
    copy_evidence,
    evidence_is_empty,
    restore_evidence,
    sha256_of,
)


def _engine_for(url: str):
    if url.startswith("sqlite"):
        return "sqlite", sqlite
    if url.startswith("postgresql"):
        return "postgresql", postgres
    raise BackupError(f"不支持的数据库：{url.split(':', 1)[0]}")


def backup(*, database_url: str, data_dir: Path, dest: Path, now: datetime) -> Manifest:
    dialect, tool = _engine_for(database_url)
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise BackupError(f"备份目录 {dest} 已存在且不为空，请换一个目录")
    dest.mkdir(parents=True, exist_ok=True)
    database_file = dest / tool.FILE
    counts, revision = tool.dump(database_url, database_file)
    manifest = Manifest(dialect=dialect, database_file=tool.FILE, created_at=now.isoformat(),
                        alembic_revision=revision, tables=counts)
    manifest.files[tool.FILE] = sha256_of(database_file)
    manifest.files.update(copy_evidence(Path(data_dir), dest))
    manifest.write(dest)
    return manifest


@dataclass(frozen=True)
class Restored:
    manifest: Manifest
    evidence_files: int
    revision: str | None


def restore(*, source: Path, database_url: str, data_dir: Path, force: bool = False) -> Restored:
    dialect, tool = _engine_for(database_url)
    manifest = Manifest.read(source)
    if manifest.dialect != dialect:
        raise BackupError(f"这是 {manifest.dialect} 的备份，不能恢复到 {dialect} 数据库")
    check_files(source, manifest)
    data_dir = Path(data_dir)
    try:
        empty = tool.is_empty(database_url)
    except OperationalError as exc:
        raise BackupError(f"无法连接目标数据库：{exc.orig}") from exc
    if not force:
        if not empty:
            raise BackupError("目标数据库不为空；确需覆盖请加 --force")
        if not evidence_is_empty(data_dir):
            raise BackupError(f"目标数据目录 {data_dir / 'evidence'} 不为空；确需覆盖请加 --force")
    elif dialect == "postgresql":
        postgres.clear(database_url)
    counts, revision = tool.load(source / manifest.database_file, database_url)
    if counts != manifest.tables:
        differ = sorted(name for name in manifest.tables if counts.get(name) != manifest.tables[name])
        raise BackupError(f"恢复后的行数与清单不符：{', '.join(differ)}")
    return Restored(manifest=manifest, evidence_files=restore_evidence(source, manifest, data_dir), revision=revision)

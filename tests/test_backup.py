"""``zhenggai backup`` / ``zhenggai restore`` in real subprocesses, on SQLite and PostgreSQL (issue 14)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from contextlib import closing

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

from tests.audit_support import drive, zhenggai
from tests.conftest import START
from tests.databases import scratch_pg_database
from tests.helpers import PNG, login, upload
from tests.ledger_data import make_ticket
from workflow.backups.manifest import table_names
from workflow.backups.service import backup
from workflow.db import transaction
from workflow.migrate import alembic_config
from workflow.tickets import events

PDF = b"%PDF-1.4\n% a rectification report\n%%EOF\n"


@pytest.fixture
def empty_target(db_url, tmp_path):
    """An empty database of the same kind as ``db_url``."""
    if db_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'restored' / 'zhenggai.db'}"
        return
    with scratch_pg_database("zg_test_restore") as url:
        yield url


def _counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    with engine.connect() as conn:
        counts = {name: conn.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one() for name in table_names()}
    engine.dispose()
    return counts


def _evidence_hashes(data_dir) -> dict[str, str]:
    root = data_dir / "evidence"
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in root.rglob("*") if p.is_file()}


def _with_evidence(client, world) -> list[dict]:
    tickets = drive(client, world)
    village = login(client, "village")
    assert upload(client, village, tickets[0]["id"]).status_code == 201
    r = upload(client, village, tickets[1]["id"], content=PDF, name="report.pdf", ctype="application/pdf")
    assert r.status_code == 201, r.text
    return tickets


def test_a_backup_restores_into_an_empty_database_and_data_directory(client, world, db_url, settings, tmp_path,
                                                                     empty_target):
    _with_evidence(client, world)
    dest = tmp_path / "backup-1"
    taken = zhenggai(db_url, settings.data_dir, "backup", str(dest))
    assert taken.returncode == 0, taken.stderr
    assert "2 个问题、8 条事件、2 个证据文件" in taken.stdout
    manifest = json.loads((dest / "manifest.json").read_text())
    assert manifest["tables"] == _counts(db_url) and manifest["tables"]["evidence"] == 2
    assert manifest["alembic_revision"] == ScriptDirectory.from_config(alembic_config(db_url)).get_current_head()

    restored_dir = tmp_path / "restored-data"
    done = zhenggai(empty_target, restored_dir, "restore", str(dest))
    assert done.returncode == 0, done.stderr
    assert "行数与清单一致" in done.stdout
    assert _counts(empty_target) == _counts(db_url)
    assert _evidence_hashes(restored_dir) == _evidence_hashes(settings.data_dir) and len(
        _evidence_hashes(restored_dir)) == 3  # the photo, the PDF and the photo's thumbnail
    verified = zhenggai(empty_target, restored_dir, "audit", "verify")
    assert verified.returncode == 0 and "2 个问题、8 条事件" in verified.stdout


def test_restore_refuses_a_non_empty_target_unless_forced(client, world, db_url, settings, tmp_path):
    drive(client, world, count=1)
    dest = tmp_path / "backup"
    assert zhenggai(db_url, settings.data_dir, "backup", str(dest)).returncode == 0
    drive(client, world, count=1)  # the live database moved on after the backup
    refused = zhenggai(db_url, settings.data_dir, "restore", str(dest))
    assert refused.returncode == 2 and "目标数据库不为空" in refused.stderr
    assert _counts(db_url)["ticket"] == 2
    again = zhenggai(db_url, settings.data_dir, "backup", str(dest))
    assert again.returncode == 2 and "已存在且不为空" in again.stderr

    forced = zhenggai(db_url, settings.data_dir, "restore", str(dest), "--force")
    assert forced.returncode == 0, forced.stderr
    assert _counts(db_url)["ticket"] == 1 and _counts(db_url)["ticket_event"] == 3


def test_restore_refuses_a_damaged_backup_and_changes_nothing(client, world, db_url, settings, tmp_path,
                                                              empty_target):
    _with_evidence(client, world)
    dest = tmp_path / "backup"
    assert zhenggai(db_url, settings.data_dir, "backup", str(dest)).returncode == 0
    photo = next(p for p in (dest / "evidence").rglob("*") if p.is_file() and p.read_bytes() == PNG)
    photo.write_bytes(PNG + b"tampered")
    refused = zhenggai(empty_target, tmp_path / "restored-data", "restore", str(dest))
    assert refused.returncode == 2 and "已损坏" in refused.stderr and photo.name in refused.stderr
    assert not (tmp_path / "restored-data" / "evidence").exists()


def test_restore_into_a_non_empty_data_directory_is_refused(client, world, db_url, settings, tmp_path,
                                                            empty_target):
    _with_evidence(client, world)
    dest = tmp_path / "backup"
    assert zhenggai(db_url, settings.data_dir, "backup", str(dest)).returncode == 0
    refused = zhenggai(empty_target, settings.data_dir, "restore", str(dest))
    assert refused.returncode == 2 and "目标数据目录" in refused.stderr


def test_a_backup_taken_while_another_connection_writes_is_consistent(world, sessions, db_url, settings, tmp_path,
                                                                      empty_target):
    """SQLite: the online backup API copies one read snapshot; PostgreSQL: pg_dump reads the exported snapshot
    the manifest's counts come from. Each writer transaction adds a ticket and two events, so a torn copy would
    show events without their pair."""
    stop = threading.Event()
    written: list[int] = []

    def writer() -> None:
        n = 0
        while not stop.is_set():
            n += 1
            with transaction(sessions) as s:
                ticket = make_ticket(s, number=f"QH-2026-{n:05d}", place_id=world.units["dongfeng"],
                                     owner_id=world.units["city"])
                events.record(s, ticket, trigger="light_changed", actor=None, at=START, comment="红灯")
            written.append(n)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        manifests = []
        for i in range(4):
            while len(written) < 10 * (i + 1) and thread.is_alive():
                stop.wait(0.01)
            manifests.append((tmp_path / f"b{i}", backup(database_url=db_url, data_dir=settings.data_dir,
                                                       dest=tmp_path / f"b{i}", now=START)))
    finally:
        stop.set()
        thread.join(timeout=30)
    seen = [m.tables["ticket"] for _, m in manifests]
    assert seen == sorted(seen) and seen[0] >= 10 and seen[-1] <= len(written)
    for dest, manifest in manifests:
        assert manifest.tables["ticket_event"] == 2 * manifest.tables["ticket"]
        if db_url.startswith("sqlite"):
            with closing(sqlite3.connect(dest / "database.sqlite3")) as copy:
                assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                counted = {t: copy.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in table_names()}
            assert counted == manifest.tables
    last = manifests[-1][0]
    restored = zhenggai(empty_target, tmp_path / "restored-data", "restore", str(last))
    assert restored.returncode == 0, restored.stderr
    assert _counts(empty_target) == manifests[-1][1].tables

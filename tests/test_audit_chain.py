"""Tamper-evident history (issue 14): hash-chained events, daily anchors, and ``zhenggai audit verify``."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from tests.audit_support import drive, tamper, zhenggai
from tests.conftest import START
from tests.helpers import login
from workflow.audit.anchors import take_anchor
from workflow.audit.chain import GENESIS
from workflow.audit.models import AuditAnchor
from workflow.audit.verify import verify
from workflow.db import transaction
from workflow.scheduling import sweep_once
from workflow.tickets import events
from workflow.tickets.models import Ticket, TicketEvent


def _events(sessions, ticket_id: int) -> list[TicketEvent]:
    with sessions() as s:
        return list(s.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket_id)
                              .order_by(TicketEvent.seq)))


def _anchor(sessions, now=START) -> AuditAnchor:
    with transaction(sessions) as s:
        return take_anchor(s, now=now)


def test_each_event_links_to_the_previous_event_of_its_ticket(client, world, sessions):
    first, second = drive(client, world)
    chain = _events(sessions, first["id"])
    assert [e.seq for e in chain] == [1, 2, 3]
    assert [e.trigger for e in chain] == ["file", "assign", "accept"]
    assert chain[0].prev_hash == GENESIS
    assert [e.prev_hash for e in chain[1:]] == [e.hash for e in chain[:-1]]
    assert _events(sessions, second["id"])[0].prev_hash == GENESIS  # one chain per ticket
    with sessions() as s:
        report = verify(s)
    assert report.ok and (report.tickets, report.events) == (2, 6)


def test_verify_names_an_edited_and_a_deleted_event_changed_behind_the_apps_back(client, world, sessions, engine,
                                                                                 db_url, tmp_path):
    edited_ticket, deleted_ticket, intact = drive(client, world, count=3)
    edited = _events(sessions, edited_ticket["id"])[1]
    deleted, after_deleted = _events(sessions, deleted_ticket["id"])[1:3]
    clean = zhenggai(db_url, tmp_path, "audit", "verify")
    assert clean.returncode == 0, clean.stderr
    assert "审计链完好：3 个问题、9 条事件" in clean.stdout

    tamper(engine, f"UPDATE ticket_event SET comment = '已整改到位' WHERE id = {edited.id}",
           f"DELETE FROM ticket_event WHERE id = {deleted.id}")

    result = zhenggai(db_url, tmp_path, "audit", "verify")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert f"问题 {edited_ticket['number']} 事件 #{edited.id}：被修改（edited）— 内容与其哈希不符" in lines
    assert any(line.startswith(f"问题 {deleted_ticket['number']} 事件 #{after_deleted.id}：缺失（missing）")
               and "第 2 条" in line for line in lines)
    assert not any(intact["number"] in line for line in lines)
    assert "2 处断链" in result.stderr


def test_an_edit_whose_hashes_were_recomputed_is_still_named(client, world, sessions, engine):
    """Re-hashing the edited event only moves the break to where the next event links to it."""
    (ticket,) = drive(client, world, count=1)
    file_event, assign_event, _ = _events(sessions, ticket["id"])
    from workflow.audit.chain import event_hash

    forged = event_hash(ticket_id=ticket["id"], seq=2, at=assign_event.at, actor_id=assign_event.actor_id,
                        trigger="assign", from_state="found", to_state="assigned", comment="伪造",
                        payload=assign_event.payload, prev_hash=file_event.hash)
    tamper(engine, f"UPDATE ticket_event SET comment = '伪造', hash = '{forged}' WHERE id = {assign_event.id}")
    with sessions() as s:
        (problem,) = verify(s).breaks
    assert (problem.kind, problem.event_id, problem.ticket_number) == ("edited", assign_event.id, ticket["number"])


def test_a_deleted_last_event_is_caught_by_the_days_anchor(client, world, sessions, engine):
    first, _ = drive(client, world)
    anchor = _anchor(sessions)
    assert (anchor.tickets, anchor.events, anchor.prev_digest) == (2, 6, GENESIS)
    last = _events(sessions, first["id"])[-1]
    tamper(engine, f"DELETE FROM ticket_event WHERE id = {last.id}")
    with sessions() as s:
        (problem,) = verify(s).breaks
    assert problem.kind == "missing" and problem.anchor_day == anchor.day
    assert "锚定时有 6 条事件" in problem.line() and "现在只有 5 条" in problem.line()


def test_a_reinserted_event_is_reported_as_reordered(client, world, sessions, engine):
    (ticket,) = drive(client, world, count=1)
    moved = _events(sessions, ticket["id"])[1]
    columns = "ticket_id, at, actor_id, \"trigger\", from_state, to_state, comment, payload, seq, prev_hash, hash"
    tamper(engine, "CREATE TEMPORARY TABLE keep AS SELECT * FROM ticket_event WHERE id = " + str(moved.id),
           f"DELETE FROM ticket_event WHERE id = {moved.id}",
           f"INSERT INTO ticket_event ({columns}) SELECT {columns} FROM keep")
    with sessions() as s:
        (problem,) = verify(s).breaks
    assert problem.kind == "reordered" and problem.ticket_number == ticket["number"]


def test_anchors_chain_day_to_day_and_a_deleted_anchor_breaks_the_chain(client, world, sessions, engine):
    drive(client, world, count=1)
    monday = _anchor(sessions)
    assert _anchor(sessions, START + timedelta(hours=3)).id == monday.id  # once per day
    drive(client, world, count=1)
    tuesday = _anchor(sessions, START + timedelta(days=1))
    assert tuesday.prev_digest == monday.digest and tuesday.events == 6
    with sessions() as s:
        assert verify(s).ok
    trigger = ("audit_anchor_no_change ON audit_anchor", "BEFORE UPDATE OR DELETE ON audit_anchor FOR EACH ROW "
               "EXECUTE FUNCTION audit_anchor_append_only()")
    if engine.dialect.name == "sqlite":
        trigger = ("audit_anchor_no_delete", "BEFORE DELETE ON audit_anchor "
                   "BEGIN SELECT RAISE(ABORT, 'audit_anchor is append-only'); END")
    with engine.begin() as conn:  # one transaction, so the trigger is back for the next test
        conn.execute(text(f"DROP TRIGGER {trigger[0]}"))
        conn.execute(text(f"DELETE FROM audit_anchor WHERE id = {monday.id}"))
        conn.execute(text(f"CREATE TRIGGER {trigger[0].split()[0]} {trigger[1]}"))
    with sessions() as s:
        (problem,) = verify(s).breaks
    assert problem.kind == "missing" and problem.anchor_day == tuesday.day


def test_events_and_anchors_refuse_update_and_delete_in_the_database(client, world, sessions, engine):
    drive(client, world, count=1)
    _anchor(sessions)
    for statement in ("UPDATE ticket_event SET comment = 'x'", "DELETE FROM ticket_event",
                      "UPDATE audit_anchor SET digest = 'x'", "DELETE FROM audit_anchor"):
        with pytest.raises(Exception, match="append-only"), engine.begin() as conn:
            conn.execute(text(statement))


def test_concurrent_writers_to_one_ticket_queue_instead_of_forking_the_chain(client, world, sessions):
    (ticket,) = drive(client, world, count=1)
    start = threading.Barrier(4)
    failures: list[BaseException] = []

    def write(n: int) -> None:
        try:
            start.wait(timeout=10)
            for i in range(5):
                with transaction(sessions) as s:
                    events.record(s, s.get(Ticket, ticket["id"]), trigger="light_changed", actor=None,
                                  at=START, comment=f"writer {n} #{i}")
        except BaseException as exc:  # pragma: no cover - reported below
            failures.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert failures == []
    chain = _events(sessions, ticket["id"])
    assert [e.seq for e in chain] == list(range(1, 24))
    with sessions() as s:
        assert verify(s).ok


def test_a_forked_chain_fails_loudly(client, world, sessions):
    (ticket,) = drive(client, world, count=1)
    head = _events(sessions, ticket["id"])[-1]
    with pytest.raises(IntegrityError), transaction(sessions) as s:
        s.add(TicketEvent(ticket_id=ticket["id"], at=START, trigger="fork", comment="", payload={}, seq=head.seq,
                          prev_hash=head.prev_hash, hash="f" * 64))


def test_the_sweep_takes_the_days_anchor_once(world, sessions, client):
    drive(client, world, count=1)
    sweep_once(sessions, now=START)
    sweep_once(sessions, now=START + timedelta(minutes=5))
    with sessions() as s:
        anchors = list(s.scalars(select(AuditAnchor)))
    assert [(a.day, a.events) for a in anchors] == [(START.date(), 3)]


def test_the_office_reads_the_anchor_of_a_day_and_others_may_not(client, world, sessions):
    drive(client, world, count=1)
    anchor = _anchor(sessions)
    r = client.get(f"/api/v1/audit/anchors/{anchor.day}", headers=login(client, "office"))
    assert r.status_code == 200, r.text
    assert r.json()["digest"] == anchor.digest and r.json()["events"] == 3
    refused = client.get(f"/api/v1/audit/anchors/{anchor.day}", headers=login(client, "town"))
    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    assert client.get(f"/api/v1/audit/anchors/{anchor.day}").status_code == 401
    missing = client.get("/api/v1/audit/anchors/2020-01-01", headers=login(client, "admin"))
    assert missing.status_code == 404 and "没有审计锚点" in missing.json()["message"]
    assert client.get("/api/v1/audit/anchors/yesterday", headers=login(client, "admin")).status_code == 422


def test_audit_anchor_command_takes_and_prints_the_days_anchor(client, world, db_url, tmp_path):
    drive(client, world, count=1)
    taken = zhenggai(db_url, tmp_path, "audit", "anchor", "--now", "2026-11-24T09:00")
    assert taken.returncode == 0, taken.stderr
    assert "整改通审计锚点 2026-11-24" in taken.stdout and "1 个问题、3 条事件" in taken.stdout
    printed = zhenggai(db_url, tmp_path, "audit", "anchor", "--date", "2026-11-24")
    assert printed.stdout == taken.stdout
    absent = zhenggai(db_url, tmp_path, "audit", "anchor", "--date", "2026-11-23")
    assert absent.returncode == 2 and "2026-11-23 没有审计锚点" in absent.stderr

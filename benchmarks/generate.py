"""Build a province-year to measure against: 10 districts × 15 towns × 15 villages, people, campaigns and
N tickets (default 1,000,000) over a year in every state, with their hash-chained events, evidence rows,
deadline history, reminders, 约谈 and outbox history (issue 15).

    .venv/bin/python benchmarks/generate.py --db-url sqlite:////work/benchdata/p100k.db --tickets 100000
    .venv/bin/python benchmarks/generate.py --db-url postgresql+psycopg://postgres@127.0.0.1:5432/zg_p1m

The database is dropped and re-created, migrated by Alembic (upgrade head), the reference data (calendar,
约谈 policies, checklists) loaded by the services, then everything else bulk-loaded (benchmarks/bulk_load.py:
executemany on SQLite, COPY on PostgreSQL). The append-only triggers refuse UPDATE and DELETE only, so the
load inserts under them. Every ticket's events are chained exactly as ``workflow/tickets/events.py`` does
(``zhenggai audit verify`` passes). The same ``--seed`` gives the same rows.

What is true of the data (run.py relies on it):
* ``--now`` (default 2026-12-01T09:00+08:00) is "today"; tickets were found in the 365 days before it.
* Exactly ``--due`` open tickets (default 10,000, at most a tenth of the total) have their deadline
  between 5 days before and 3 days after now: those are what the sweep at ``now`` has to handle. Every
  other open ticket is due more than 14 days after now, so the sweep's work does not grow with the total.
* Every person with a login has the password ``PASSWORD`` below. Logins: ``admin``, ``office`` (the
  province office, sees everything), ``office01``…``office10`` (district offices), ``inspector01``…
  ``inspector10``, ``leader01``…, and one operator per town ``op0101``…``op1015`` (district, town).
* Evidence rows name files that are not on disk (the store is not filled): pages list them, downloads 404.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bulk_load import writer_for
from benchmarks.ledger_pages import fresh_database
from workflow.audit.chain import GENESIS, canonical
from workflow.clock import LOCAL_TZ

PASSWORD = "Bench-2026-zhenggai"
DEFAULT_NOW = datetime(2026, 12, 1, 9, 0, tzinfo=LOCAL_TZ)
DISTRICTS, TOWNS, VILLAGES = 10, 15, 15
CHUNK = 20_000
DEPARTMENTS = ["农业农村局", "水务局", "住建局", "教育局", "卫健委", "民政局", "人社局", "交通运输局", "生态环境局",
               "财政局"]
TITLES = ["村道两侧垃圾堆放未清理", "监测对象帮扶计划未按时制定", "村务公开栏内容未更新", "危房改造资料不全",
          "饮水安全设施维护记录缺失", "小额信贷逾期台账未建立", "产业帮扶项目进度滞后", "厕所改造后无人管护",
          "驻村工作队考勤记录不全", "防返贫监测信息录入不及时", "易地搬迁安置点配套设施未完善",
          "农村人居环境整治不到位"]
SOURCES = ["inspection", "covert", "audit", "tour", "media", "self_check", "public"]
SEVERITIES = ["general"] * 7 + ["serious"] * 2 + ["major"]
SIDE_TRIGGERS = {"file", "attach_evidence", "deadline_set"}  # events that are not moves (no version bump)
RULE = {"kind": "working_days", "days": 15, "label": "15个工作日"}
RULE_JSON = json.dumps(RULE, ensure_ascii=False)

TICKET_COLUMNS = (
    "id", "number", "title", "description", "campaign_id", "checklist_item_id", "owner_unit_id", "place_id",
    "lead_unit_id", "responsible_person_id", "source", "severity", "found_at", "found_by_id", "assigned_at",
    "accept_due_at", "due_at", "original_due_at", "deadline_rule", "light", "state", "awaiting_verification",
    "submitted_by_id", "submitted_at", "round", "rework_count", "return_count", "plan", "verified_at", "resolution",
    "on_the_spot", "closed_at", "state_changed_at", "created_at", "version")
EVENT_COLUMNS = ("id", "ticket_id", "at", "actor_id", "trigger", "from_state", "to_state", "comment", "payload",
                 "seq", "prev_hash", "hash")
EVIDENCE_COLUMNS = ("id", "ticket_id", "event_id", "stage", "round", "sha256", "filename", "content_type", "size",
                    "uploaded_by_id", "uploaded_at")
DEADLINE_COLUMNS = ("id", "ticket_id", "due_at", "rule", "rule_label", "counted_from", "reason", "set_at",
                    "set_by_id")
REMINDER_COLUMNS = ("id", "dedupe_key", "ticket_id", "due_at", "slot_offset", "slot_on", "urgency",
                    "working_days_left", "created_at")
OUTBOX_COLUMNS = ("id", "dedupe_key", "kind", "ticket_id", "unit_id", "payload", "status", "created_at",
                  "available_at", "routed_at")
INTERVIEW_COLUMNS = ("id", "episode_key", "policy_id", "ticket_id", "unit_id", "year", "due_at", "reason",
                     "conducted_by", "planned_on", "waiting_reason", "status", "held_on", "minutes", "cancel_reason",
                     "created_at", "updated_at", "version")


def naive(at: datetime) -> datetime:
    return at.astimezone(UTC).replace(tzinfo=None)


def end_of_local_day(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 23, 59, 59, tzinfo=LOCAL_TZ).astimezone(UTC)


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)


# --- phase 1: schema: ledger_pages.fresh_database (drop, create, alembic upgrade head) ---------------------



# --- phase 2: reference data through the services ---------------------------------------------------------

@dataclass
class Reference:
    checklist_items: list[int]
    policy_id: int
    password_hash: str
    next_ids: dict[str, int]


def load_reference(url: str, now: datetime) -> Reference:
    from workflow.accounts.passwords import hash_password
    from workflow.checklists.loader import load_checklist_dir
    from workflow.checklists.models import ChecklistItem
    from workflow.db import make_engine, make_sessionmaker, transaction
    from workflow.escalation.models import EscalationPolicy
    from workflow.reference_data import ensure_reference_data
    from workflow.seeddata import CHECKLIST_DIR

    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    with transaction(sessions) as s:
        ensure_reference_data(s, now=now, years=[now.year - 1, now.year, now.year + 1])
        load_checklist_dir(s, CHECKLIST_DIR)
    with sessions() as s:
        items = list(s.scalars(select(ChecklistItem.id).order_by(ChecklistItem.id)))
        policy = s.scalar(select(EscalationPolicy.id).order_by(EscalationPolicy.id).limit(1))
        from workflow.models import Base

        next_ids = {}
        for table in ("org_unit", "person", "person_role", "person_post", "campaign", "campaign_scope"):
            next_ids[table] = (s.scalar(select(func.max(Base.metadata.tables[table].c.id))) or 0) + 1
    engine.dispose()
    return Reference(items, policy, hash_password(PASSWORD), next_ids)


# --- phase 3: the province --------------------------------------------------------------------------------

@dataclass
class Town:
    id: int
    district: int  # index
    code: str
    villages: list[int] = field(default_factory=list)
    operator_id: int = 0


@dataclass
class Province:
    root_id: int = 0
    district_ids: list[int] = field(default_factory=list)
    district_codes: list[str] = field(default_factory=list)
    towns: list[Town] = field(default_factory=list)
    offices: list[int] = field(default_factory=list)  # per district
    inspectors: list[int] = field(default_factory=list)
    province_office: int = 0
    campaigns: list[list[int]] = field(default_factory=list)  # per district


def build_province(writer, ref: Reference, now: datetime) -> Province:
    p = Province()
    units, people, roles, posts = [], [], [], []
    uid, pid, rid, sid = (ref.next_ids[t] for t in ("org_unit", "person", "person_role", "person_post"))

    def unit(name, kind, parent_path, code=None, parent_id=None, serves=None, lat=None, lon=None):
        nonlocal uid
        me = uid
        uid += 1
        path = f"{parent_path}{me}/"
        units.append((me, name, kind, code, parent_id, serves, path, False, True, False, False, lat, lon))
        return me, path

    def person(name, unit_id, post=None, username=None, role_list=()):
        nonlocal pid, rid, sid
        me = pid
        pid += 1
        people.append((me, name, f"139{me:08d}", unit_id, post, username,
                       ref.password_hash if username else None, True, 0, False))
        for role in role_list:
            roles.append((rid, me, role))
            rid += 1
        if post:
            posts.append((sid, me, post))
            sid += 1
        return me

    p.root_id, root_path = unit("示范省乡村振兴局", "district", "/", code="SF")
    person("系统管理员", p.root_id, "office_staff", "admin", ("admin", "office"))
    p.province_office = person("省督导办", p.root_id, "office_staff", "office", ("office",))
    for name in DEPARTMENTS:
        unit(f"省{name}", "department", root_path, parent_id=p.root_id)
    for d in range(DISTRICTS):
        code = "Q" + chr(ord("A") + d)
        did, dpath = unit(f"第{d + 1}区", "district", root_path, code=code, parent_id=p.root_id)
        p.district_ids.append(did)
        p.district_codes.append(code)
        p.offices.append(person(f"第{d + 1}区督导办", did, "office_staff", f"office{d + 1:02d}", ("office",)))
        p.inspectors.append(person(f"第{d + 1}区督查员", did, "inspector", f"inspector{d + 1:02d}", ("inspector",)))
        person(f"第{d + 1}区分管领导", did, "district_leader_in_charge", f"leader{d + 1:02d}", ("leader",))
        backer, _ = unit(f"第{d + 1}区{DEPARTMENTS[d]}", "department", dpath, parent_id=did)
        for t in range(TOWNS):
            tid, tpath = unit(f"第{d + 1}区第{t + 1}镇", "town", dpath, parent_id=did)
            town = Town(tid, d, code)
            town.operator_id = person(f"第{d + 1}区第{t + 1}镇专干", tid, "operator", f"op{d + 1:02d}{t + 1:02d}",
                                      ("operator",))
            person(f"第{d + 1}区第{t + 1}镇分管副书记", tid, "town_deputy_secretary_rr")
            for v in range(VILLAGES):
                vid, _ = unit(f"第{d + 1}区第{t + 1}镇{v + 1}村", "village", tpath, parent_id=tid,
                              lat=19.0 + d * 0.1 + v * 0.001, lon=110.0 + t * 0.1)
                town.villages.append(vid)
                person(f"{v + 1}村书记（{d + 1}-{t + 1}）", vid, "village_party_secretary")
                team, _ = unit(f"{v + 1}村驻村工作队（{d + 1}-{t + 1}）", "work_team", tpath, parent_id=tid, serves=vid)
                person(f"{v + 1}村第一书记（{d + 1}-{t + 1}）", team, "first_secretary")
                if v == 0:
                    unit(f"{backer}号后盾单位（{d + 1}-{t + 1}）", "backer_unit", dpath, parent_id=did, serves=vid)
            p.towns.append(town)
    writer.write("org_unit", ("id", "name", "kind", "code", "parent_id", "serves_unit_id", "path", "is_demo",
                              "is_active", "poverty_alleviated", "relocation_site", "latitude", "longitude"), units)
    writer.write("person", ("id", "name", "mobile", "org_unit_id", "post", "username", "password_hash", "is_active",
                            "auth_epoch", "must_change_password"), people)
    writer.write("person_role", ("id", "person_id", "role"), roles)
    writer.write("person_post", ("id", "person_id", "post"), posts)
    campaigns, scopes = [], []
    cid, scid = ref.next_ids["campaign"], ref.next_ids["campaign_scope"]
    start = (now - timedelta(days=365)).date()
    for d, did in enumerate(p.district_ids):
        mine = []
        for q in range(4):
            begins = start + timedelta(days=91 * q)
            campaigns.append((cid, f"第{d + 1}区{begins.year}年第{q + 1}轮督查", "open_check", did, begins,
                              begins + timedelta(days=30), None, RULE_JSON))
            scopes.append((scid, cid, did))
            mine.append(cid)
            cid += 1
            scid += 1
        p.campaigns.append(mine)
    writer.write("campaign", ("id", "name", "kind", "owner_unit_id", "starts_on", "ends_on", "description",
                              "deadline_rule"), campaigns)
    writer.write("campaign_scope", ("id", "campaign_id", "org_unit_id"), scopes)
    writer.commit()
    return p


# --- phase 4: tickets and their history -------------------------------------------------------------------

class Ids:
    def __init__(self):
        self.event = self.evidence = self.deadline = self.reminder = self.outbox = self.interview = 0

    def next(self, name: str) -> int:
        value = getattr(self, name) + 1
        setattr(self, name, value)
        return value


class Chunk:
    def __init__(self):
        self.tickets, self.events, self.evidence, self.deadlines = [], [], [], []
        self.reminders, self.outbox, self.interviews = [], [], []

    def write(self, writer) -> None:
        writer.write("ticket", TICKET_COLUMNS, self.tickets)
        writer.write("ticket_event", EVENT_COLUMNS, self.events)
        writer.write("evidence", EVIDENCE_COLUMNS, self.evidence)
        writer.write("ticket_deadline", DEADLINE_COLUMNS, self.deadlines)
        writer.write("reminder", REMINDER_COLUMNS, self.reminders)
        writer.write("outbox_message", OUTBOX_COLUMNS, self.outbox)
        writer.write("interview", INTERVIEW_COLUMNS, self.interviews)
        writer.commit()


class TicketMaker:
    def __init__(self, province: Province, ref: Reference, *, now: datetime, total: int, due: int, seed: int):
        self.p, self.ref, self.now, self.total, self.due = province, ref, now, total, due
        self.rng = random.Random(seed)
        self.ids = Ids()
        self.counters: dict[tuple[str, int], int] = {}
        self.due_every = max(1, total // due) if due else 0
        self.due_made = 0

    def event(self, chunk: Chunk, head: list, ticket_id: int, at: datetime, actor: int | None, trigger: str,
              from_state, to_state, comment: str, payload: dict) -> int:
        seq, prev = head[0] + 1, head[1]
        digest = hashlib.sha256(canonical(
            ticket_id=ticket_id, seq=seq, at=at, actor_id=actor, trigger=trigger, from_state=from_state,
            to_state=to_state, comment=comment, payload=payload, prev_hash=prev, from_database=True)).hexdigest()
        event_id = self.ids.next("event")
        chunk.events.append((event_id, ticket_id, naive(at), actor, trigger, from_state, to_state, comment,
                             dumps(payload), seq, prev, digest))
        head[0], head[1] = seq, digest
        return event_id

    @staticmethod
    def files(ticket_id: int, stage: str, round_: int, n: int = 2) -> list[str]:
        return [f"{stage}-{ticket_id}-{round_}-{k + 1}.jpg" for k in range(n)]

    def evidence(self, chunk: Chunk, ticket_id: int, event_id: int, stage: str, round_: int, by: int,
                 at: datetime, names: list[str]) -> None:
        for k, name in enumerate(names):
            sha = hashlib.sha256(name.encode()).hexdigest()
            chunk.evidence.append((self.ids.next("evidence"), ticket_id, event_id, stage, round_, sha, name,
                                   "image/jpeg", 150_000 + (ticket_id * 7919 + k) % 900_000, by, naive(at)))

    def make(self, i: int, chunk: Chunk) -> None:
        rng, p, now = self.rng, self.p, self.now
        ticket_id = i + 1
        town = p.towns[rng.randrange(len(p.towns))]
        village = rng.choice(town.villages)
        d = town.district
        office, inspector, operator = p.offices[d], p.inspectors[d], town.operator_id
        found = now - timedelta(seconds=rng.randrange(3600, 365 * 86400))
        year = found.astimezone(LOCAL_TZ).year
        key = (town.code, year)
        self.counters[key] = self.counters.get(key, 0) + 1
        number = f"{town.code}-{year}-{self.counters[key]:04d}"
        title = f"{rng.choice(TITLES)}（{village}）"
        campaign = rng.choice(p.campaigns[d]) if rng.random() < 0.6 else None
        item = rng.choice(self.ref.checklist_items) if self.ref.checklist_items and rng.random() < 0.7 else None
        # The story's times; a step that would fall after now has not happened yet.
        slow = rng.lognormvariate(0, 0.8)
        assigned = found + timedelta(hours=rng.uniform(1, 48) * slow)
        accepted = assigned + timedelta(hours=rng.uniform(1, 40) * slow)
        submitted = accepted + timedelta(days=rng.uniform(3, 25) * slow)
        rejected = rng.random() < 0.08
        resubmitted = submitted + timedelta(days=rng.uniform(2, 8)) if rejected else submitted
        verified = resubmitted + timedelta(days=rng.uniform(0.5, 5))
        closed = verified + timedelta(days=rng.uniform(0.2, 3))
        stall = rng.random()  # some tickets wait at a step: 待交办, 待验收, 已验收待销号
        if stall < 0.02:
            assigned = accepted = submitted = resubmitted = verified = closed = now + timedelta(days=1)
        elif stall < 0.05:
            verified = closed = now + timedelta(days=1)
        elif stall < 0.08:
            closed = now + timedelta(days=1)
        assign_day = assigned.astimezone(LOCAL_TZ).date()
        due_at = end_of_local_day(assign_day + timedelta(days=21))
        is_due = self.due_every and i % self.due_every == 0 and self.due_made < self.due
        if is_due:  # open, deadline within [now - 5 d, now + 3 d]: the sweep's work at now
            self.due_made += 1
            due_at = end_of_local_day((now + timedelta(days=rng.randint(-5, 3))).astimezone(LOCAL_TZ).date())
            found = min(found, due_at - timedelta(days=25))
            assigned = found + timedelta(hours=2)
            accepted = assigned + timedelta(hours=5)
            submitted = verified = closed = resubmitted = now + timedelta(days=1)
            rejected = False
        head = [0, GENESIS]
        first_event = len(chunk.events)
        ev = self.event
        t = ticket_id
        state, light, awaiting, round_, sub_by, sub_at, ver_at, res, closed_at = (
            "found", None, False, 1, None, None, None, None, None)
        changed = found
        ev(chunk, head, t, found, inspector, "file", None, "found", "",
           {"lead_unit_id": village, "number": number, "due_at": None, "deadline_rule": RULE})
        if rng.random() < 0.8:
            names = self.files(t, "found", 1)
            e = ev(chunk, head, t, found, inspector, "attach_evidence", "found", "found", "",
                   {"lead_unit_id": village, "stage": "found", "files": names, "round": 1})
            self.evidence(chunk, t, e, "found", 1, inspector, found, names)
        assigned_at = accept_due = None
        if assigned < now:
            state, changed, assigned_at = "assigned", assigned, assigned
            accept_due = assigned + timedelta(days=2)
            e = ev(chunk, head, t, assigned, office, "assign", "found", "assigned", "",
                   {"lead_unit_id": village, "assigned_at": assigned.isoformat()})
            chunk.deadlines.append((self.ids.next("deadline"), t, naive(due_at), RULE_JSON, RULE["label"], assign_day,
                                    "assigned", naive(assigned), office))
            ev(chunk, head, t, assigned, office, "deadline_set", "assigned", "assigned", "",
               {"lead_unit_id": village, "due_at": due_at.isoformat(), "rule": RULE,
                "counted_from": assign_day.isoformat()})
            chunk.outbox.append((self.ids.next("outbox"), f"assignment:{e}", "assignment", t, village,
                                 dumps({"number": number, "title": title, "due_on": str(due_at.astimezone(
                                     LOCAL_TZ).date())}), "routed", naive(assigned), naive(assigned),
                                 naive(assigned + timedelta(seconds=30))))
        if accepted < now:
            state, changed, light = "rectifying", accepted, "green"
            ev(chunk, head, t, accepted, operator, "accept", "assigned", "rectifying", "",
               {"lead_unit_id": village, "plan": "立即组织整改，限期完成。"})
        for attempt, sub in enumerate([submitted] + ([resubmitted] if rejected else [])):
            if sub >= now:
                break
            names = self.files(t, "rectified", round_)
            e = ev(chunk, head, t, sub - timedelta(minutes=5), operator, "attach_evidence", "rectifying", "rectifying",
                   "", {"lead_unit_id": village, "stage": "rectified", "files": names, "round": round_})
            self.evidence(chunk, t, e, "rectified", round_, operator, sub - timedelta(minutes=5), names)
            ev(chunk, head, t, sub, operator, "submit", "rectifying", "rectifying", "已按要求完成整改。",
               {"lead_unit_id": village, "awaiting_verification": True, "submitted_by_id": operator,
                "submitted_at": sub.isoformat()})
            awaiting, sub_by, sub_at, changed = True, operator, sub, sub
            if attempt == 0 and rejected:
                at = sub + timedelta(days=1)
                if at >= now:
                    break
                e = ev(chunk, head, t, at, inspector, "reject", "rectifying", "rectifying", "整改不彻底，请返工。",
                       {"lead_unit_id": village, "awaiting_verification": False, "round": round_ + 1,
                        "rework_count": 1})
                chunk.outbox.append((self.ids.next("outbox"), f"rejection:{e}", "rejection", t, village,
                                     dumps({"number": number, "title": title, "reason": "整改不彻底，请返工。",
                                            "round": round_ + 1}), "routed", naive(at), naive(at), naive(at)))
                round_, awaiting, changed = round_ + 1, False, at
        if awaiting and verified < now:
            state, awaiting, ver_at, changed, light = "verified", False, verified, verified, None
            ev(chunk, head, t, verified, inspector, "verify", "rectifying", "verified", "现场核查，整改到位。",
               {"lead_unit_id": village, "awaiting_verification": False, "verified_at": verified.isoformat()})
        if state == "verified" and closed < now:
            state, res, closed_at, changed = "closed", "rectified", closed, closed
            ev(chunk, head, t, closed, office, "close", "verified", "closed", "",
               {"lead_unit_id": village, "resolution": "rectified", "closed_at": closed.isoformat()})
        if not is_due and state in ("assigned", "rectifying") and due_at <= now + timedelta(days=14):
            # Open and not one of the due set: its deadline was extended past the sweep's horizon.
            due_at = end_of_local_day((now + timedelta(days=rng.randint(15, 200))).astimezone(LOCAL_TZ).date())
            chunk.deadlines.append((self.ids.next("deadline"), t, naive(due_at), RULE_JSON, "延期获批", None,
                                    "extension", naive(changed), office))
        # History of reminders and 约谈 for tickets that ran close to (or past) their deadline.
        if assigned_at is not None and rng.random() < 0.3:
            slot_on = (due_at - timedelta(days=3)).astimezone(LOCAL_TZ).date()
            at = end_of_local_day(slot_on) - timedelta(hours=14)
            if at < now and not is_due:
                rid = self.ids.next("reminder")
                chunk.reminders.append((rid, f"ticket:{t}:{due_at:%Y%m%dT%H%M%S}:+3", t, naive(due_at), 3, slot_on,
                                        "due_soon", 3, naive(at)))
                chunk.outbox.append((self.ids.next("outbox"), f"reminder:{rid}", "reminder", t, village,
                                     dumps({"number": number, "title": title, "urgency": "due_soon"}), "routed",
                                     naive(at), naive(at), naive(at)))
        if state == "closed" and rng.random() < 0.01:
            held = (closed - timedelta(days=2)).astimezone(LOCAL_TZ).date()
            chunk.interviews.append((self.ids.next("interview"), f"bench:{t}", self.ref.policy_id, t, town.id,
                                     held.year, naive(due_at), "整改逾期", "区纪委监委", held, "", "held", held,
                                     "已约谈，责令限期整改。", "", naive(changed), naive(changed), 1))
        chunk.tickets.append((
            t, number, title, "督查组现场检查发现。", campaign, item, p.district_ids[d], village, village, None,
            rng.choice(SOURCES), rng.choice(SEVERITIES), naive(found), inspector,
            naive(assigned_at) if assigned_at else None, naive(accept_due) if accept_due else None,
            naive(due_at) if assigned_at else None, naive(due_at) if assigned_at else None, RULE_JSON, light, state,
            awaiting, sub_by, naive(sub_at) if sub_at else None, round_, 1 if round_ > 1 else 0, 0,
            "立即组织整改，限期完成。" if light or state in ("verified", "closed") else "",
            naive(ver_at) if ver_at else None, res, False, naive(closed_at) if closed_at else None, naive(changed),
            naive(found), 1 + sum(1 for row in chunk.events[first_event:] if row[4] not in SIDE_TRIGGERS)))

    def counter_rows(self) -> list[tuple]:
        return [(n + 1, prefix, year, last) for n, ((prefix, year), last) in enumerate(sorted(self.counters.items()))]


def database_size(url: str) -> int:
    if url.startswith("sqlite"):
        path = make_url(url).database
        return sum(os.path.getsize(path + s) for s in ("", "-wal") if os.path.exists(path + s))
    engine = create_engine(url)
    with engine.connect() as conn:
        size = conn.scalar(text("SELECT pg_database_size(current_database())"))
    engine.dispose()
    return int(size)


def generate(url: str, *, tickets: int, seed: int, now: datetime = DEFAULT_NOW, due: int | None = None,
             quiet: bool = False) -> dict:
    say = (lambda *_: None) if quiet else (lambda msg: print(msg, flush=True))
    due = min(10_000, tickets // 10) if due is None else due
    phases: dict[str, float] = {}
    began = time.perf_counter()
    fresh_database(url)
    phases["schema (alembic upgrade head)"] = time.perf_counter() - began
    mark = time.perf_counter()
    ref = load_reference(url, now)
    phases["reference data (services)"] = time.perf_counter() - mark
    mark = time.perf_counter()
    writer = writer_for(url)
    province = build_province(writer, ref, now)
    phases["province: units, people, campaigns"] = time.perf_counter() - mark
    mark = time.perf_counter()
    maker = TicketMaker(province, ref, now=now, total=tickets, due=due, seed=seed)
    chunk = Chunk()
    for i in range(tickets):
        maker.make(i, chunk)
        if len(chunk.tickets) == CHUNK:
            chunk.write(writer)
            chunk = Chunk()
            say(f"  {i + 1:>9,} tickets, {maker.ids.event:>10,} events  {time.perf_counter() - mark:7.1f} s")
    chunk.write(writer)
    writer.write("ticket_number_counter", ("id", "prefix", "year", "last"), maker.counter_rows())
    writer.commit()
    phases["tickets and history (bulk load)"] = time.perf_counter() - mark
    mark = time.perf_counter()
    writer.finish()
    phases["finish (sequences, ANALYZE)"] = time.perf_counter() - mark
    total = time.perf_counter() - began
    counts = {"tickets": tickets, "events": maker.ids.event, "evidence": maker.ids.evidence,
              "deadlines": maker.ids.deadline, "reminders": maker.ids.reminder, "outbox": maker.ids.outbox,
              "interviews": maker.ids.interview, "due": maker.due_made}
    size = database_size(url)
    say("| phase | seconds |\n|---|---:|")
    for name, seconds in phases.items():
        say(f"| {name} | {seconds:.1f} |")
    say(f"| **total** | **{total:.1f}** |")
    say("rows: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    say(f"database size: {size / 1e6:,.0f} MB ({url.split('://')[0]})")
    return {"phases": phases, "total": total, "counts": counts, "size": size, "now": now}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db-url", default="sqlite:////work/benchdata/province.db")
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--due", type=int, default=None, help="open tickets due around now (default 10,000)")
    parser.add_argument("--now", default=None, help="ISO time taken as now (default 2026-12-01T09:00+08:00)")
    args = parser.parse_args()
    now = datetime.fromisoformat(args.now) if args.now else DEFAULT_NOW
    if now.tzinfo is None:
        now = now.replace(tzinfo=LOCAL_TZ)
    generate(args.db_url, tickets=args.tickets, seed=args.seed, now=now, due=args.due)


if __name__ == "__main__":
    main()

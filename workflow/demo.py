"""Demo data for ``zhenggai seed-demo``: Qionghai's real towns (seed 000), generated demo villages,
the seeds' checklists, one account per role and a handful of tickets in every state.

Village names are invented (the seeds name none) and marked ``is_demo``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.accounts.service import actor_of, create_person
from workflow.calendar.reader import WorkingCalendar
from workflow.campaigns.schemas import CampaignCreate
from workflow.campaigns.service import create_campaign
from workflow.checklists.loader import load_checklist_dir
from workflow.checklists.models import ChecklistItem
from workflow.clock import LOCAL_TZ
from workflow.deadlines.policies import DeadlinePolicy
from workflow.orgs.models import OrgUnit
from workflow.orgs.service import create_unit
from workflow.reference_data import ensure_reference_data
from workflow.seeddata import CHECKLIST_DIR, ORG_EXAMPLES
from workflow.tickets.evidence import Upload, attach_evidence
from workflow.tickets.filing import file_ticket
from workflow.tickets.moves import MoveInput, apply_trigger
from workflow.tickets.schemas import TicketCreate
from workflow.tickets.storage import EvidenceStore

DEMO_PASSWORD = "demo1234"
VILLAGE_SUFFIXES = ["东风村", "新和村", "红星村"]
# Approximate centres of Qionghai's towns (WGS-84, demo only): the demo villages sit 1–3 km around them, so
# the photo-place check (issue 16) works out of the box.
TOWN_CENTRES = {
    "嘉积镇": (19.236, 110.466), "万泉镇": (19.240, 110.395), "石壁镇": (19.167, 110.287),
    "中原镇": (19.146, 110.471), "博鳌镇": (19.159, 110.582), "阳江镇": (19.090, 110.356),
    "龙江镇": (19.142, 110.352), "潭门镇": (19.242, 110.629), "塔洋镇": (19.290, 110.503),
    "长坡镇": (19.333, 110.585), "大路镇": (19.380, 110.480), "会山镇": (19.021, 110.314),
}
VILLAGE_OFFSETS = [(0.012, 0.008), (-0.010, 0.015), (0.006, -0.018)]  # degrees; one per VILLAGE_SUFFIXES
# A 1×1 PNG, enough to stand for a photo in the demo.
PIXEL_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005"
    "0001ff89993d1d0000000049454e44ae426082"
)


@dataclass
class DemoResult:
    logins: list[tuple[str, str, str]] = field(default_factory=list)
    tickets: int = 0
    already_seeded: bool = False


def seed_demo(session: Session, *, store: EvidenceStore, now: datetime) -> DemoResult:
    result = DemoResult()
    ensure_reference_data(session, now=now)  # the calendar and 约谈 policies, so deadlines work at once
    if session.scalar(select(OrgUnit).where(OrgUnit.code == "QH")) is not None:
        result.already_seeded = True
        return result
    facts = json.loads(ORG_EXAMPLES.read_text(encoding="utf-8"))["qionghai"]
    city = create_unit(session, name=facts["name"], kind="district", code="QH")
    towns = {name: create_unit(session, name=name, kind="town", parent=city) for name in facts["towns"]}
    villages = {
        (t, s): create_unit(session, name=f"{t[:2]}{s}", kind="village", parent=town, is_demo=True)
        for t, town in towns.items() for s in VILLAGE_SUFFIXES
    }
    _place_villages(towns, villages)
    education = create_unit(session, name="琼海市教育局", kind="department", parent=city)
    backer = create_unit(session, name="琼海市农业农村局", kind="backer_unit", parent=city)
    longjiang_1 = villages[("龙江镇", VILLAGE_SUFFIXES[0])]
    team = create_unit(session, name="龙江东风村驻村工作队", kind="work_team", parent=backer, serves=longjiang_1,
                       is_demo=True)
    load_checklist_dir(session, CHECKLIST_DIR)
    people = _people(session, result, city, towns, longjiang_1, education, backer, team)
    _tickets(session, result, people, towns, villages, education, store, now)
    return result


def _place_villages(towns: dict, villages: dict) -> None:
    for (town, suffix), village in villages.items():
        lat, lon = TOWN_CENTRES.get(town, (19.2, 110.4))
        dlat, dlon = VILLAGE_OFFSETS[VILLAGE_SUFFIXES.index(suffix)]
        village.latitude, village.longitude = round(lat + dlat, 4), round(lon + dlon, 4)


def _people(session, result, city, towns, village, education, backer, team) -> dict:
    specs = [
        ("admin", "系统管理员", city, ["admin"], "office_staff", "13800000000"),
        ("office", "王主任", city, ["office"], "office_staff", "13800000001"),
        ("inspector", "李督查", city, ["inspector"], "inspector", "13800000002"),
        ("inspector2", "陈督查", city, ["inspector"], "inspector", "13800000003"),
        ("leader", "赵副市长", city, ["leader"], "district_leader_in_charge", "13800000004"),
        ("town", "龙江镇专干", towns["龙江镇"], ["operator"], "operator", "13800000005"),
        ("village", "东风村专干", village, ["operator"], "operator", "13800000006"),
        ("boao", "博鳌镇专干", towns["博鳌镇"], ["operator"], "operator", "13800000007"),
        ("edu", "教育局专干", education, ["operator"], "operator", "13800000008"),
    ]
    people = {}
    for username, name, unit, roles, post, mobile in specs:
        people[username] = create_person(session, name=name, unit=unit, roles=roles, post=post, mobile=mobile,
                                         username=username, password=DEMO_PASSWORD)
        result.logins.append((username, DEMO_PASSWORD, f"{name}（{unit.name}）"))
    # Posts named by seed 002's 约谈 rule and its consequences, without logins.
    for name, unit, post in [
        ("符书记", village, "village_party_secretary"),
        ("吴委员", towns["龙江镇"], "town_liaison_leader"),
        ("林副书记", towns["龙江镇"], "town_deputy_secretary_rr"),
        ("黄队长", team, "team_leader"),
        ("郑局长", backer, "backer_unit_leader"),
        ("王队员", team, "team_member"),  # seed 002: 驻村工作队员 lose award eligibility on a second strike
        ("钱副局长", education, "unit_leader_in_charge"),  # a department's 约谈 names its own leaders
        ("孙局长", education, "unit_head"),
    ]:
        create_person(session, name=name, unit=unit, post=post, mobile=None)
    return people


def _tickets(session, result, people, towns, villages, education, store, now) -> None:
    office = actor_of(session, people["office"])
    inspector = actor_of(session, people["inspector"])
    village_op = actor_of(session, people["village"])
    campaign = create_campaign(session, actor=office, data=CampaignCreate(
        name="2022年琼海市乡村振兴“大比拼”督查", kind="contest", starts_on=date(2022, 9, 13),
        ends_on=date(2022, 9, 20), checklist_id="qionghai-2022-five-comparisons",
        scope_unit_ids=[t.id for t in towns.values()],
    ))
    items = list(session.scalars(select(ChecklistItem).where(
        ChecklistItem.checklist_id == "qionghai-2022-five-comparisons").order_by(ChecklistItem.position)))
    village = villages[("龙江镇", VILLAGE_SUFFIXES[0])]
    problems = [
        ("村内主干道两侧垃圾堆放未清理", "found"),
        ("防返贫监测对象帮扶计划未按时制定", "assigned"),
        ("村务公开栏内容未更新", "rectifying"),
        ("脱贫户危房改造资料不全", "awaiting"),
        ("饮水安全设施维护记录缺失", "verified"),
        ("小额信贷逾期台账未建立", "closed"),
    ]
    start = now - timedelta(days=20)
    for index, (title, target) in enumerate(problems):
        at = start + timedelta(days=index)
        ticket = file_ticket(session, actor=inspector, now=at, data=TicketCreate(
            title=title, description=f"{village.name}：{title}。", place_id=village.id, lead_unit_id=village.id,
            co_unit_ids=[towns["龙江镇"].id], campaign_id=campaign.id,
            checklist_item_id=items[index % len(items)].id if items else None, source="inspection",
            responsible_person_id=people["village"].id, due_on=(at + timedelta(days=30)).date(),
        ))
        _drive(session, ticket, target, office, inspector, village_op, store, at)
        result.tickets += 1
    other = file_ticket(session, actor=inspector, now=start, data=TicketCreate(
        title="义务教育控辍保学台账不完整", place_id=towns["博鳌镇"].id, lead_unit_id=education.id,
        source="covert", severity="serious", due_on=(start + timedelta(days=10)).date(),
    ))
    apply_trigger(session, actor=inspector, ticket_id=other.id, data=MoveInput("assign", other.version), now=start)
    result.tickets += 1
    _deadline_examples(session, result, inspector, villages, now)


def _deadline_examples(session, result, inspector, villages, now) -> None:
    """One ticket on working days (when the calendar covers the time ahead) and one on a timetable."""
    village = villages[("龙江镇", VILLAGE_SUFFIXES[1])]
    year = now.astimezone(LOCAL_TZ).year
    covered = WorkingCalendar(session).covers(year) and WorkingCalendar(session).covers(year + 1)
    day = now.astimezone(LOCAL_TZ).date()
    for title, policy in [
        ("监测对象识别纳入超时", DeadlinePolicy(kind="working_days", days=10) if covered
         else DeadlinePolicy(kind="calendar_days", days=15)),
        ("村内道路硬化未完成", DeadlinePolicy(kind="timetable", milestones=[
            {"title": "完成排查摸底", "due_on": day + timedelta(days=14)},
            {"title": "完成道路硬化", "due_on": day + timedelta(days=120)}])),
    ]:
        ticket = file_ticket(session, actor=inspector, now=now, data=TicketCreate(
            title=title, place_id=village.id, lead_unit_id=village.id, source="inspection", deadline=policy))
        apply_trigger(session, actor=inspector, ticket_id=ticket.id, data=MoveInput("assign", ticket.version), now=now)
        result.tickets += 1


def _drive(session, ticket, target, office, inspector, village_op, store, at) -> None:
    order = ["assigned", "rectifying", "awaiting", "verified", "closed"]
    if target == "found":
        return
    steps = order[: order.index(target) + 1]

    def move(actor, trigger, **kw):
        apply_trigger(session, actor=actor, ticket_id=ticket.id, now=at,
                      data=MoveInput(trigger, ticket.version, **kw))

    move(inspector, "assign", comment="请限期整改")
    if "rectifying" in steps:
        move(village_op, "accept", plan="组织人员清理并建立长效保洁机制")
    if "awaiting" in steps:
        attach_evidence(session, actor=village_op, ticket_id=ticket.id, stage="rectified", comment="整改后照片",
                        uploads=[Upload("after.png", "image/png", PIXEL_PNG)], now=at, store=store)
        move(village_op, "submit", comment="已完成整改，附整改后照片")
    if "verified" in steps:
        move(inspector, "verify", comment="现场复核属实")
    if "closed" in steps:
        move(office, "close", comment="同意销号")


def demo_now() -> datetime:
    return datetime.now(UTC)

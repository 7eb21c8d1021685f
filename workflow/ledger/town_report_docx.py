"""A town's rectification report (整改报告, rule 4 and seed 001): every ticket of the town, grouped by
village as seed 002 asks (按村社区为单位由乡镇街道整理汇总), with its measures, what was done, the
evidence count and its dates, ending in the blocks the town's leaders sign and stamp.

The town must be visible to the actor (else 404, as for any record outside one's scope); the tickets
are those the ledger shows for ``unit_id=town`` plus the optional campaign or half-year.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.campaigns.service import get_campaign
from workflow.errors import NotFound
from workflow.ledger import official_docx as doc
from workflow.ledger.names import Names, local_day, state_label
from workflow.ledger.periods import Period
from workflow.orgs.models import OrgUnit
from workflow.orgs.scope import visible_units
from workflow.tickets.models import Evidence, Ticket, TicketEvent
from workflow.tickets.queries import OPEN_STATES, TicketFilters, filtered

TOWN_LEVEL = "乡镇本级"
HEADERS = ["序号", "问题编号", "问题", "整改措施及完成情况", "佐证材料（份）", "交办日期", "整改期限", "验收日期",
           "状态"]
WIDTHS = [10, 24, 44, 62, 14, 18, 18, 18, 17]  # 225 mm: A4 landscape inside the margins


@dataclass(frozen=True)
class ReportLine:
    number: str
    title: str
    done: str
    evidence: int
    assigned: str
    due: str
    verified: str
    state: str
    open: bool
    overdue: bool


def town_report_docx(session: Session, *, actor: Actor, town_id: int, now: datetime,
                     campaign_id: int | None = None, period: Period | None = None) -> bytes:
    town = session.scalar(visible_units(actor).where(OrgUnit.id == town_id, OrgUnit.kind == "town"))
    if town is None:
        raise NotFound("乡镇不存在或无权查看")
    scope = "督导发现问题"
    filters = TicketFilters(unit_id=town.id)
    if campaign_id is not None:
        scope = f"{get_campaign(session, actor, campaign_id).name}发现问题"
        filters.campaign_id = campaign_id
    elif period is not None:
        scope = f"{period.label}督导发现问题"
        filters.found_from, filters.found_before = period.start_at, period.end_at
    groups = _lines_by_village(session, actor, filters, now)
    return doc.to_bytes(_render(town, _district_name(session, town), scope, groups, now))


def _lines_by_village(session: Session, actor: Actor, filters: TicketFilters,
                      now: datetime) -> dict[str, list[ReportLine]]:
    tickets = list(session.scalars(filtered(actor, filters).order_by(Ticket.id)))
    ids = [t.id for t in tickets]
    done = dict(session.execute(
        select(TicketEvent.ticket_id, TicketEvent.comment)
        .where(TicketEvent.ticket_id.in_(ids), TicketEvent.trigger == "submit").order_by(TicketEvent.id)
    ).tuples().all())
    evidence = dict(session.execute(
        select(Evidence.ticket_id, func.count(Evidence.id)).where(Evidence.ticket_id.in_(ids))
        .group_by(Evidence.ticket_id)
    ).tuples().all())
    names = Names(session)
    groups: dict[str, list[ReportLine]] = defaultdict(list)
    for t in tickets:
        _, village = names.town_and_village(t.place_id)
        measures = f"措施：{t.plan}" if t.plan else "措施：尚未制定"
        result = f"完成情况：{done[t.id]}" if t.id in done else "完成情况：正在整改"
        is_open = t.state in OPEN_STATES
        groups[village or TOWN_LEVEL].append(ReportLine(
            t.number, t.title, f"{measures}\n{result}", evidence.get(t.id, 0), _day(t.assigned_at), _day(t.due_at),
            _day(t.verified_at), state_label(t.state, t.awaiting_verification), is_open,
            is_open and t.due_at is not None and t.due_at < now,
        ))
    return dict(sorted(groups.items(), key=lambda item: (item[0] == TOWN_LEVEL, item[0])))


def _render(town: OrgUnit, district: str, scope: str, groups: dict[str, list[ReportLine]], now: datetime):
    document = doc.new_document()
    doc.landscape(document)
    doc.title(document, f"{town.name}关于{scope}整改情况的报告")
    doc.addressee(document, f"{district}实施乡村振兴战略领导小组办公室：")
    lines = [line for group in groups.values() for line in group]
    still_open = [line for line in lines if line.open]
    overdue = [line for line in still_open if line.overdue]
    finished = len(lines) - len(still_open)
    doc.body(document, (
        f"按照要求，现将我镇（街道）{scope}整改情况报告如下：共收到问题{len(lines)}个，"
        f"已整改完成（验收或销号）{finished}个，正在整改{len(still_open)}个，其中逾期{len(overdue)}个。"
    ))
    doc.heading(document, "一、逐项整改情况")
    if not lines:
        doc.body(document, "本期无问题。")
    for index, (village, group) in enumerate(groups.items()):
        doc.subheading(document, f"（{doc_number(index + 1)}）{village}（{len(group)}个）")
        rows = [[i, g.number, g.title, g.done, g.evidence, g.assigned, g.due, g.verified, g.state]
                for i, g in enumerate(group, start=1)]
        doc.table(document, HEADERS, rows, WIDTHS)
    doc.heading(document, "二、下一步工作")
    if still_open:
        doc.body(document, (
            f"尚未完成的{len(still_open)}个问题（其中逾期{len(overdue)}个），我镇（街道）将明确责任人，"
            "倒排工期，确保按期整改到位，并及时报送整改材料申请验收销号。"
        ))
    else:
        doc.body(document, "所列问题已全部整改完成，我镇（街道）将巩固整改成效，防止问题反弹。")
    doc.signature(document, [f"{town.name}（盖章）", "主要负责人（签字）：　　　　　　",
                             "分管负责人（签字）：　　　　　　", doc.chinese_date(local_day(now))])
    return document


def doc_number(n: int) -> str:
    digits = "一二三四五六七八九"
    if n <= 9:
        return digits[n - 1]
    tens, ones = divmod(n, 10)
    return f"{digits[tens - 1] if tens > 1 else ''}十{digits[ones - 1] if ones else ''}"


def _day(value: datetime | None) -> str:
    day = local_day(value)
    return day.isoformat() if day else ""


def _district_name(session: Session, town: OrgUnit) -> str:
    ids = [int(x) for x in town.path.strip("/").split("/") if x]
    rows = session.execute(select(OrgUnit.name, OrgUnit.path).where(OrgUnit.id.in_(ids), OrgUnit.kind == "district"))
    found = sorted(rows, key=lambda r: len(r.path))
    return found[-1].name if found else ""

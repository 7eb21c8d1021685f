"""The ledger (整改台账) as .xlsx with the four lists of rule 5 (seed 002, 附件2): 问题清单, 措施清单,
责任清单 and 进度统计表 — for exactly the tickets the ledger page shows for the same filters.

Built for 100,000 tickets in bounded memory: openpyxl's write-only workbook streams rows to disk,
tickets are read in partitions (``yield_per``), and the three ticket sheets are filled in the same
pass. Each sheet has a frozen header, an auto-filter, widths chosen to fit A4 landscape one page
wide, and its header repeated on every printed page.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.ledger.campaign_sheets import write_campaign_results
from workflow.ledger.names import Names, local_day, state_label
from workflow.ledger.outcome_sheets import COUNTERS, ONGOING, write_counters, write_ongoing
from workflow.ledger.progress_sheet import write_progress
from workflow.ledger.ranking import RedBlackThresholds
from workflow.ledger.xlsx_sheets import finish_sheet, start_sheet
from workflow.tickets.models import SEVERITIES, SOURCES, Evidence, Ticket, TicketCoUnit, TicketEvent
from workflow.tickets.queries import OPEN_STATES, TicketFilters, filtered
from workflow.urging.service import urge_counts

PARTITION = 2000
ISSUES = "问题清单"
MEASURES = "措施清单"
RESPONSIBILITIES = "责任清单"
PROGRESS = "进度统计表"
SHEETS = (ISSUES, MEASURES, RESPONSIBILITIES, PROGRESS, ONGOING, COUNTERS)

# (header, width); widths in Excel characters, each sheet about one A4 landscape page wide.
COLUMNS = {
    ISSUES: [("序号", 6), ("问题编号", 15), ("问题标题", 30), ("问题描述", 36),
             ("督查活动", 18), ("乡镇（街道）", 11), ("村（社区）", 11), ("问题来源", 8),
             ("严重程度", 8), ("发现日期", 11), ("整改期限", 11), ("当前状态", 10),
             ("是否逾期", 8), ("验收日期", 11), ("销号日期", 11), ("立行立改", 8)],
    MEASURES: [("序号", 6), ("问题编号", 15), ("问题标题", 28), ("乡镇（街道）", 11),
               ("村（社区）", 11), ("整改措施", 34), ("整改情况", 34), ("佐证材料（份）", 8),
               ("原定期限", 11), ("整改期限", 11), ("整改轮次", 6), ("返工次数", 6),
               ("提交验收日期", 11), ("验收日期", 11), ("当前状态", 10),
               ("催办次数", 6)],
    RESPONSIBILITIES: [("序号", 6), ("问题编号", 15), ("问题标题", 30),
                       ("乡镇（街道）", 11), ("村（社区）", 11), ("牵头单位", 18),
                       ("配合单位", 22), ("责任人", 9), ("责任领导", 9), ("交办日期", 11),
                       ("整改期限", 11), ("退回记录", 14), ("当前状态", 10)],
}

WRAP = Alignment(vertical="top", wrap_text=True)

TICKET_COLUMNS = (
    Ticket.id, Ticket.number, Ticket.title, Ticket.description, Ticket.campaign_id, Ticket.place_id,
    Ticket.lead_unit_id, Ticket.responsible_person_id, Ticket.responsible_leader_id, Ticket.source,
    Ticket.severity, Ticket.found_at, Ticket.assigned_at, Ticket.due_at, Ticket.original_due_at, Ticket.state,
    Ticket.awaiting_verification, Ticket.submitted_at, Ticket.round, Ticket.rework_count,
    Ticket.plan, Ticket.verified_at, Ticket.closed_at, Ticket.resolution, Ticket.on_the_spot,
)


@dataclass
class LedgerCounts:
    tickets: int
    towns: int


def write_ledger(session: Session, *, actor: Actor, filters: TicketFilters, now: datetime,
                 target: BinaryIO | str, thresholds: RedBlackThresholds | None = None) -> LedgerCounts:
    workbook = Workbook(write_only=True)
    sheets = {title: start_sheet(workbook, title, COLUMNS[title], freeze="C2") for title in COLUMNS}
    names = Names(session)
    query = filtered(actor, filters).with_only_columns(*TICKET_COLUMNS).order_by(Ticket.id)
    count = 0
    for partition in session.execute(query.execution_options(yield_per=PARTITION)).partitions():
        extras = _Extras(session, [row.id for row in partition])
        for row in partition:
            count += 1
            _append_ticket(sheets, count, row, names, extras, now)
    for title, sheet in sheets.items():
        finish_sheet(sheet, len(COLUMNS[title]), count + 1)
    towns = write_progress(workbook, session, actor=actor, filters=filters, now=now, thresholds=thresholds)
    write_ongoing(workbook, session, actor=actor, filters=filters)
    write_counters(workbook, session, actor=actor, year=local_day(now).year)
    if filters.campaign_id is not None:  # a campaign's ledger also carries its 满意度 and 指标 (issue 17)
        write_campaign_results(workbook, session, actor=actor, campaign_id=filters.campaign_id)
    workbook.save(target)
    return LedgerCounts(tickets=count, towns=towns)


class _Extras:
    """Per partition of tickets: co-units, the latest 整改情况 (submit comment), evidence counts, and who
    returned the ticket (退回记录: the unit that led it when it was returned, not the one leading it now)."""

    def __init__(self, session: Session, ids: list[int]):
        self.co_units: dict[int, list[int]] = defaultdict(list)
        for ticket_id, unit_id in session.execute(
            select(TicketCoUnit.ticket_id, TicketCoUnit.org_unit_id)
            .where(TicketCoUnit.ticket_id.in_(ids)).order_by(TicketCoUnit.id)
        ):
            self.co_units[ticket_id].append(unit_id)
        self.done: dict[int, str] = dict(session.execute(
            select(TicketEvent.ticket_id, TicketEvent.comment)
            .where(TicketEvent.ticket_id.in_(ids), TicketEvent.trigger == "submit").order_by(TicketEvent.id)
        ).tuples().all())
        self.evidence: dict[int, int] = dict(session.execute(
            select(Evidence.ticket_id, func.count(Evidence.id))
            .where(Evidence.ticket_id.in_(ids)).group_by(Evidence.ticket_id)
        ).tuples().all())
        self.returns: dict[int, dict[int | None, int]] = defaultdict(lambda: defaultdict(int))
        for ticket_id, payload in session.execute(
            select(TicketEvent.ticket_id, TicketEvent.payload)
            .where(TicketEvent.ticket_id.in_(ids), TicketEvent.trigger == "return").order_by(TicketEvent.id)
        ):
            self.returns[ticket_id][(payload or {}).get("lead_unit_id")] += 1
        self.urgings = urge_counts(session, ids)  # 催办次数 (issue 13)

    def returned_by(self, ticket_id: int, lead_unit_id: int | None, names: Names) -> str:
        counts = self.returns.get(ticket_id, {})
        return "、".join(f"{names.unit(unit_id if unit_id is not None else lead_unit_id)}{n}次"
                         for unit_id, n in counts.items())


def _append_ticket(sheets, index: int, t, names: Names, extras: _Extras, now: datetime) -> None:
    town, village = names.town_and_village(t.place_id)
    state = state_label(t.state, t.awaiting_verification, t.resolution)
    due = local_day(t.due_at)
    overdue = "是" if t.state in OPEN_STATES and t.due_at is not None and t.due_at < now else "否"
    issues, measures, duties = sheets[ISSUES], sheets[MEASURES], sheets[RESPONSIBILITIES]
    issues.append([
        index, t.number, _wrap(issues, t.title), _wrap(issues, t.description), names.campaign(t.campaign_id),
        town, village, SOURCES.get(t.source, t.source), SEVERITIES.get(t.severity, t.severity),
        local_day(t.found_at), due, state, overdue, local_day(t.verified_at),
        local_day(t.closed_at) if t.resolution in (None, "rectified") else None, "是" if t.on_the_spot else "",
    ])
    measures.append([
        index, t.number, _wrap(measures, t.title), town, village, _wrap(measures, t.plan),
        _wrap(measures, extras.done.get(t.id, "")), extras.evidence.get(t.id, 0), local_day(t.original_due_at),
        due, t.round, t.rework_count, local_day(t.submitted_at), local_day(t.verified_at), state,
        extras.urgings.get(t.id, 0),
    ])
    duties.append([
        index, t.number, _wrap(duties, t.title), town, village, names.unit(t.lead_unit_id),
        "、".join(names.unit(u) for u in extras.co_units.get(t.id, [])), names.person(t.responsible_person_id),
        names.person(t.responsible_leader_id), local_day(t.assigned_at), due,
        extras.returned_by(t.id, t.lead_unit_id, names), state,
    ])


def _wrap(sheet, value: str | None) -> WriteOnlyCell | str:
    if not value:
        return ""
    cell = WriteOnlyCell(sheet, value)
    cell.alignment = WRAP
    return cell


__all__ = ["SHEETS", "LedgerCounts", "write_ledger"]

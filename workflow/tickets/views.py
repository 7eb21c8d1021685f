"""What the ticket page shows, read in one place: names, evidence by set, the timeline, the moves.

Everything starts from ``queries.get_visible`` so a ticket out of scope is 404 (STYLE E5).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from states.ticket import TRIGGER_LABELS
from workflow.actor import Actor
from workflow.campaigns.models import Campaign
from workflow.checklists.models import ChecklistItem
from workflow.deadlines.lights import DEFAULT_YELLOW_WITHIN, annotate
from workflow.orgs.models import OrgUnit
from workflow.provenance.queries import round_flags
from workflow.provenance.views import flags_by_evidence
from workflow.tickets import queries
from workflow.tickets.evidence import allowed_stages
from workflow.tickets.models import Evidence, Ticket, TicketEvent
from workflow.tickets.moves import offered_moves
from workflow.tickets.rework import last_rejection
from workflow.tickets.worklists import person_names

EVENT_LABELS = {**TRIGGER_LABELS, "file": "登记问题", "attach_evidence": "上传材料",
                "extension_requested": "申请延期", "extension_approved": "批准延期", "extension_refused": "不批准延期",
                "milestone_added": "增加整改节点", "milestone_done": "整改节点完成", "deadline_set": "确定整改期限",
                "interview_held": "已约谈", "interview_cancelled": "取消约谈", "light_changed": "红黄灯变化",
                "unit_merged": "单位撤并", "responsible_changed": "更换责任人",
                # issue 13
                "urge": "催办", "return_ruling": "裁定退回", "supervision_letter": "发督办函",
                "supervision_reply": "回复督办函", "acknowledged": "确认收到"}
RULING_LABELS = {"upheld": "裁定退回：理由成立，改派", "overruled": "裁定退回：理由不成立，退回原单位"}


@dataclass
class TimelineEntry:
    event: TicketEvent
    label: str
    actor_name: str
    files: list[Evidence] = field(default_factory=list)


@dataclass
class TicketView:
    ticket: Ticket
    place: OrgUnit
    lead: OrgUnit | None
    co_units: list[OrgUnit]
    campaign: Campaign | None
    item: ChecklistItem | None
    people: dict[int, str]
    found: list[Evidence]
    rectified: dict[int, list[Evidence]]
    verification: list[Evidence]
    timeline: list[TimelineEntry]
    moves: list[tuple[str, list[str]]]
    upload_stages: list[str]
    light: str | None
    # Set when the working-day calendar does not cover the year, so yellow cannot be judged (issue 3).
    light_warning: str | None = None
    # The 验收不通过 being reworked (reason, who, when), shown on the first screen; None when not reworked.
    rejection: TicketEvent | None = None

    @property
    def default_stage(self) -> str | None:
        """The upload form's 材料类别: what fits the state (整改后 while rectifying, 验收时 once submitted)."""
        fits = {"found": "found", "assigned": "found", "rectifying": "verification" if
                self.ticket.awaiting_verification else "rectified", "verified": "verification"}
        wanted = fits.get(self.ticket.state)
        if wanted in self.upload_stages:
            return wanted
        return self.upload_stages[-1] if self.upload_stages else None
    # Issue 16: evidence id → its flags; the flags a 验收 now would pass over; per round, after and verification.
    flags: dict[int, list[dict]] = field(default_factory=dict)
    round_flags: list[dict] = field(default_factory=list)
    rounds: list[tuple[int, list[Evidence], list[Evidence]]] = field(default_factory=list)

    @property
    def current_round_evidence(self) -> list[Evidence]:
        return self.rectified.get(self.ticket.round, [])


def ticket_view(session: Session, actor: Actor, ticket_id: int, *, now: datetime,
                within: int = DEFAULT_YELLOW_WITHIN) -> TicketView:
    ticket = queries.get_visible(session, actor, ticket_id)
    lit = annotate(session, [ticket], now=now, within=within)[ticket.id]
    units = {u.id: u for u in session.scalars(
        select(OrgUnit).where(OrgUnit.id.in_({ticket.place_id, ticket.lead_unit_id or 0, *ticket.co_unit_ids})))}
    events = list(session.scalars(
        select(TicketEvent).where(TicketEvent.ticket_id == ticket.id).order_by(TicketEvent.id)))
    evidence = list(session.scalars(select(Evidence).where(Evidence.ticket_id == ticket.id).order_by(Evidence.id)))
    people = person_names(session, {
        ticket.found_by_id, ticket.responsible_person_id, ticket.responsible_leader_id, ticket.submitted_by_id,
        *(e.actor_id for e in events),
    })
    by_event: dict[int, list[Evidence]] = defaultdict(list)
    rectified: dict[int, list[Evidence]] = defaultdict(list)
    for row in evidence:
        by_event[row.event_id].append(row)
        if row.stage == "rectified":
            rectified[row.round].append(row)
    return TicketView(
        ticket=ticket,
        place=units[ticket.place_id],
        lead=units.get(ticket.lead_unit_id) if ticket.lead_unit_id else None,
        co_units=[units[i] for i in ticket.co_unit_ids if i in units],
        campaign=session.get(Campaign, ticket.campaign_id) if ticket.campaign_id else None,
        item=session.get(ChecklistItem, ticket.checklist_item_id) if ticket.checklist_item_id else None,
        people=people,
        found=[e for e in evidence if e.stage == "found"],
        rectified=dict(sorted(rectified.items(), reverse=True)),
        verification=[e for e in evidence if e.stage == "verification"],
        timeline=[
            TimelineEntry(event=e, label=_label(e),
                          actor_name=people.get(e.actor_id, "系统") if e.actor_id else "系统",
                          files=by_event.get(e.id, []))
            for e in reversed(events)
        ],
        moves=offered_moves(session, ticket, actor),
        upload_stages=allowed_stages(session, actor, ticket) if ticket.state != "closed" else [],
        light=lit.light,
        light_warning=lit.warning,
        rejection=last_rejection(session, ticket),
        flags=flags_by_evidence(session, evidence),
        round_flags=round_flags(session, ticket),
        rounds=_rounds(ticket, evidence),
    )


def _rounds(ticket: Ticket, evidence: list[Evidence]) -> list[tuple[int, list[Evidence], list[Evidence]]]:
    """Newest round first: what the unit sent (整改后) beside what the verifier took (验收时)."""
    numbers = sorted({e.round for e in evidence if e.stage != "found"} | {ticket.round}, reverse=True)
    return [(n, [e for e in evidence if e.stage == "rectified" and e.round == n],
             [e for e in evidence if e.stage == "verification" and e.round == n]) for n in numbers]
def _label(event) -> str:
    if event.trigger == "return_ruling":
        return RULING_LABELS.get((event.payload or {}).get("ruling"), EVENT_LABELS["return_ruling"])
    if event.trigger == "urge" and (event.payload or {}).get("automatic"):
        return "逾期自动催办"
    return EVENT_LABELS.get(event.trigger, event.trigger)

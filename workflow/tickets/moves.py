"""Moving a ticket through the machine: one function, one transaction, no lost update (STYLE E4)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from states.ticket import Move, MoveRefused, blockers, fire, may
from workflow.acceptance.limits import set_accept_limit
from workflow.actor import Actor
from workflow.campaigns.models import Campaign
from workflow.campaigns.service import get_campaign
from workflow.deadlines.local_time import local_date
from workflow.deadlines.policies import DeadlinePolicy
from workflow.deadlines.service import reopen_policy, restart_clock, start_clock
from workflow.errors import ConcurrentChange, InvalidInput, TransitionRefused
from workflow.orgs.models import OrgUnit
from workflow.orgs.service import get_visible_unit
from workflow.outbox import service as outbox
from workflow.outcomes.observation import reopen_facts
from workflow.provenance.queries import round_flags
from workflow.provenance.verifier_photos import verifier_photo_missing
from workflow.returns.reasons import check_reason
from workflow.tickets import events, queries
from workflow.tickets.filing import check_visible_person
from workflow.tickets.models import Ticket


@dataclass
class MoveInput:
    trigger: str
    version: int
    comment: str = ""
    plan: str | None = None
    lead_unit_id: int | None = None
    responsible_person_id: int | None = None
    # 重新整改 only: the new deadline (default: the look-back campaign's, else the ticket's own relative rule)
    # and the look-back campaign that found the problem again.
    deadline: DeadlinePolicy | None = None
    campaign_id: int | None = None
    # 验收 over flagged photos: the one-line justification (the comment serves when this is empty, except in
    # a bulk move, where one comment would pass many tickets' flags unread).
    justification: str | None = None
    comment_justifies: bool = True
    # 退回 only: 属地不符 wrong_place, 权属不清 unclear_ownership, 职能交叉 overlapping_duties, other (+ comment).
    reason_code: str | None = None


def apply_trigger(session: Session, *, actor: Actor, ticket_id: int, data: MoveInput, now: datetime) -> Ticket:
    ticket = queries.get_visible(session, actor, ticket_id)
    if data.version != ticket.version:
        raise ConcurrentChange(detail={"expected_version": ticket.version, "given_version": data.version})
    reassign = _reassignment(session, actor, data) if data.trigger == "assign" else {}
    move = move_for(session, ticket, actor, data, lead_unit_id=reassign.get("lead_unit_id"))
    try:
        new_state = fire(move, data.trigger)
    except MoveRefused as exc:
        raise TransitionRefused("；".join(exc.reasons), detail={"reasons": exc.reasons}) from exc
    reopen = _reopening(session, actor, ticket, data, now)
    overruled = round_flags(session, ticket) if data.trigger in ("verify", "reject") else []
    returned = _return_reason(data)
    values = {
        "state": new_state,
        "version": ticket.version + 1,
        "state_changed_at": now,
        **reassign,
        **_effects(ticket, actor, data, now),
    }
    from_state = ticket.state
    changed = session.execute(
        update(Ticket)
        .where(Ticket.id == ticket.id, Ticket.version == data.version)
        .values(**values)
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        raise ConcurrentChange()
    session.refresh(ticket)
    event = events.record(
        session, ticket, trigger=data.trigger, actor=actor, at=now, from_state=from_state,
        to_state=new_state, comment=data.comment, payload=_payload(values) | (reopen[1] if reopen else {}) | returned
        | (_overruled(move, overruled) if data.trigger in ("verify", "reject") else {}),
    )
    if data.trigger == "assign":
        start_clock(session, ticket, actor=actor, now=now)  # the deadline runs from 交办 (practice 1)
        set_accept_limit(session, ticket, now=now)  # 签收 has its own limit from each 交办 (issue 13)
        due_on = local_date(ticket.due_at).isoformat() if ticket.due_at else None
        outbox.enqueue(  # 交办通知 to the lead unit's group, one per ticket (also when 批量交办)
            session, kind="assignment", dedupe_key=f"assignment:{event.id}", at=now, ticket_id=ticket.id,
            unit_id=ticket.lead_unit_id, payload={"number": ticket.number, "title": ticket.title, "due_on": due_on},
        )
    if reopen:
        restart_clock(session, ticket, reopen[0], actor=actor, now=now, campaign_id=data.campaign_id)
    if data.trigger == "reject":
        outbox.enqueue(
            session, kind="rejection", dedupe_key=f"rejection:{event.id}", at=now, ticket_id=ticket.id,
            unit_id=ticket.lead_unit_id, payload={"number": ticket.number, "title": ticket.title,
                                                  "reason": data.comment, "round": ticket.round},
        )
    return ticket


def _return_reason(data: MoveInput) -> dict:
    if data.trigger != "return":
        if data.reason_code:
            raise InvalidInput("只有“退回”需要填写退回理由类别", detail={"field": "reason_code"})
        return {}
    return {"reason_code": check_reason(data.reason_code)}


def _reopening(session: Session, actor: Actor, ticket: Ticket, data: MoveInput,
               now: datetime) -> tuple[DeadlinePolicy, dict] | None:
    """重新整改 sets a new deadline; checked before anything changes, so a bad one refuses the move."""
    if data.trigger != "reopen":
        if data.deadline is not None or data.campaign_id is not None:
            raise InvalidInput("只有“重新整改”可以指定新的整改期限和回头看活动", detail={"field": "deadline"})
        return None
    campaign = get_campaign(session, actor, data.campaign_id) if data.campaign_id is not None else None
    if campaign is None and ticket.campaign_id is not None:
        campaign = session.get(Campaign, ticket.campaign_id)
    facts = reopen_facts(session, ticket, campaign if data.campaign_id is not None else None, now)  # 观察期
    policy = reopen_policy(session, ticket, chosen=data.deadline, now=now,
                           campaign_default=campaign.deadline_rule if campaign else None)
    return policy, {"campaign_id": data.campaign_id, "deadline": policy.stored(), **facts}


def move_for(session: Session, ticket: Ticket, actor: Actor, data: MoveInput | None = None,
             *, lead_unit_id: int | None = None) -> Move:
    lead_id = lead_unit_id or ticket.lead_unit_id
    lead = session.get(OrgUnit, lead_id) if lead_id else None
    new_evidence, recycled_evidence = queries.current_round_evidence_counts(session, ticket)
    return Move(
        state=ticket.state,
        roles=actor.roles,
        actor_id=actor.person_id,
        comment=data.comment if data else "",
        has_responsible_unit=lead is not None,
        actor_in_lead_unit=lead is not None and actor.covers(lead.path),
        plan=(data.plan if data and data.plan is not None else ticket.plan) or "",
        evidence_count=new_evidence,
        recycled_evidence_count=recycled_evidence,
        awaiting_verification=ticket.awaiting_verification,
        submitted_by_id=ticket.submitted_by_id,
        **(_verification_facts(session, ticket, data) if ticket.awaiting_verification else {}),
    )


def _verification_facts(session: Session, ticket: Ticket, data: MoveInput | None) -> dict:
    """What 验收 checks about this round's photos (issue 16): flags to justify, the verifier's own photo."""
    justification = ((data.justification or (data.comment if data.comment_justifies else "")) if data else "") or ""
    return {"flag_count": len(round_flags(session, ticket)), "justification": justification.strip(),
            "verifier_photo_needed": verifier_photo_missing(session, ticket)}


def _overruled(move: Move, flags: list[dict]) -> dict:
    """验收 over flags records them with the justification; 返工 records the flags it confirms."""
    if not flags:
        return {}
    listed = [{k: f[k] for k in ("photo_id", "kind", "evidence_id") if k in f} for f in flags]
    if move.state == "verified":
        return {"justification": move.justification, "flags_overruled": listed}
    return {"flags_confirmed": listed}


def available_triggers(session: Session, ticket: Ticket, actor: Actor) -> list[str]:
    return may(move_for(session, ticket, actor))


def offered_moves(session: Session, ticket: Ticket, actor: Actor) -> list[tuple[str, list[str]]]:
    """The ticket page's buttons: each trigger ``may()`` offers, with what still blocks it (empty: go)."""
    move = move_for(session, ticket, actor)
    return [(trigger, blockers(move, trigger)) for trigger in may(move)]


def _reassignment(session: Session, actor: Actor, data: MoveInput) -> dict:
    """改派: assigning again after a return may name another lead unit and person."""
    values: dict = {}
    if data.lead_unit_id is not None:
        values["lead_unit_id"] = get_visible_unit(session, actor, data.lead_unit_id, what="牵头单位").id
    if data.responsible_person_id is not None:
        check_visible_person(session, actor, data.responsible_person_id, field="responsible_person_id")
        values["responsible_person_id"] = data.responsible_person_id
    return values


def _effects(ticket: Ticket, actor: Actor, data: MoveInput, now: datetime) -> dict:
    """What each trigger changes besides the state."""
    match data.trigger:
        case "assign":
            return {"assigned_at": now}
        case "return":
            return {"return_count": ticket.return_count + 1}
        case "accept":
            return {"plan": data.plan or ticket.plan}
        case "submit":
            return {"awaiting_verification": True, "submitted_by_id": actor.person_id, "submitted_at": now}
        case "reject":
            return {"awaiting_verification": False, "round": ticket.round + 1,
                    "rework_count": ticket.rework_count + 1}
        case "verify":
            return {"awaiting_verification": False, "verified_at": now}
        case "close":
            return {"resolution": "rectified", "closed_at": now}
        case "reopen":
            return {"awaiting_verification": False, "round": ticket.round + 1, "resolution": None,
                    "closed_at": None, "verified_at": None}
    return {}


def _payload(values: dict) -> dict:
    skip = {"state", "version", "state_changed_at"}
    return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in values.items() if k not in skip}

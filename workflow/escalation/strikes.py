"""Strikes: 约谈 counted per unit and per person per calendar year (seed 002, rule 2).

When a unit's count of live (not cancelled) 约谈 in a year reaches the threshold of the policy
behind the one that reached it, the unit is disqualified from the year's awards and loses the
configured points, each sanction linked to the 约谈 it rests on. ``recount_unit`` is idempotent:
the sweep calls it after every new 约谈 and a status change calls it after a cancellation, which
revokes a sanction that no longer holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from workflow.db import insert_ignoring_conflict
from workflow.escalation.models import EscalationPolicy, Interview, InterviewTarget, Sanction, SanctionInterview

LIVE = ("planned", "held")


def live_interviews(session: Session, *, unit_id: int, year: int) -> list[Interview]:
    return list(session.scalars(select(Interview).where(
        Interview.unit_id == unit_id, Interview.year == year, Interview.status.in_(LIVE))
        .order_by(Interview.created_at, Interview.id)))


def recount_unit(session: Session, *, unit_id: int, year: int, now: datetime) -> None:
    interviews = live_interviews(session, unit_id=unit_id, year=year)
    wanted: dict[str, float | None] = {}
    linked: list[Interview] = []
    for index, interview in enumerate(interviews, start=1):
        policy = session.get(EscalationPolicy, interview.policy_id)
        if policy.strike_threshold and index >= policy.strike_threshold:
            linked = interviews[:index]
            if policy.disqualify_unit:
                wanted["award_disqualification"] = None
            if policy.points_deduction:
                wanted["points_deduction"] = policy.points_deduction
            break
    for kind in ("award_disqualification", "points_deduction"):
        key = f"{kind}:unit:{unit_id}:{year}"
        if kind in wanted:
            _activate(session, key, kind=kind, unit_id=unit_id, person_id=None, year=year, points=wanted[kind],
                      interviews=linked, now=now)
        else:
            _revoke(session, key, now)


def disqualify_person(session: Session, *, person_id: int, year: int, interview: Interview, now: datetime) -> None:
    _activate(session, f"award_disqualification:person:{person_id}:{year}", kind="award_disqualification",
              unit_id=None, person_id=person_id, year=year, points=None, interviews=[interview], now=now)


def recount_person_sanctions(session: Session, *, interview: Interview, now: datetime) -> None:
    """After a cancellation: a person's sanction stands only while a live 约谈 still supports it."""
    sanction_ids = session.scalars(select(SanctionInterview.sanction_id).where(
        SanctionInterview.interview_id == interview.id))
    for sanction in session.scalars(select(Sanction).where(Sanction.id.in_(list(sanction_ids)),
                                                           Sanction.person_id.is_not(None))):
        session.execute(delete(SanctionInterview).where(SanctionInterview.sanction_id == sanction.id,
                                                        SanctionInterview.interview_id == interview.id))
        left = session.scalar(select(func.count(SanctionInterview.id)).where(
            SanctionInterview.sanction_id == sanction.id))
        if not left:
            sanction.status, sanction.updated_at = "revoked", now
    session.flush()


def _activate(session: Session, key: str, *, kind: str, unit_id: int | None, person_id: int | None, year: int,
              points: float | None, interviews: list[Interview], now: datetime) -> None:
    insert_ignoring_conflict(session, Sanction, dedupe_key=key, kind=kind, unit_id=unit_id, person_id=person_id,
                             year=year, points=points, status="active", created_at=now, updated_at=now)
    sanction = session.scalar(select(Sanction).where(Sanction.dedupe_key == key))
    if sanction.status != "active" or sanction.points != points:
        sanction.status, sanction.points, sanction.updated_at = "active", points, now
    have = set(session.scalars(select(SanctionInterview.interview_id).where(
        SanctionInterview.sanction_id == sanction.id)))
    want = {i.id for i in interviews}
    if person_id is None and have - want:
        session.execute(delete(SanctionInterview).where(SanctionInterview.sanction_id == sanction.id,
                                                        SanctionInterview.interview_id.in_(have - want)))
    for interview_id in sorted(want - have):
        insert_ignoring_conflict(session, SanctionInterview, sanction_id=sanction.id, interview_id=interview_id)
    session.flush()


def _revoke(session: Session, key: str, now: datetime) -> None:
    sanction = session.scalar(select(Sanction).where(Sanction.dedupe_key == key))
    if sanction is not None and sanction.status == "active":
        sanction.status, sanction.updated_at = "revoked", now
        session.flush()


@dataclass
class PersonStrikes:
    person_id: int
    label: str
    count: int


@dataclass
class UnitStrikes:
    unit_id: int
    unit_name: str
    year: int
    count: int
    interviews: list[Interview] = field(default_factory=list)
    sanctions: list[Sanction] = field(default_factory=list)
    people: list[PersonStrikes] = field(default_factory=list)

    @property
    def award_disqualified(self) -> bool:
        return any(s.kind == "award_disqualification" and s.status == "active" for s in self.sanctions)

    @property
    def points_deducted(self) -> float:
        return sum(s.points or 0 for s in self.sanctions if s.kind == "points_deduction" and s.status == "active")


def unit_strikes(session: Session, *, unit_id: int, unit_name: str, year: int) -> UnitStrikes:
    interviews = live_interviews(session, unit_id=unit_id, year=year)
    sanctions = list(session.scalars(select(Sanction).where(Sanction.unit_id == unit_id, Sanction.year == year)
                                     .order_by(Sanction.id)))
    people = person_counts(session, [i.id for i in interviews], year=year)
    return UnitStrikes(unit_id, unit_name, year, len(interviews), interviews, sanctions, people)


def person_counts(session: Session, interview_ids: list[int], *, year: int) -> list[PersonStrikes]:
    """For each person interviewed in these 约谈: their count of live 约谈 in the year, in any unit."""
    if not interview_ids:
        return []
    person_ids = select(InterviewTarget.person_id).where(InterviewTarget.interview_id.in_(interview_ids),
                                                         InterviewTarget.person_id.is_not(None))
    rows = session.execute(
        select(InterviewTarget.person_id, func.min(InterviewTarget.label), func.count(InterviewTarget.id))
        .join(Interview, Interview.id == InterviewTarget.interview_id)
        .where(InterviewTarget.person_id.in_(person_ids), Interview.year == year, Interview.status.in_(LIVE))
        .group_by(InterviewTarget.person_id).order_by(InterviewTarget.person_id))
    return [PersonStrikes(pid, label, n) for pid, label, n in rows]


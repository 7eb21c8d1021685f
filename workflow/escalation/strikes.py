"""Strikes: 约谈 counted per unit and per person per calendar year (seed 002, rule 2).

When a unit's count of live (not cancelled) 约谈 in a year reaches the threshold of the policy
behind the one that reached it, the policy's consequences fall on those it names (seed 002: the
后盾单位 and the 驻村工作队员 lose award eligibility, points are deducted): one sanction per kind and
bearer, each linked to the 约谈 it rests on. ``recount_unit`` is idempotent: the sweep calls it after
every new 约谈 and a status change calls it after a cancellation, which revokes a sanction that no
longer holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from workflow.db import insert_ignoring_conflict
from workflow.escalation import people
from workflow.escalation.models import EscalationPolicy, Interview, InterviewTarget, Sanction, SanctionInterview
from workflow.orgs.models import OrgUnit

LIVE = ("planned", "held")


def live_interviews(session: Session, *, unit_id: int, year: int) -> list[Interview]:
    return list(session.scalars(select(Interview).where(
        Interview.unit_id == unit_id, Interview.year == year, Interview.status.in_(LIVE))
        .order_by(Interview.created_at, Interview.id)))


def consequences_of(policy: EscalationPolicy) -> list[dict]:
    """The policy's consequences; a policy without the list keeps its older meaning (the unit concerned)."""
    if policy.consequences:
        return list(policy.consequences)
    older = [{"kind": "award_disqualification", "bearer": "unit_concerned"}] if policy.disqualify_unit else []
    if policy.points_deduction:
        older.append({"kind": "points_deduction", "bearer": "unit_concerned", "points": policy.points_deduction})
    return older


def recount_unit(session: Session, *, unit_id: int, year: int, now: datetime) -> None:
    # Only (id, policy) of each live 约谈, not whole rows: a unit with thousands of 约谈 in a year is recounted
    # after each sweep chunk, and only the ones up to the threshold are linked.
    interviews = session.execute(select(Interview.id, Interview.policy_id).where(
        Interview.unit_id == unit_id, Interview.year == year, Interview.status.in_(LIVE))
        .order_by(Interview.created_at, Interview.id)).all()
    policies = {p.id: p for p in session.scalars(select(EscalationPolicy).where(
        EscalationPolicy.id.in_({i.policy_id for i in interviews})))} if interviews else {}
    wanted: dict[str, dict] = {}
    linked: list = []
    for index, interview in enumerate(interviews, start=1):
        policy = policies[interview.policy_id]
        if policy.strike_threshold and index >= policy.strike_threshold:
            linked = interviews[:index]
            unit = session.get(OrgUnit, unit_id)
            for consequence in consequences_of(policy):
                points = consequence.get("points") if consequence["kind"] == "points_deduction" else None
                for bearer in people.bearers(session, consequence["bearer"], unit):
                    wanted[_key(consequence["kind"], bearer, unit_id, year)] = dict(
                        kind=consequence["kind"], unit_id=bearer.unit_id, person_id=bearer.person_id,
                        points=points, bearer=bearer.bearer, label=bearer.label[:200],
                        note=str(consequence.get("note", ""))[:200])
            break
    for key, values in wanted.items():
        _activate(session, key, year=year, source_unit_id=unit_id, interviews=linked, now=now, **values)
    stale = session.scalars(select(Sanction).where(Sanction.source_unit_id == unit_id, Sanction.year == year,
                                                   Sanction.status == "active",
                                                   Sanction.dedupe_key.not_in(list(wanted) or [""])))
    for sanction in stale:
        sanction.status, sanction.updated_at = "revoked", now
    session.flush()


def _key(kind: str, bearer: people.Bearer, source_unit_id: int, year: int) -> str:
    if bearer.bearer == "unit_concerned":
        return f"{kind}:unit:{source_unit_id}:{year}"  # the form every earlier sanction has
    return f"{kind}:{bearer.subject}:{year}:from:{source_unit_id}"


def disqualify_person(session: Session, *, person_id: int, year: int, interview: Interview, now: datetime,
                      label: str = "") -> None:
    _activate(session, f"award_disqualification:person:{person_id}:{year}", kind="award_disqualification",
              unit_id=None, person_id=person_id, year=year, points=None, interviews=[interview], now=now,
              bearer="subject_person", label=label, note="", source_unit_id=None)


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
              points: float | None, interviews: list, now: datetime, bearer: str, label: str, note: str,
              source_unit_id: int | None) -> None:
    insert_ignoring_conflict(session, Sanction, dedupe_key=key, kind=kind, unit_id=unit_id, person_id=person_id,
                             year=year, points=points, bearer=bearer, label=label, note=note,
                             source_unit_id=source_unit_id, status="active", created_at=now, updated_at=now)
    sanction = session.scalar(select(Sanction).where(Sanction.dedupe_key == key))
    if sanction.status != "active" or sanction.points != points:
        sanction.status, sanction.points, sanction.updated_at = "active", points, now
    if source_unit_id is not None and (sanction.label, sanction.note) != (label, note):
        sanction.label, sanction.note = label, note
    have = set(session.scalars(select(SanctionInterview.interview_id).where(
        SanctionInterview.sanction_id == sanction.id)))
    want = {i.id for i in interviews}
    if source_unit_id is not None and have - want:
        session.execute(delete(SanctionInterview).where(SanctionInterview.sanction_id == sanction.id,
                                                        SanctionInterview.interview_id.in_(have - want)))
    for interview_id in sorted(want - have):
        insert_ignoring_conflict(session, SanctionInterview, sanction_id=sanction.id, interview_id=interview_id)
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

    def _borne(self, kind: str) -> list[Sanction]:
        return [s for s in self.sanctions if s.kind == kind and s.status == "active" and s.unit_id == self.unit_id
                and s.person_id is None]

    @property
    def award_disqualified(self) -> bool:
        """This unit itself is disqualified (for its own strikes or, as a backer unit, for another's)."""
        return bool(self._borne("award_disqualification"))

    @property
    def points_deducted(self) -> float:
        return sum(s.points or 0 for s in self._borne("points_deduction"))

    @property
    def consequences(self) -> list[Sanction]:
        """The active sanctions this unit's strikes caused, on whoever bears them."""
        return [s for s in self.sanctions if s.source_unit_id == self.unit_id and s.status == "active"]


def unit_strikes(session: Session, *, unit_id: int, unit_name: str, year: int) -> UnitStrikes:
    """The unit's 约谈, and the sanctions its strikes caused or that it bears (as a backer unit, say)."""
    interviews = live_interviews(session, unit_id=unit_id, year=year)
    sanctions = list(session.scalars(select(Sanction).where(
        or_(Sanction.unit_id == unit_id, Sanction.source_unit_id == unit_id), Sanction.year == year)
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


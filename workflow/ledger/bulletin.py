"""What a bulletin (通报, seed 002: 每半年一督导一通报) says, gathered from the actor's scope.

For one campaign or one half-year: the per-town progress (``stats.town_progress``), the summary
summed from it, overdue tickets, the 约谈 list handed in by the caller, and the ranking with the
red/black list (``ranking.py``). ``bulletin_docx.py`` lays it out; this module only reads.

The 约谈 rows are plain ``InterviewRow`` values read by ``interviews_for`` from the escalation package,
so the document builder does not depend on how interview records are stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.campaigns.service import get_campaign
from workflow.errors import InvalidInput, PermissionDenied
from workflow.escalation.interviews import visible_interviews
from workflow.escalation.models import INTERVIEW_STATUSES, Interview, InterviewTarget
from workflow.ledger.campaign_results import CampaignResults, campaign_results
from workflow.ledger.names import Names, local_day
from workflow.ledger.periods import Period
from workflow.ledger.ranking import Ranking, RedBlackThresholds, rank_units
from workflow.ledger.stats import UnitProgress, total_of, town_progress
from workflow.orgs.models import OrgUnit
from workflow.outcomes.ongoing import OngoingRow, ongoing_rows
from workflow.provenance.report import Decision, confirmed_cases
from workflow.scoring.scores import CampaignScores, campaign_scores
from workflow.tickets.models import Ticket
from workflow.tickets.queries import TicketFilters, filtered

BULLETIN_ROLES = ("office", "leader", "admin", "inspector")
OVERDUE_LISTED = 200


@dataclass(frozen=True)
class InterviewRow:
    unit: str
    ticket_number: str
    targets: str
    date: date | None
    status: str


@dataclass(frozen=True)
class OverdueRow:
    number: str
    title: str
    town: str
    village: str
    lead_unit: str
    due: date | None
    days_overdue: int


@dataclass
class BulletinFacts:
    title: str
    scope: str
    issuer: str
    issued_on: date
    progress: list[UnitProgress]
    total: UnitProgress
    ranking: Ranking
    overdue: list[OverdueRow]
    overdue_total: int
    interviews: list[InterviewRow] = field(default_factory=list)
    ongoing: list[OngoingRow] = field(default_factory=list)  # 持续整改/挂账, listed apart from the overdue
    # 虚假整改 the verifiers confirmed: 返工 over flagged photos (workflow/provenance/report.py).
    fake_rectifications: list[Decision] = field(default_factory=list)
    # A campaign's 满意度, indicators and weighted ranking (issue 17), when it has any.
    campaign_results: CampaignResults | None = None
    # A campaign with a scored checklist: unit and town scores (workflow/scoring/scores.py); None otherwise.
    scores: CampaignScores | None = None


def gather_bulletin(session: Session, *, actor: Actor, now: datetime, campaign_id: int | None = None,
                    period: Period | None = None, interviews: list[InterviewRow] | None = None,
                    thresholds: RedBlackThresholds | None = None, issuer: str | None = None) -> BulletinFacts:
    if not actor.has_any(*BULLETIN_ROLES):
        raise PermissionDenied("只有领导小组办公室、督查员或分管领导可以生成通报")
    if (campaign_id is None) == (period is None):
        raise InvalidInput("请指定一次督查活动或一个半年度（二选一）", detail={"field": "campaign_id"})
    campaign = None
    if campaign_id is not None:
        campaign = get_campaign(session, actor, campaign_id)
        scope = campaign.name
        filters = TicketFilters(campaign_id=campaign_id)
    else:
        scope = f"{period.label}乡村振兴督导"
        filters = TicketFilters(found_from=period.start_at, found_before=period.end_at)
    progress = town_progress(session, actor, now=now, filters=filters)
    overdue, overdue_total = _overdue(session, actor, replace(filters, overdue_at=now), now)
    return BulletinFacts(
        title=f"关于{scope}发现问题整改情况的通报",
        scope=scope,
        issuer=issuer or f"{_unit_name(session, actor)}实施乡村振兴战略领导小组办公室",
        issued_on=local_day(now),
        progress=progress,
        total=total_of(progress),
        ranking=rank_units(progress, thresholds),
        overdue=overdue,
        overdue_total=overdue_total,
        interviews=interviews_for(session, actor=actor, campaign_id=campaign_id, period=period)
        if interviews is None else list(interviews),
        ongoing=ongoing_rows(session, actor, filters),
        fake_rectifications=confirmed_cases(session, actor=actor, filters=filters),
        campaign_results=campaign_results(session, actor, campaign, progress, now=now) if campaign else None,
        scores=_scores(session, actor, campaign_id),
    )


def _scores(session: Session, actor: Actor, campaign_id: int | None) -> CampaignScores | None:
    if campaign_id is None:
        return None
    scores = campaign_scores(session, actor, campaign_id)
    return scores if scores.units and scores.total_points else None


def _overdue(session: Session, actor: Actor, filters: TicketFilters, now: datetime) -> tuple[list[OverdueRow], int]:
    query = filtered(actor, filters)
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    rows = session.execute(
        query.with_only_columns(Ticket.number, Ticket.title, Ticket.place_id, Ticket.lead_unit_id, Ticket.due_at)
        .order_by(Ticket.due_at, Ticket.id).limit(OVERDUE_LISTED)
    ).all()
    names = Names(session) if rows else None
    today = local_day(now)
    listed = []
    for row in rows:
        town, village = names.town_and_village(row.place_id)
        due = local_day(row.due_at)
        listed.append(OverdueRow(row.number, row.title, town, village, names.unit(row.lead_unit_id), due,
                                 (today - due).days if due else 0))
    return listed, total


def _unit_name(session: Session, actor: Actor) -> str:
    return session.scalar(select(OrgUnit.name).where(OrgUnit.id == actor.unit_id)) or ""


def interviews_for(session: Session, *, actor: Actor, campaign_id: int | None = None,
                   period: Period | None = None) -> list[InterviewRow]:
    """The 约谈 the actor may see: for a campaign, those about its tickets; for a half-year, those
    planned in it. Cancelled interviews are left out of an official bulletin."""
    query = visible_interviews(actor).where(Interview.status != "cancelled")
    if campaign_id is not None:
        query = query.where(Interview.ticket_id.in_(select(Ticket.id).where(Ticket.campaign_id == campaign_id)))
    if period is not None:
        query = query.where(Interview.planned_on >= period.start, Interview.planned_on < period.end)
    interviews = list(session.scalars(query.order_by(Interview.planned_on, Interview.id)))
    if not interviews:
        return []
    ids = [i.id for i in interviews]
    labels: dict[int, list[str]] = {}
    for target in session.scalars(select(InterviewTarget).where(InterviewTarget.interview_id.in_(ids))
                                  .order_by(InterviewTarget.id)):
        labels.setdefault(target.interview_id, []).append(target.label)
    numbers = dict(session.execute(select(Ticket.id, Ticket.number).where(
        Ticket.id.in_([i.ticket_id for i in interviews if i.ticket_id]))).all())
    names = Names(session)
    return [
        InterviewRow(unit=names.unit(i.unit_id), ticket_number=numbers.get(i.ticket_id, ""),
                     targets="、".join(labels.get(i.id, [])), date=i.held_on or i.planned_on,
                     status=INTERVIEW_STATUSES.get(i.status, i.status))
        for i in interviews
    ]

"""约谈 as data: the policies that call for one, the interviews, whom they target, and the sanctions.

Seed 002 (rules 1–2): overdue rectification → 约谈 of named posts; a second 约谈 in a year → award
disqualification and a points deduction. Seed 003 (rule 3): a stationed cadre found absent or
unfamiliar → 约谈 of the sending unit's leader and the cadre, and the cadre's disqualification.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from workflow.accounts.models import POSTS
from workflow.db import Base, UTCDateTime

TRIGGERS = {"overdue": "逾期整改不到位", "finding": "暗访督导发现的问题", "unaccepted": "交办后逾期未签收"}
UNITS_CONCERNED = {"lead_unit": "牵头责任单位", "sending_unit": "派出单位（后盾单位）"}
INTERVIEW_STATUSES = {"planned": "拟约谈", "held": "已约谈", "cancelled": "已取消"}
SANCTION_KINDS = {"award_disqualification": "取消评先评优资格", "points_deduction": "扣除考核分数"}
# Who may bear a consequence of strikes (seed 002: 取消后盾单位、驻村工作队员…评先评优资格，扣除单位绩效考核…分数);
# besides these, ``post:<code>`` names the holder of a post (accounts.models.POSTS).
BEARERS = {
    "unit_concerned": "被约谈单位",
    "backer_unit": "后盾单位",
    "work_team": "驻村工作队",
    "work_team_members": "驻村工作队员",
}


def bearer_label(bearer: str) -> str:
    if bearer.startswith("post:"):
        return POSTS.get(bearer.removeprefix("post:"), bearer)
    return BEARERS.get(bearer, "被约谈个人" if bearer == "subject_person" else bearer)


class EscalationPolicy(Base):
    __tablename__ = "escalation_policy"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    source_rule: Mapped[str] = mapped_column(Text, default="")
    enabled: Mapped[bool] = mapped_column(default=True)
    trigger: Mapped[str] = mapped_column(String(20))
    # overdue: working days past the deadline before a 约谈 is called (0 = the first sweep after it).
    grace_working_days: Mapped[int] = mapped_column(default=0)
    # finding: which finding categories (and, if any listed, which campaign kinds) call for one.
    finding_categories: Mapped[list] = mapped_column(JSON, default=list)
    campaign_kinds: Mapped[list] = mapped_column(JSON, default=list)
    unit_concerned: Mapped[str] = mapped_column(String(20), default="lead_unit")
    target_posts: Mapped[list] = mapped_column(JSON, default=list)
    # Posts by the kind of unit interviewed, e.g. {"department": ["unit_leader_in_charge", "unit_head"]};
    # a kind not listed uses target_posts.
    target_posts_by_kind: Mapped[dict] = mapped_column(JSON, default=dict)
    include_subject_person: Mapped[bool] = mapped_column(default=False)
    # A post code (resolved to the person holding it) or a plain name such as 驻村帮扶工作领导小组.
    conducted_by: Mapped[str] = mapped_column(String(100), default="district_leader_in_charge")
    plan_within_working_days: Mapped[int] = mapped_column(default=5)
    # Consequences: when the unit's count of 约谈 in a calendar year reaches the threshold.
    strike_threshold: Mapped[int] = mapped_column(default=2)
    # Who bears what, as the source says: [{"kind", "bearer", "points"?, "note"?}], bearer one of
    # unit_concerned, backer_unit, work_team, work_team_members or post:<code> (people.BEARERS).
    # Empty: the older form below (the unit concerned is disqualified and loses points_deduction).
    consequences: Mapped[list] = mapped_column(JSON, default=list)
    disqualify_unit: Mapped[bool] = mapped_column(default=True)
    points_deduction: Mapped[float] = mapped_column(Float, default=0.0)
    # At once, for the person the finding is about (seed 003).
    disqualify_subject_person: Mapped[bool] = mapped_column(default=False)


class Interview(Base):
    """One 约谈. ``episode_key`` is unique: one per policy, ticket (or node) and deadline."""

    __tablename__ = "interview"
    __table_args__ = (Index("ix_interview_unit_id_year", "unit_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    episode_key: Mapped[str] = mapped_column(String(200), unique=True)
    policy_id: Mapped[int] = mapped_column(ForeignKey("escalation_policy.id"))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id"), index=True)
    milestone_id: Mapped[int | None] = mapped_column(ForeignKey("milestone.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))
    year: Mapped[int]
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(Text, default="")
    conducted_by: Mapped[str] = mapped_column(String(200))
    conducted_by_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    # None while the date needs a calendar year not yet imported (late December); waiting_reason says so.
    planned_on: Mapped[date | None]
    waiting_reason: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="planned")
    held_on: Mapped[date | None]
    minutes: Mapped[str] = mapped_column(Text, default="")
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)

    @property
    def status_label(self) -> str:
        return INTERVIEW_STATUSES.get(self.status, self.status)

    @property
    def planned_label(self) -> str:
        return self.planned_on.isoformat() if self.planned_on else f"待定（{self.waiting_reason or '日期未定'}）"


class InterviewTarget(Base):
    """Someone to be interviewed: a post, and the person holding it when the register knows them."""

    __tablename__ = "interview_target"

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interview.id", ondelete="CASCADE"), index=True)
    post: Mapped[str | None] = mapped_column(String(40))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"))
    label: Mapped[str] = mapped_column(String(200))


class InterviewAttachment(Base):
    __tablename__ = "interview_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interview.id", ondelete="CASCADE"), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(300))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Sanction(Base):
    """A consequence for a unit or person in a year; one row per kind, subject, year and the unit whose
    strikes caused it (``source_unit_id``: a backer unit can be sanctioned for two villages' strikes)."""

    __tablename__ = "sanction"

    id: Mapped[int] = mapped_column(primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(30))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    year: Mapped[int]
    points: Mapped[float | None] = mapped_column(Float)
    # Who bears it (people.BEARERS, post:<code>, subject_person) and as whom, e.g. 「后盾单位 琼海市农业农村局」
    # or 「东风村村党组织书记（未登记）」 when the post is vacant; note: which assessment (单位绩效考核 …).
    bearer: Mapped[str] = mapped_column(String(60), default="unit_concerned")
    label: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(String(200), default="")
    source_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="active")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    @property
    def kind_label(self) -> str:
        return SANCTION_KINDS.get(self.kind, self.kind)

    @property
    def bearer_label(self) -> str:
        return bearer_label(self.bearer)


class SanctionInterview(Base):
    """Which 约谈 a sanction rests on (both of them, for a second strike)."""

    __tablename__ = "sanction_interview"
    __table_args__ = (UniqueConstraint("sanction_id", "interview_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sanction_id: Mapped[int] = mapped_column(ForeignKey("sanction.id", ondelete="CASCADE"), index=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interview.id"), index=True)

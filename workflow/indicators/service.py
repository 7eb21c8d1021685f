"""Indicator verbs: define the targets (the office), record an actual (inspectors and the office).

An actual is a new row every time (history kept, the latest counts), for a town or village in the
campaign's scope that the recorder may see. Rule 19's four (小额信贷逾期率 < 0.5%, 衔接资金支出进度 ≥ 75%
by a date, 项目开工率 ≥ 85%, 产业比重 ≥ 55%) are ``RULE_19`` for a one-step setup.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.adminlog import service as adminlog
from workflow.campaigns.access import campaign_for_editing, campaign_for_entry, in_scope
from workflow.campaigns.service import get_campaign
from workflow.errors import InvalidInput, NotFound
from workflow.indicators.models import Indicator, IndicatorActual
from workflow.indicators.schemas import ActualIn, IndicatorIn
from workflow.orgs.models import OrgUnit
from workflow.orgs.service import get_visible_unit

UNIT_KINDS = ("town", "village")


def rule_19(due_on: date | None = None) -> list[IndicatorIn]:
    """``due_on``: the 衔接资金 date (001: 「9月底支出进度75%」); the others have none."""
    return [IndicatorIn(name="小额信贷逾期率", comparison="<", target=0.5),
            IndicatorIn(name="衔接资金支出进度", comparison=">=", target=75, due_on=due_on),
            IndicatorIn(name="项目开工率", comparison=">=", target=85),
            IndicatorIn(name="产业比重", comparison=">=", target=55)]


def define_indicator(session: Session, *, actor: Actor, campaign_id: int, data: IndicatorIn,
                     now: datetime) -> Indicator:
    campaign = campaign_for_editing(session, actor, campaign_id)
    name = data.name.strip()
    if not name:
        raise InvalidInput("指标名称不能为空", detail={"field": "name"})
    if session.scalar(select(Indicator.id).where(Indicator.campaign_id == campaign.id, Indicator.name == name)):
        raise InvalidInput(f"本次督查已有指标“{name}”", detail={"field": "name"})
    indicator = Indicator(campaign_id=campaign.id, name=name, unit=data.unit.strip(), comparison=data.comparison,
                          target=data.target, due_on=data.due_on)
    session.add(indicator)
    session.flush()
    adminlog.record(session, actor=actor, at=now, entity_kind="campaign", entity_id=campaign.id, action="create",
                    after=adminlog.snapshot(indicator), summary=f"新增指标：{name}{indicator.target_label}")
    return indicator


def indicators_of(session: Session, actor: Actor, campaign_id: int) -> list[Indicator]:
    campaign = get_campaign(session, actor, campaign_id)
    return list(session.scalars(select(Indicator).where(Indicator.campaign_id == campaign.id).order_by(Indicator.id)))


def get_indicator(session: Session, actor: Actor, indicator_id: int) -> Indicator:
    indicator = session.get(Indicator, indicator_id)
    if indicator is None:
        raise NotFound("指标不存在或无权查看")
    get_campaign(session, actor, indicator.campaign_id)  # NotFound when the campaign is not visible
    return indicator


def record_actual(session: Session, *, actor: Actor, indicator_id: int, data: ActualIn, now: datetime,
                  source: str = "manual") -> IndicatorActual:
    indicator = get_indicator(session, actor, indicator_id)
    campaign = campaign_for_entry(session, actor, indicator.campaign_id)
    unit = get_visible_unit(session, actor, data.org_unit_id, what="填报单位")
    check_unit(session, campaign, unit)
    actual = IndicatorActual(indicator_id=indicator.id, org_unit_id=unit.id, value=data.value, recorded_at=now,
                             recorded_by=actor.person_id, source=source, note=(data.note or "").strip() or None)
    session.add(actual)
    session.flush()
    return actual


def check_unit(session: Session, campaign, unit: OrgUnit) -> None:
    if unit.kind not in UNIT_KINDS:
        raise InvalidInput(f"指标只能按乡镇或村（社区）填报：{unit.name}", detail={"field": "org_unit_id"})
    if not in_scope(session, campaign, unit):
        raise InvalidInput(f"{unit.name}不在本次督查的范围内", detail={"field": "org_unit_id"})


__all__ = ["define_indicator", "get_indicator", "indicators_of", "record_actual", "rule_19"]

"""Where each unit stands against each indicator: the latest actual counts, earlier ones are history.

Green when the latest actual meets the target, red when it does not. ``indicators_met`` (a ranking
criterion) is the share of a unit's indicators with an actual that meet their target; a unit with no
actual yet has no share (unrated, like a town with nothing judged).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.indicators.models import Indicator, IndicatorActual
from workflow.indicators.service import indicators_of
from workflow.orgs.models import OrgUnit
from workflow.orgs.scope import visible_unit_ids


@dataclass
class Standing:
    indicator: Indicator
    unit: OrgUnit
    latest: IndicatorActual
    history: list[IndicatorActual]  # newest first, the latest included

    @property
    def met(self) -> bool:
        return self.indicator.met_by(self.latest.value)


@dataclass
class IndicatorBoard:
    indicators: list[Indicator]
    standings: list[Standing] = field(default_factory=list)

    @property
    def red(self) -> list[Standing]:
        return [s for s in self.standings if not s.met]

    def of(self, indicator_id: int) -> list[Standing]:
        return [s for s in self.standings if s.indicator.id == indicator_id]


def indicator_board(session: Session, actor: Actor, campaign_id: int) -> IndicatorBoard:
    indicators = indicators_of(session, actor, campaign_id)
    by_id = {i.id: i for i in indicators}
    rows = session.execute(
        select(IndicatorActual, OrgUnit).join(OrgUnit, OrgUnit.id == IndicatorActual.org_unit_id)
        .where(IndicatorActual.indicator_id.in_(list(by_id)),
               IndicatorActual.org_unit_id.in_(visible_unit_ids(actor)))
        .order_by(IndicatorActual.recorded_at.desc(), IndicatorActual.id.desc())).all() if by_id else []
    grouped: dict[tuple[int, int], Standing] = {}
    for actual, unit in rows:
        key = (actual.indicator_id, unit.id)
        if key not in grouped:
            grouped[key] = Standing(by_id[actual.indicator_id], unit, actual, [])
        grouped[key].history.append(actual)
    order = {i.id: n for n, i in enumerate(indicators)}
    standings = sorted(grouped.values(), key=lambda s: (order[s.indicator.id], s.unit.path))
    return IndicatorBoard(indicators, standings)


def met_shares(session: Session, actor: Actor, campaign_id: int) -> dict[int, float]:
    """Per unit with an actual: met / measured over the campaign's indicators."""
    counts: dict[int, list[int]] = {}
    for s in indicator_board(session, actor, campaign_id).standings:
        c = counts.setdefault(s.unit.id, [0, 0])
        c[0] += s.met
        c[1] += 1
    return {unit_id: met / measured for unit_id, (met, measured) in counts.items()}


__all__ = ["IndicatorBoard", "Standing", "indicator_board", "met_shares"]

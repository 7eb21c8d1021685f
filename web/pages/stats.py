"""Statistics per town (进度统计表) with a chart, the ranking and the red/black list (红黑榜)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from web.deps import ClockDep, DbSession, SettingsDep
from web.pages.forms import optional_int_or_none
from web.pages.render import PageActor, render
from workflow.campaigns.service import list_campaigns
from workflow.clock import to_local
from workflow.counters.ranking import weighted_ranking, weights_for
from workflow.counters.weights import DEFAULT_WEIGHTS, RankingWeights
from workflow.errors import InvalidInput
from workflow.ledger.ranking import RedBlackThresholds, rank_units
from workflow.ledger.stats import town_progress
from workflow.tickets.queries import TicketFilters

router = APIRouter()


@router.get("/stats")
def stats(request: Request, actor: PageActor, session: DbSession, clock: ClockDep, settings: SettingsDep,
          campaign_id: str = "", red_at: str = "", black_below: str = "", weights: str = ""):
    configured = RedBlackThresholds.from_settings(settings)
    typed = {"campaign_id": campaign_id, "red_at": red_at or f"{configured.red_min_rate * 100:g}",
             "black_below": black_below or f"{configured.black_below_rate * 100:g}", "weights": weights}
    chosen_campaign = optional_int_or_none(campaign_id)
    rows = town_progress(session, actor, now=clock.now(), filters=TicketFilters(campaign_id=chosen_campaign))
    error, chosen = None, RankingWeights()
    try:
        chosen = weights_for(session, requested=RankingWeights.parse(weights), campaign_id=chosen_campaign)
        boards = weighted_ranking(session, actor, rows, now=clock.now(), thresholds=_thresholds(typed), weights=chosen,
                                  campaign_id=chosen_campaign)
    except InvalidInput as exc:
        error, boards = exc.message, rank_units(rows, configured)
    chart = {
        "towns": [r.name for r in rows],
        "series": [  # pairs, not a dict: tojson sorts keys and the legend must keep this order
            ["待交办", [r.waiting for r in rows]],
            *([label, [getattr(r, key) for r in rows]] for key, label in
              (("assigned", "已交办"), ("rectifying", "整改中"), ("verified", "已验收"), ("closed", "已销号"),
               ("ongoing", "持续整改"))),
        ],
        "overdue": [r.overdue for r in rows],
    }
    return render(request, "stats.html", {
        "rows": rows, "boards": boards, "chart": chart, "values": typed, "error": error,
        "campaigns": list_campaigns(session, actor), "now": clock.now(),
        "weights": chosen, "weighted": chosen.weights != DEFAULT_WEIGHTS, "year": to_local(clock.now()).year,
    }, actor=actor, status=422 if error else 200)


def _thresholds(typed: dict[str, str]) -> RedBlackThresholds:
    red, black = _percent(typed["red_at"], "red_at"), _percent(typed["black_below"], "black_below")
    try:
        return RedBlackThresholds(red_min_rate=red, black_below_rate=black)
    except ValueError as exc:
        raise InvalidInput("红榜门槛须不低于黑榜门槛，且都在 0%–100% 之间",
                           detail={"red_at": red, "black_below": black}) from exc


def _percent(raw: str, field: str) -> float:
    try:
        return float(raw) / 100
    except ValueError as exc:
        raise InvalidInput("门槛须是 0 到 100 之间的数字", detail={"field": field}) from exc

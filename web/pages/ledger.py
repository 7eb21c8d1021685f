"""The ledger (整改台账): every visible ticket, filtered, newest first, keyset-paginated (ledger/browse.py)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request

from web.deps import ClockDep, DbSession
from web.pages.forms import optional_int_or_none
from web.pages.render import PageActor, lights_for, render
from workflow.campaigns.service import list_campaigns
from workflow.checklists.queries import list_areas
from workflow.clock import to_local
from workflow.counters.mentions import ISSUERS
from workflow.ledger.browse import ledger_page
from workflow.ledger.bulletin import BULLETIN_ROLES
from workflow.ledger.periods import recent_half_years
from workflow.orgs.service import list_visible_units
from workflow.tickets.queries import TicketFilters
from workflow.tickets.rework import reworked_ids
from workflow.urging.service import urge_counts

router = APIRouter()

FILTER_FIELDS = ("campaign_id", "unit_id", "state", "overdue", "source", "area", "q")


def ledger_filters(clock: ClockDep, campaign_id: str = "", unit_id: str = "", state: str = "", overdue: str = "",
                   source: str = "", area: str = "", q: str = "") -> TicketFilters:
    """The ledger's filter form as typed (strings; a value that is not a number counts as not chosen)."""
    return TicketFilters(
        campaign_id=optional_int_or_none(campaign_id), unit_id=optional_int_or_none(unit_id), state=state or None,
        source=source or None, overdue_at=clock.now() if overdue else None,
        checklist_area=area or None, text=q.strip()[:100] or None,
    )


LedgerFilters = Annotated[TicketFilters, Depends(ledger_filters)]


@router.get("/ledger")
def ledger(request: Request, actor: PageActor, session: DbSession, clock: ClockDep, filters: LedgerFilters,
           campaign_id: str = "", unit_id: str = "", state: str = "", overdue: str = "", source: str = "",
           area: str = "", q: str = "", after: str = "", before: str = ""):
    page = ledger_page(session, actor, filters, after=optional_int_or_none(after),
                       before=optional_int_or_none(before))
    typed = {"campaign_id": campaign_id, "unit_id": unit_id, "state": state, "overdue": overdue, "source": source,
             "area": area, "q": q}
    campaigns = list_campaigns(session, actor)
    return render(request, "ledger.html", {
        "page": page, "values": typed, "now": clock.now(), "lights": lights_for(request, session, page.tickets),
        "urged": urge_counts(session, [t.id for t in page.tickets]),
        "campaigns": campaigns, "towns": list_visible_units(session, actor, kind="town"),
        "areas": _areas(session, campaigns, filters.campaign_id),
        "reworked": reworked_ids(session, [t.id for t in page.tickets]),
        "query": urlencode({k: v for k, v in typed.items() if v}), "may_bulletin": actor.has_any(*BULLETIN_ROLES),
        "may_issue": actor.has_any(*ISSUERS),
        "half_years": recent_half_years(to_local(clock.now()).date()),
    }, actor=actor)


def _areas(session, campaigns: list, campaign_id: int | None) -> list[str]:
    """The 细则领域 filter offers the chosen campaign's checklist areas only (none when it has no checklist)."""
    chosen = next((c for c in campaigns if c.id == campaign_id), None)
    if chosen is None:
        return list_areas(session)
    return list_areas(session, checklist_id=chosen.checklist_id) if chosen.checklist_id else []

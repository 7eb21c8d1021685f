"""The ticket list's query parameters as one dependency, so the ledger export, statistics and
``GET /tickets`` can take exactly the same filters."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Annotated

from fastapi import Depends, Query

from web.deps import ClockDep
from workflow.bounds import CivilDate, RowId
from workflow.clock import LOCAL_TZ
from workflow.tickets.queries import TicketFilters


def ticket_filters(
    clock: ClockDep,
    state: str | None = None, campaign_id: RowId | None = None, unit_id: RowId | None = None,
    source: str | None = None, severity: str | None = None, overdue: bool = False,
    q: Annotated[str | None, Query(max_length=100)] = None,
    area: Annotated[str | None, Query(max_length=100, description="督导细则领域")] = None,
    found_from: Annotated[CivilDate | None, Query(description="发现日期起（含）")] = None,
    found_to: Annotated[CivilDate | None, Query(description="发现日期止（含）")] = None,
) -> TicketFilters:
    return TicketFilters(
        state=state, campaign_id=campaign_id, unit_id=unit_id, source=source, severity=severity,
        overdue_at=clock.now() if overdue else None, text=q, checklist_area=area or None,
        found_from=datetime.combine(found_from, time(0), tzinfo=LOCAL_TZ) if found_from else None,
        found_before=datetime.combine(found_to + timedelta(days=1), time(0), tzinfo=LOCAL_TZ) if found_to else None,
    )


TicketFiltersDep = Annotated[TicketFilters, Depends(ticket_filters)]

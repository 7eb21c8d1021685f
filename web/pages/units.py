"""A unit's page (单位情况): its consequence counters for a year (催办, 督办函, 通报, 约谈, 退回, 返工, 反弹),
read through ``workflow/counters``; an invisible unit is 404 like everywhere else."""

from __future__ import annotations

from fastapi import APIRouter, Request

from web.deps import ClockDep, DbSession
from web.pages import forms
from web.pages.render import PageActor, render
from workflow.bounds import RowId
from workflow.counters.queries import COUNTER_LABELS
from workflow.counters.service import counters_of
from workflow.deadlines.local_time import local_date

router = APIRouter()


@router.get("/units/{unit_id:int}")
def unit_page(unit_id: RowId, request: Request, actor: PageActor, session: DbSession, clock: ClockDep,
              year: str = ""):
    found = counters_of(session, actor=actor, unit_id=unit_id, year=forms.optional_int_or_none(year), now=clock.now())
    this_year = local_date(clock.now()).year
    return render(request, "units/detail.html", {
        "found": found, "labels": COUNTER_LABELS, "counts": found.counters.as_dict(),
        "years": list(range(this_year, this_year - 5, -1)),
    }, actor=actor)

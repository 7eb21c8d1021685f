"""JSON API under /api/v1."""

from fastapi import APIRouter

from web.api import (
    accounts,
    acknowledgements,
    admin_changes,
    audit,
    auth,
    cadence,
    calendar,
    campaign_events,
    campaigns,
    channels,
    checklists,
    deadlines,
    evidence,
    imports,
    indicators,
    inspections,
    interviews,
    ledger,
    letters,
    org_units,
    outbox,
    outcomes,
    people,
    returns,
    roster_imports,
    samples,
    scores,
    surveys,
    tickets,
    urgings,
)

router = APIRouter(prefix="/api/v1")
for module in (auth, accounts, org_units, campaigns, checklists, tickets, evidence, calendar, deadlines, interviews,
               channels, outbox, imports, ledger, audit, people, roster_imports, admin_changes, inspections,
               outcomes, urgings, returns, letters, acknowledgements, surveys, indicators, cadence, samples, scores,
               campaign_events):
    router.include_router(module.router)

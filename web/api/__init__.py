"""JSON API under /api/v1."""

from fastapi import APIRouter

from web.api import (
    auth,
    calendar,
    campaigns,
    channels,
    checklists,
    deadlines,
    evidence,
    imports,
    inspections,
    interviews,
    ledger,
    org_units,
    outbox,
    tickets,
)

router = APIRouter(prefix="/api/v1")
for module in (auth, org_units, campaigns, checklists, tickets, evidence, calendar, deadlines, interviews, channels,
               outbox, imports, ledger, inspections):
    router.include_router(module.router)

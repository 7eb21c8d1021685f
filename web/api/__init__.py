"""JSON API under /api/v1."""

from fastapi import APIRouter

from web.api import (
    accounts,
    auth,
    calendar,
    campaigns,
    channels,
    checklists,
    deadlines,
    evidence,
    imports,
    interviews,
    ledger,
    org_units,
    outbox,
    tickets,
)

router = APIRouter(prefix="/api/v1")
for module in (auth, accounts, org_units, campaigns, checklists, tickets, evidence, calendar, deadlines, interviews,
               channels, outbox, imports, ledger):
    router.include_router(module.router)

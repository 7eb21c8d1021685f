"""Server-rendered pages."""

from fastapi import APIRouter

from web.pages import (
    auth,
    bulk,
    campaigns,
    deadlines,
    filing,
    home,
    imports,
    inspections,
    interviews,
    ledger,
    notifications,
    stats,
    tickets,
    worklists,
)

router = APIRouter(include_in_schema=False)
for module in (home, auth, campaigns, bulk, inspections, filing, tickets, deadlines, worklists, ledger, stats, imports,
               interviews, notifications):
    router.include_router(module.router)

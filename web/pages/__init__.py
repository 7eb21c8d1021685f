"""Server-rendered pages."""

from fastapi import APIRouter

from web.pages import (
    auth,
    bulk,
    campaigns,
    deadlines,
    filing,
    first_login,
    home,
    imports,
    inspections,
    interviews,
    ledger,
    notifications,
    org_admin,
    people_admin,
    stats,
    tickets,
    worklists,
)

router = APIRouter(include_in_schema=False)
for module in (home, auth, campaigns, bulk, inspections, filing, tickets, deadlines, worklists, ledger, stats, imports,
               interviews, notifications, org_admin, people_admin, first_login):
    router.include_router(module.router)

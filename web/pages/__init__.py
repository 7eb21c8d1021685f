"""Server-rendered pages."""

from fastapi import APIRouter

from web.csrf import CsrfChecked
from web.pages import (
    account,
    accounts,
    auth,
    campaigns,
    deadlines,
    filing,
    home,
    imports,
    interviews,
    ledger,
    notifications,
    stats,
    tickets,
    worklists,
)

# Every state-changing page route checks the CSRF token, whether or not it names CsrfChecked itself.
router = APIRouter(include_in_schema=False, dependencies=[CsrfChecked])
for module in (home, auth, account, accounts, campaigns, filing, tickets, deadlines, worklists, ledger, stats, imports,
               interviews, notifications):
    router.include_router(module.router)

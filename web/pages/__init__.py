"""Server-rendered pages."""

from fastapi import APIRouter

from web.pages import auth, campaigns, filing, home, imports, ledger, stats, tickets, worklists

router = APIRouter(include_in_schema=False)
for module in (home, auth, campaigns, filing, tickets, worklists, ledger, stats, imports):
    router.include_router(module.router)

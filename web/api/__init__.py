"""JSON API under /api/v1."""

from fastapi import APIRouter

from web.api import auth, campaigns, checklists, evidence, imports, ledger, org_units, tickets

router = APIRouter(prefix="/api/v1")
for module in (auth, org_units, campaigns, checklists, tickets, evidence, imports, ledger):
    router.include_router(module.router)

"""JSON API under /api/v1."""

from fastapi import APIRouter

from web.api import auth, campaigns, channels, checklists, evidence, org_units, outbox, tickets

router = APIRouter(prefix="/api/v1")
for module in (auth, org_units, campaigns, checklists, tickets, evidence, channels, outbox):
    router.include_router(module.router)

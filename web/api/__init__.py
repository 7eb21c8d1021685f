"""JSON API under /api/v1."""

from fastapi import APIRouter

from web.api import auth, calendar, campaigns, checklists, deadlines, evidence, interviews, org_units, tickets

router = APIRouter(prefix="/api/v1")
for module in (auth, org_units, campaigns, checklists, tickets, evidence, calendar, deadlines, interviews):
    router.include_router(module.router)

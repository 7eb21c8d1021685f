"""Server-rendered pages."""

from fastapi import APIRouter

from web.csrf import CsrfChecked
from web.pages import (
    account,
    accounts,
    acknowledge,
    auth,
    bulk,
    cadence,
    campaign_results,
    campaigns,
    deadlines,
    downloads,
    evidence_flags,
    filing,
    first_login,
    home,
    imports,
    inspections,
    interviews,
    ledger,
    notifications,
    org_admin,
    outcomes,
    people_admin,
    practice,
    samples,
    scores,
    stats,
    tickets,
    units,
    worklists,
)

# Every state-changing page route checks the CSRF token, whether or not it names CsrfChecked itself.
router = APIRouter(include_in_schema=False, dependencies=[CsrfChecked])
for module in (home, auth, account, accounts, campaigns, bulk, inspections, filing, tickets, deadlines, worklists,
               ledger, downloads, stats, evidence_flags, imports, interviews, notifications, org_admin, people_admin,
               first_login, units, outcomes, practice, acknowledge, campaign_results, cadence, samples, scores):
    router.include_router(module.router)

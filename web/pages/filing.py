"""The "file a problem" form (登记问题) and its checklist-item picker (htmx partial).

Photos come straight from the phone camera; app.js shrinks them in the browser and posts the
form with XMLHttpRequest to show progress. Without JavaScript the same form posts normally.
Filing and the finding photos go in one transaction: a bad photo files nothing.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy.orm import Session

from web.csrf import CsrfChecked
from web.deps import ClockDep, DbSession, StoreDep
from web.pages import forms
from web.pages.render import Form, PageActor, done, form_failure, render
from workflow.actor import Actor
from workflow.bounds import RowId
from workflow.campaigns.service import get_campaign, list_campaigns
from workflow.checklists.queries import get_item, search_items
from workflow.errors import DomainError, NotFound
from workflow.orgs.service import list_visible_units
from workflow.tickets.evidence import EvidenceRules, attach_evidence
from workflow.tickets.filing import ensure_filer, file_ticket

router = APIRouter()

PLACE_KINDS = ("district", "town", "village")
# The policy picker's choices (workflow/deadlines/policies.py kinds; "none" files without a limit).
DEADLINE_KINDS = [("fixed_date", "指定日期"), ("working_days", "N 个工作日"), ("calendar_days", "N 日（自然日）"),
                  ("immediate", "立行立改"), ("timetable", "整改时间表"), ("none", "暂不设定")]


def _context(session: Session, actor: Actor, typed: dict[str, str]) -> dict:
    units = list_visible_units(session, actor)
    campaign_id = forms.optional_int_or_none(typed.get("campaign_id"))
    return {
        "values": typed, "deadline_kinds": DEADLINE_KINDS, "milestone_rows": forms.MILESTONE_ROWS,
        "campaigns": list_campaigns(session, actor),
        "places": [u for u in units if u.kind in PLACE_KINDS],
        "lead_units": units,
        "picker": _picker(session, actor, campaign_id, typed.get("item_q", ""),
                          forms.optional_int_or_none(typed.get("checklist_item_id"))),
    }


def _picker(session: Session, actor: Actor, campaign_id: RowId | None, q: str, chosen_id: RowId | None) -> dict:
    """The item picker's state: the chosen item first, then what the search finds in the campaign's checklist."""
    try:
        campaign = get_campaign(session, actor, campaign_id) if campaign_id else None
    except NotFound:
        campaign = None
    chosen = get_item(session, chosen_id)
    items = search_items(session, campaign.checklist_id, q.strip(), limit=30) if campaign and campaign.checklist_id \
        else []
    return {"campaign": campaign, "q": q, "chosen": chosen, "items": [i for i in items if i != chosen]}


@router.get("/tickets/new")
def new_ticket(request: Request, actor: PageActor, session: DbSession, campaign_id: str = ""):
    ensure_filer(actor)
    typed = dict.fromkeys(forms.TICKET_FIELDS, "") | {"campaign_id": campaign_id, "severity": "general",
                                                      "source": "inspection", "deadline_kind": "fixed_date"}
    return render(request, "tickets/new.html", _context(session, actor, typed), actor=actor)


@router.post("/tickets/new", dependencies=[CsrfChecked])
def file_problem(request: Request, actor: PageActor, session: DbSession, clock: ClockDep, store: StoreDep,
                 form: Form):
    typed = forms.values(form)
    try:
        ticket = file_ticket(session, actor=actor, data=forms.ticket_create(form), now=clock.now())
        photos = forms.uploads(form, "photos")
        if photos:
            attach_evidence(session, actor=actor, ticket_id=ticket.id, stage="found", uploads=photos,
                            comment="发现问题时的照片", now=clock.now(), store=store,
                            rules=EvidenceRules.from_settings(request.app.state.settings))
    except DomainError as exc:
        return form_failure(request, session, exc, "tickets/new.html", lambda: _context(session, actor, typed),
                            actor=actor)
    return done(request, f"/tickets/{ticket.id}")


@router.get("/pickers/checklist-items")
def checklist_item_picker(request: Request, actor: PageActor, session: DbSession, campaign_id: str = "",
                          item_q: str = "", checklist_item_id: str = ""):
    picker = _picker(session, actor, forms.optional_int_or_none(campaign_id), item_q,
                     forms.optional_int_or_none(checklist_item_id))
    return render(request, "tickets/_item_picker.html", {"picker": picker}, actor=actor)

"""The "file a problem" form (登记问题) and its checklist-item picker (htmx partial).

Photos come straight from the phone camera; app.js shrinks them in the browser and posts the
form with XMLHttpRequest to show progress. Without JavaScript the same form posts normally.
Filing, the finding photos and 「登记并交办」's 交办 go in one transaction: a bad photo files nothing.

The form carries a one-time ``filing_key`` (workflow/tickets/filing_keys.py): a double tap or a re-sent
POST answers with the ticket the first post filed. Before the photos go over a slow network, app.js posts
the fields alone with ``validate_only``: the same service runs and is rolled back, so every refusal the
server would make (a missing day count, a date before the finding, a duplicate) is known first.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from web.csrf import CsrfChecked
from web.deps import ClockDep, DbSession, StoreDep
from web.pages import forms
from web.pages.render import Form, PageActor, done, form_failure, render
from web.pages.unit_picker import grouped
from workflow.actor import Actor
from workflow.bounds import RowId
from workflow.campaigns.service import get_campaign, list_campaigns
from workflow.checklists.queries import get_item, search_items
from workflow.errors import DomainError, NotFound
from workflow.orgs.models import OrgUnit
from workflow.orgs.service import list_visible_units
from workflow.tickets.duplicates import PossibleDuplicate
from workflow.tickets.evidence import EvidenceRules
from workflow.tickets.filing import ensure_filer
from workflow.tickets.filing_keys import new_key
from workflow.tickets.filing_once import Filed, file_once

router = APIRouter()

PLACE_KINDS = ("district", "town", "village")
ON_THE_SPOT_FIELDS = ("on_the_spot", "spot_comment")
# The policy picker's choices (workflow/deadlines/policies.py kinds; "none" files without a limit).
DEADLINE_KINDS = [("fixed_date", "指定日期"), ("working_days", "限定工作日"), ("calendar_days", "限定天数（自然日）"),
                  ("immediate", "立行立改"), ("timetable", "整改时间表"), ("none", "暂不设定")]


FILING_FIELDS = (*forms.TICKET_FIELDS, "filing_key", "confirm_duplicate", "then", *ON_THE_SPOT_FIELDS)


def _context(session: Session, actor: Actor, typed: dict[str, str], duplicates: list | None = None) -> dict:
    units = list_visible_units(session, actor)
    campaign_id = forms.optional_int_or_none(typed.get("campaign_id"))
    return {
        "values": typed, "deadline_kinds": DEADLINE_KINDS, "milestone_rows": forms.MILESTONE_ROWS,
        "campaigns": list_campaigns(session, actor), "duplicates": duplicates or [],
        "places": grouped([u for u in units if u.kind in PLACE_KINDS]),
        "lead_units": grouped(units),
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
    typed = dict.fromkeys(FILING_FIELDS, "") | {"campaign_id": campaign_id, "severity": "general",
                                                "source": "inspection", "deadline_kind": "fixed_date",
                                                "filing_key": new_key()}
    return render(request, "tickets/new.html", _context(session, actor, typed), actor=actor)


@router.post("/tickets/new", dependencies=[CsrfChecked])
def file_problem(request: Request, actor: PageActor, session: DbSession, clock: ClockDep, store: StoreDep,
                 form: Form):
    ensure_filer(actor)
    typed, checking = forms.values(form, FILING_FIELDS), bool(form.get("validate_only"))
    try:
        filed = file_once(session, actor=actor, request=forms.filing_request(form, with_photos=not checking),
                          now=clock.now(), store=store,
                          rules=EvidenceRules.from_settings(request.app.state.settings))
    except DomainError as exc:
        duplicates = exc.detail["duplicates"] if isinstance(exc, PossibleDuplicate) else None
        return form_failure(request, session, exc, "tickets/new.html",
                            lambda: _context(session, actor, typed, duplicates), actor=actor)
    if checking and not filed.replayed:
        session.rollback()  # only asked whether the form would be accepted
        return JSONResponse({"valid": True})
    return done(request, f"/tickets/{filed.ticket.id}", **_filed_message(session, filed))


def _filed_message(session: Session, filed: Filed) -> dict:
    """What happened and what comes next, shown once on the ticket page."""
    t = filed.ticket
    lead = session.get(OrgUnit, t.lead_unit_id) if t.lead_unit_id else None
    if filed.replayed:
        return {"message": f"{t.number} 已登记过，重复提交的表单没有再次登记。", "kind": "warning"}
    if t.on_the_spot:
        return {"message": f"已登记并销号（立行立改）：{t.number}，计入问题清单和通报。"}
    if filed.assigned:
        return {"message": f"已登记并交办 {t.number}：已通知{lead.name}，下一步由其签收并填写整改措施。"}
    if lead is not None:
        return {"message": f"已登记 {t.number}。下一步：核对后点“交办”，交{lead.name}整改。"}
    return {"message": f"已登记 {t.number}。下一步：指定牵头责任单位后交办。"}


@router.get("/pickers/checklist-items")
def checklist_item_picker(request: Request, actor: PageActor, session: DbSession, campaign_id: str = "",
                          item_q: str = "", checklist_item_id: str = ""):
    picker = _picker(session, actor, forms.optional_int_or_none(campaign_id), item_q,
                     forms.optional_int_or_none(checklist_item_id))
    return render(request, "tickets/_item_picker.html", {"picker": picker}, actor=actor)

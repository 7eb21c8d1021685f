"""The 确认收到 link from a reminder, an urging or a 约谈 notice: no login, the token is the only credential.

GET shows what the message was and a confirm button; POST records the confirmation and redirects back
to the GET, which then says when it was confirmed. Why not record on GET: chat apps (WeCom included)
fetch links to build previews and security scanners open them, so a recording GET would confirm
messages nobody read. The POST goes through the pages router's CSRF check like every form (the
anonymous session gets its token when the GET renders the form), the token names one acknowledgement
and grants only this action, and a second POST (double click, second tab) changes nothing. A forged
token answers 404, an expired one 410, each with a Chinese page.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from web.csrf import CsrfChecked
from web.deps import ClockDep, DbSession, SettingsDep
from web.pages.render import render
from workflow.acknowledgements.service import confirm, for_token
from workflow.tickets.models import Ticket

router = APIRouter()


@router.get("/ack/{token}")
def acknowledgement_page(token: str, request: Request, session: DbSession, settings: SettingsDep, clock: ClockDep):
    ack = for_token(session, settings.resolved_secret(), token, now=clock.now())
    ticket = session.get(Ticket, ack.ticket_id) if ack.ticket_id else None
    return render(request, "acknowledge.html", {"ack": ack, "ticket": ticket, "token": token})


@router.post("/ack/{token}", dependencies=[CsrfChecked])
def acknowledge(token: str, session: DbSession, settings: SettingsDep, clock: ClockDep):
    confirm(session, settings.resolved_secret(), token, now=clock.now())
    return RedirectResponse(f"/ack/{token}", status_code=303)

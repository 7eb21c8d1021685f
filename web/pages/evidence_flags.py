"""照片疑点统计: per town, photos flagged, flags overruled at 验收 and by whom, confirmed 虚假整改 (issue 16)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from web.deps import DbSession
from web.pages.forms import optional_int_or_none
from web.pages.render import PageActor, render
from workflow.campaigns.service import list_campaigns
from workflow.provenance.report import flag_report

router = APIRouter()


@router.get("/reports/evidence-flags")
def evidence_flags(request: Request, actor: PageActor, session: DbSession, campaign_id: str = ""):
    report = flag_report(session, actor=actor, campaign_id=optional_int_or_none(campaign_id))
    return render(request, "evidence_flags.html", {"report": report, "campaigns": list_campaigns(session, actor),
                                                   "values": {"campaign_id": campaign_id}}, actor=actor)

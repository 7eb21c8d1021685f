"""Bonus points (加分, rule 20, seed 003): proposed with evidence by a town, village or inspector; the office
approves or refuses; only approved entries count in the score. Every change is a campaign event.

Points follow the category: 国家级 +2, 省级 +1, 市级 +0.5 per entry; 中央主流媒体 +0.2 and 省主流媒体 +0.1
per article. The evidence file goes through the same checks and store as ticket evidence (size, type,
photos decoded). A decision is one conditional UPDATE on ``status = 'proposed'``, so two office users
deciding at once cannot both win.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.campaigns import events
from workflow.campaigns.models import Campaign
from workflow.campaigns.service import ensure_editor, get_campaign
from workflow.errors import ConcurrentChange, InvalidInput, NotFound, PermissionDenied, TransitionRefused
from workflow.orgs.models import OrgUnit
from workflow.orgs.scope import visible_unit_ids
from workflow.orgs.service import get_visible_unit
from workflow.scoring.models import BONUS_CATEGORIES, BONUS_STATUSES, BonusEntry
from workflow.scoring.schemas import BonusDecision, BonusIn
from workflow.tickets.storage import EvidenceStore
from workflow.uploads.checks import Upload, check_uploads

PROPOSERS = ("operator", "inspector", "office", "admin")
DECIDERS = ("office", "admin")


def points_for(category: str, articles: int) -> float:
    _label, each, per_article = BONUS_CATEGORIES[category]
    if not per_article and articles != 1:
        raise InvalidInput(f"{BONUS_CATEGORIES[category][0]}加分按项计，篇数须为1", detail={"field": "articles"})
    return round(each * articles, 2)


def propose_bonus(session: Session, *, actor: Actor, campaign_id: int, data: BonusIn, evidence: Upload | None,
                  now: datetime, store: EvidenceStore) -> BonusEntry:
    campaign = get_campaign(session, actor, campaign_id)
    if not actor.has_any(*PROPOSERS):
        raise PermissionDenied("只有乡镇、村（社区）、检查组或领导小组办公室可以申报加分")
    team = campaign.team_person_ids
    if actor.has_any("inspector") and not actor.has_any("office", "admin", "operator") and team \
            and actor.person_id not in team:
        raise PermissionDenied("您不是本次督查的检查组成员")
    unit = _unit_in_scope(session, actor, campaign, data.unit_id)
    points = points_for(data.category, data.articles)
    if evidence is None:
        raise InvalidInput("请上传加分的证明材料（文件、截图或照片）", detail={"field": "evidence"})
    checked = check_uploads([evidence], has_thumbnail=store.has_thumbnail_of)[0]
    sha = store.put(checked.content, thumbnail=checked.thumbnail)
    entry = BonusEntry(campaign_id=campaign.id, unit_id=unit.id, category=data.category, articles=data.articles,
                       points=points, awarded_on=data.awarded_on, description=data.description.strip(),
                       evidence_sha256=sha, evidence_filename=checked.filename,
                       evidence_content_type=checked.content_type, evidence_size=len(checked.content),
                       status="proposed", proposed_by_id=actor.person_id, proposed_at=now, decision_note="")
    session.add(entry)
    session.flush()
    events.record(session, campaign_id=campaign.id, kind="bonus_proposed", actor=actor, at=now,
                  summary=f"{unit.name}申报{entry.category_label}加分 {points:g} 分：{entry.description}",
                  data={"bonus_id": entry.id, "unit_id": unit.id, "category": data.category, "points": points,
                        "awarded_on": data.awarded_on.isoformat(), "evidence_sha256": sha})
    return entry


def _unit_in_scope(session: Session, actor: Actor, campaign: Campaign, unit_id: int) -> OrgUnit:
    unit = get_visible_unit(session, actor, unit_id, what="加分单位")
    if unit.kind not in ("town", "village"):
        raise InvalidInput("加分单位须为乡镇或村（社区）", detail={"field": "unit_id"})
    scope = [session.get(OrgUnit, uid) for uid in campaign.scope_unit_ids]
    if scope and not any(unit.path.startswith(u.path) for u in scope):
        raise InvalidInput(f"{unit.name}不在本次督查的范围内", detail={"field": "unit_id"})
    return unit


def decide_bonus(session: Session, *, actor: Actor, campaign_id: int, bonus_id: int, data: BonusDecision,
                 now: datetime) -> BonusEntry:
    campaign = get_campaign(session, actor, campaign_id)
    entry = get_bonus(session, actor, campaign.id, bonus_id)
    if not actor.has_any(*DECIDERS):
        raise PermissionDenied("只有领导小组办公室可以审核加分")
    ensure_editor(session, actor, campaign)
    if entry.status != "proposed":
        raise TransitionRefused(f"该加分已审核（{entry.status_label}），不能再改")
    note = data.note.strip()
    if not data.approve and not note:
        raise InvalidInput("不予认定须写明理由", detail={"field": "note"})
    status = "approved" if data.approve else "refused"
    changed = session.execute(update(BonusEntry).where(BonusEntry.id == entry.id, BonusEntry.status == "proposed")
                              .values(status=status, decided_by_id=actor.person_id, decided_at=now,
                                      decision_note=note)).rowcount
    if changed != 1:
        raise ConcurrentChange("该加分已被他人审核，请刷新后查看")
    session.refresh(entry)
    unit = session.get(OrgUnit, entry.unit_id)
    events.record(session, campaign_id=campaign.id, kind=f"bonus_{status}", actor=actor, at=now,
                  summary=f"{unit.name}{entry.category_label}加分 {entry.points:g} 分{BONUS_STATUSES[status]}"
                          + (f"：{note}" if note else ""),
                  data={"bonus_id": entry.id, "status": status, "note": note})
    return entry


def get_bonus(session: Session, actor: Actor, campaign_id: int, bonus_id: int) -> BonusEntry:
    entry = session.scalar(select(BonusEntry).where(BonusEntry.id == bonus_id, BonusEntry.campaign_id == campaign_id,
                                                    BonusEntry.unit_id.in_(visible_unit_ids(actor))))
    if entry is None:
        raise NotFound("加分记录不存在或无权查看")
    return entry


def list_bonuses(session: Session, actor: Actor, campaign_id: int) -> list[BonusEntry]:
    campaign = get_campaign(session, actor, campaign_id)
    return list(session.scalars(select(BonusEntry).where(BonusEntry.campaign_id == campaign.id,
                                                         BonusEntry.unit_id.in_(visible_unit_ids(actor)))
                                .order_by(BonusEntry.id)))

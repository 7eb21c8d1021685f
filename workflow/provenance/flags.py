"""What looks wrong about a new photo, decided once at upload and stored with it.

Each flag is a dict: ``kind``, ``label`` (short, for the badge), ``reason`` (a sentence for the verifier)
and, for a look-alike, the matching photo (``evidence_id``, ``ticket_id``, ``ticket_number``, ``distance``).
Flags never refuse anything: they are what the verifier decides on (states/ticket.py: a verification over
a flag needs a justification).
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.clock import to_local
from workflow.orgs.models import OrgUnit
from workflow.provenance.geo import distance_km
from workflow.provenance.index import Match, near_duplicates
from workflow.provenance.reading import PhotoFacts
from workflow.provenance.rules import EvidenceRules
from workflow.tickets.models import EVIDENCE_STAGES, Evidence, Ticket

LABELS = {
    "reused_other_village": "他村照片",
    "reused_other_ticket": "照片重复使用",
    "reused_earlier_round": "前轮照片",
    "after_like_before": "整改前后相同",
    "captured_before_assignment": "拍摄早于交办",
    "captured_after_upload": "拍摄晚于提交",
    "no_capture_time": "无拍摄时间",
    "far_from_village": "拍摄地点偏远",
    "no_location": "无拍摄位置",
    "edited": "经软件处理",
    "no_exif": "无EXIF信息",
}
MAX_MATCHES = 3  # look-alikes named per photo; more say nothing new to the verifier
_CAMERA_FIRMWARE = re.compile(r"^[\d.\s]+$")  # iPhones write their iOS version ("17.1") as Software


def flag(kind: str, reason: str, **extra) -> dict:
    return {"kind": kind, "label": LABELS[kind], "reason": reason, **extra}


def flags_for(session: Session, *, evidence: Evidence, ticket: Ticket, place: OrgUnit, facts: PhotoFacts,
              rules: EvidenceRules) -> list[dict]:
    return [
        *_look_alikes(session, evidence, ticket, place, facts, rules),
        *_time(evidence, ticket, facts, rules),
        *_place(place, facts, rules),
        *_editing(facts),
    ]


def _look_alikes(session, evidence, ticket, place, facts, rules) -> list[dict]:
    matches = near_duplicates(session, facts.phash, max_distance=rules.max_hash_distance,
                              exclude_evidence_id=evidence.id)
    if not matches:
        return []
    rows = {e.id: (e, t) for e, t in session.execute(
        select(Evidence, Ticket).join(Ticket, Ticket.id == Evidence.ticket_id)
        .where(Evidence.id.in_([m.evidence_id for m in matches])))}
    found = []
    for m in matches:
        other, other_ticket = rows[m.evidence_id]
        kind = _relation(evidence, ticket, other, other_ticket)
        if kind is None:
            continue
        found.append(flag(kind, _match_reason(kind, other, other_ticket, m, session), evidence_id=other.id,
                          ticket_id=other_ticket.id, ticket_number=other_ticket.number, distance=m.distance))
        if len(found) == MAX_MATCHES:
            break
    return found


def _relation(new: Evidence, ticket: Ticket, other: Evidence, other_ticket: Ticket) -> str | None:
    """How a look-alike is suspicious, or None when it is not (two shots of the same scene in one set)."""
    if other_ticket.id != ticket.id:
        return "reused_other_village" if other_ticket.place_id != ticket.place_id else "reused_other_ticket"
    if new.stage == "found":
        return None
    if other.round < new.round and other.stage != "found":
        return "reused_earlier_round"
    if new.stage == "rectified" and other.stage == "found":
        return "after_like_before"
    return None


def _match_reason(kind: str, other: Evidence, other_ticket: Ticket, m: Match, session: Session) -> str:
    stage = EVIDENCE_STAGES.get(other.stage, other.stage)
    similar = "完全相同" if m.distance == 0 else f"几乎相同（感知哈希差 {m.distance}）"
    if kind == "reused_other_village":
        place = session.get(OrgUnit, other_ticket.place_id)
        return f"与{place.name if place else '其他村'}问题 {other_ticket.number} 的{stage}照片{similar}"
    if kind == "reused_other_ticket":
        return f"与问题 {other_ticket.number} 的{stage}照片{similar}"
    if kind == "reused_earlier_round":
        return f"与本问题第 {other.round} 轮的{stage}照片{similar}"
    return f"整改后照片与发现问题时的照片{similar}，现场可能未整改"


def _time(evidence: Evidence, ticket: Ticket, facts: PhotoFacts, rules: EvidenceRules) -> list[dict]:
    if not facts.has_exif:
        return []  # said once by the no_exif flag
    taken = facts.captured_at
    if taken is None:
        return [flag("no_capture_time", "照片没有拍摄时间，无法核实是否为整改后拍摄")]
    if taken > evidence.uploaded_at + rules.clock_slack:
        return [flag("captured_after_upload", f"拍摄时间 {_local(taken)} 晚于提交时间 {_local(evidence.uploaded_at)}，"
                                              "相机时间可能被改动")]
    if evidence.stage != "found" and ticket.assigned_at and taken < ticket.assigned_at:
        return [flag("captured_before_assignment",
                     f"拍摄时间 {_local(taken)} 早于交办时间 {_local(ticket.assigned_at)}，不可能是整改后的照片")]
    return []


def _place(place: OrgUnit, facts: PhotoFacts, rules: EvidenceRules) -> list[dict]:
    if not facts.has_exif:
        return []
    if facts.latitude is None or facts.longitude is None:
        return [flag("no_location", "照片没有拍摄位置（GPS），无法核实是否在本村拍摄")]
    if place.latitude is None or place.longitude is None:
        return []  # nothing to compare with: the village has no coordinates yet
    km = distance_km(facts.latitude, facts.longitude, place.latitude, place.longitude)
    if km > rules.max_distance_km:
        return [flag("far_from_village", f"拍摄地点距{place.name} {km:.1f} 公里（超过 {rules.max_distance_km:g} 公里）",
                     distance_km=round(km, 1))]
    return []


def _editing(facts: PhotoFacts) -> list[dict]:
    if not facts.has_exif:
        return [flag("no_exif", "照片没有 EXIF 信息（拍摄时间、地点、设备均无），可能是截图、转存或编辑过的图片")]
    if facts.software and not _CAMERA_FIRMWARE.match(facts.software):
        return [flag("edited", f"照片经过软件处理（{facts.software}）")]
    return []


def _local(at: datetime) -> str:
    return to_local(at).strftime("%Y-%m-%d %H:%M")

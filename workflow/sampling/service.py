"""Drawing a campaign's sample (office), reading it (office and inspectors), and verifying a recorded draw.

The draw is recorded with everything needed to recompute it — the seed, the counts, the base units and
the villages excluded as recently sampled — and as a ``sample_drawn`` event on the campaign. Verifying
runs the same pure ``draw`` on today's org tree with the recorded parameters: it matches unless the
tree changed (a village moved, its 脱贫村 flag changed), which is exactly what an audit wants to know.
Towns and villages do not see samples: a 暗访 village must not learn it is next.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from workflow.actor import Actor
from workflow.campaigns import events
from workflow.campaigns.models import Campaign
from workflow.campaigns.service import ensure_editor, get_campaign
from workflow.errors import InvalidInput, NotFound, PermissionDenied
from workflow.orgs.models import OrgUnit
from workflow.orgs.service import get_visible_unit
from workflow.sampling.draw import Candidate, Pick, draw
from workflow.sampling.models import STRATA, CampaignSample, SampledUnit
from workflow.sampling.queries import recently_sampled_villages, sampled_units, samples_of
from workflow.sampling.schemas import MAX_SEED, SampleDraw, SampledUnitRead, SampleRead, SampleVerification

READERS = ("office", "admin", "inspector", "leader")


def ensure_sample_reader(actor: Actor) -> None:
    if not actor.has_any(*READERS):
        raise PermissionDenied("抽样结果仅供领导小组办公室和检查组查看")


def candidates_under(session: Session, base_paths: list[str]) -> list[Candidate]:
    """Active villages under the base units whose parent is an active town, with their 脱贫村 flag."""
    town = aliased(OrgUnit)
    rows = session.execute(
        select(OrgUnit.id, OrgUnit.parent_id, OrgUnit.poverty_alleviated)
        .join(town, town.id == OrgUnit.parent_id)
        .where(OrgUnit.kind == "village", OrgUnit.is_active, town.kind == "town", town.is_active,
               or_(*[OrgUnit.path.startswith(p) for p in base_paths])))
    return [Candidate(uid, parent, bool(flag)) for uid, parent, flag in rows]


def _base_units(session: Session, actor: Actor, campaign: Campaign, from_unit_id: int | None) -> list[OrgUnit]:
    if from_unit_id is not None:
        unit = get_visible_unit(session, actor, from_unit_id, what="抽样范围")
        if unit.kind not in ("district", "town"):
            raise InvalidInput("抽样范围只能是区/市或乡镇", detail={"field": "from_unit_id"})
        return [unit]
    ids = campaign.scope_unit_ids or [campaign.owner_unit_id]
    return [session.get(OrgUnit, uid) for uid in ids]


def _per_stratum(params: dict) -> dict[str, int]:
    return {"poverty_alleviated": params["poverty_villages_per_town"],
            "not_poverty_alleviated": params["other_villages_per_town"]}


def _run(session: Session, params: dict, seed: int) -> list[Pick]:
    paths = [u.path for u in session.scalars(select(OrgUnit).where(OrgUnit.id.in_(params["base_unit_ids"])))]
    return draw(candidates_under(session, paths), towns=params["towns"], per_stratum=_per_stratum(params),
                seed=seed, excluded=set(params["excluded_unit_ids"]))


def draw_sample(session: Session, *, actor: Actor, campaign_id: int, data: SampleDraw,
                now: datetime) -> CampaignSample:
    campaign = get_campaign(session, actor, campaign_id)
    ensure_editor(session, actor, campaign)
    if data.poverty_villages_per_town + data.other_villages_per_town < 1:
        raise InvalidInput("每个乡镇至少抽取1个村", detail={"field": "poverty_villages_per_town"})
    seed = data.seed if data.seed is not None else secrets.randbelow(MAX_SEED)
    params = data.model_dump(exclude={"seed", "from_unit_id"}) | {
        "base_unit_ids": [u.id for u in _base_units(session, actor, campaign, data.from_unit_id)],
        "excluded_unit_ids": recently_sampled_villages(session, campaign, data.exclude_last_campaigns),
    }
    picks = _run(session, params, seed)
    sample = CampaignSample(campaign_id=campaign.id, seed=seed, params=params, drawn_by_id=actor.person_id,
                            drawn_at=now)
    session.add(sample)
    session.flush()
    session.add_all(SampledUnit(sample_id=sample.id, org_unit_id=p.unit_id, stratum=p.stratum, position=i)
                    for i, p in enumerate(picks))
    session.flush()
    counts = {s: sum(1 for p in picks if p.stratum == s) for s in STRATA}
    events.record(session, campaign_id=campaign.id, kind="sample_drawn", actor=actor, at=now,
                  summary=(f"随机抽取{counts['town']}个乡镇、{len(picks) - counts['town']}个村（脱贫村"
                           f"{counts['poverty_alleviated']}个、非脱贫村{counts['not_poverty_alleviated']}个），"
                           f"随机种子 {seed}"),
                  data={"sample_id": sample.id, "seed": seed, "params": params,
                        "unit_ids": [p.unit_id for p in picks]})
    return sample


def _readable(session: Session, actor: Actor, campaign_id: int) -> Campaign:
    campaign = get_campaign(session, actor, campaign_id)
    ensure_sample_reader(actor)
    return campaign


def read_samples(session: Session, actor: Actor, campaign_id: int) -> list[SampleRead]:
    """The campaign's draws, newest (the current sample) first."""
    _readable(session, actor, campaign_id)
    return [read_sample(session, s) for s in samples_of(session, campaign_id)]


def read_sample(session: Session, sample: CampaignSample) -> SampleRead:
    rows = sampled_units(session, sample.id)
    units = {u.id: u for u in session.scalars(select(OrgUnit).where(OrgUnit.id.in_([r.org_unit_id for r in rows])))}
    towns = {r.org_unit_id: units[r.org_unit_id].name for r in rows if r.stratum == "town"}
    return SampleRead(
        id=sample.id, campaign_id=sample.campaign_id, seed=sample.seed, params=sample.params,
        drawn_by_id=sample.drawn_by_id, drawn_at=sample.drawn_at,
        units=[SampledUnitRead(org_unit_id=r.org_unit_id, name=units[r.org_unit_id].name, stratum=r.stratum,
                               stratum_label=r.stratum_label,
                               town_name=towns.get(r.org_unit_id) or towns.get(units[r.org_unit_id].parent_id, ""))
               for r in rows])


def verify_sample(session: Session, *, actor: Actor, campaign_id: int, sample_id: int) -> SampleVerification:
    _readable(session, actor, campaign_id)
    sample = session.get(CampaignSample, sample_id)
    if sample is None or sample.campaign_id != campaign_id:
        raise NotFound("抽样记录不存在")
    recorded = [r.org_unit_id for r in sampled_units(session, sample.id)]
    try:
        recomputed = [p.unit_id for p in _run(session, sample.params, sample.seed)]
    except InvalidInput:
        recomputed = []
    matches = recomputed == recorded
    message = ("按记录的随机种子和参数重新抽取，结果与原抽样完全一致" if matches else
               "按记录的随机种子和参数重新抽取，结果与原抽样不一致：抽样后组织机构或脱贫村标记已有变动")
    return SampleVerification(sample_id=sample.id, seed=sample.seed, matches=matches, recorded=recorded,
                              recomputed=recomputed, message=message)

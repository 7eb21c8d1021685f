"""Reads of samples: a campaign's draws, its current (latest) sample, and what recent campaigns sampled."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.campaigns.models import Campaign
from workflow.sampling.models import CampaignSample, SampledUnit


def latest_sample(session: Session, campaign_id: int) -> CampaignSample | None:
    return session.scalar(select(CampaignSample).where(CampaignSample.campaign_id == campaign_id)
                          .order_by(CampaignSample.id.desc()).limit(1))


def sampled_units(session: Session, sample_id: int) -> list[SampledUnit]:
    return list(session.scalars(select(SampledUnit).where(SampledUnit.sample_id == sample_id)
                                .order_by(SampledUnit.position)))


def latest_sample_unit_ids(session: Session, campaign_id: int) -> set[int]:
    sample = latest_sample(session, campaign_id)
    return {u.org_unit_id for u in sampled_units(session, sample.id)} if sample else set()


def samples_of(session: Session, campaign_id: int) -> list[CampaignSample]:
    return list(session.scalars(select(CampaignSample).where(CampaignSample.campaign_id == campaign_id)
                                .order_by(CampaignSample.id.desc())))


def recently_sampled_villages(session: Session, campaign: Campaign, last: int) -> list[int]:
    """Villages in the current samples of the ``last`` most recent other campaigns of the same owner that drew."""
    if last <= 0:
        return []
    drew = (select(Campaign.id).where(Campaign.owner_unit_id == campaign.owner_unit_id, Campaign.id != campaign.id,
                                      select(CampaignSample.id).where(CampaignSample.campaign_id == Campaign.id)
                                      .exists())
            .order_by(Campaign.starts_on.desc(), Campaign.id.desc()).limit(last))
    excluded: set[int] = set()
    for campaign_id in session.scalars(drew):
        sample = latest_sample(session, campaign_id)
        excluded |= {u.org_unit_id for u in sampled_units(session, sample.id) if u.stratum != "town"}
    return sorted(excluded)

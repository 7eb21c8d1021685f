"""A recorded draw: its parameters and seed, and the units it chose in order.

A campaign may be drawn again (new parameters); the latest draw is the campaign's sample, the earlier
ones stay for the audit. Households are not modelled (no household table): only org units are drawn.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from workflow.db import Base, UTCDateTime

STRATA = {"town": "乡镇", "poverty_alleviated": "脱贫村", "not_poverty_alleviated": "非脱贫村"}


class CampaignSample(Base):
    __tablename__ = "campaign_sample"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"), index=True)
    seed: Mapped[int] = mapped_column(BigInteger)
    # The request as drawn, plus what the draw saw: the base units and the villages excluded.
    params: Mapped[dict] = mapped_column(JSON)
    drawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    drawn_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SampledUnit(Base):
    __tablename__ = "campaign_sample_unit"
    __table_args__ = (UniqueConstraint("sample_id", "org_unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sample_id: Mapped[int] = mapped_column(ForeignKey("campaign_sample.id", ondelete="CASCADE"), index=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    stratum: Mapped[str] = mapped_column(String(40))
    position: Mapped[int]

    @property
    def stratum_label(self) -> str:
        return STRATA.get(self.stratum, self.stratum)

"""The flag report as the API returns it."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel


class UnitFlagsRead(BaseModel):
    town: str
    photos: int
    flagged: int
    overruled: int
    confirmed: int
    kinds: dict[str, int]


class DecisionRead(BaseModel):
    ticket_id: int
    number: str
    title: str
    town: str
    village: str
    by: str
    at: datetime
    text: str
    kinds: list[str]


class FlagReportRead(BaseModel):
    units: list[UnitFlagsRead]
    total: UnitFlagsRead
    overruled: list[DecisionRead]  # 验收 over flags: who passed them, and why
    confirmed: list[DecisionRead]  # 返工 over flags: confirmed 虚假整改
    labels: dict[str, str]

    @classmethod
    def of(cls, report) -> FlagReportRead:
        def unit(u) -> UnitFlagsRead:
            return UnitFlagsRead(town=u.town, photos=u.photos, flagged=u.flagged, overruled=u.overruled,
                                 confirmed=u.confirmed, kinds=dict(u.kinds))

        return cls(units=[unit(u) for u in report.units], total=unit(report.total),
                   overruled=[DecisionRead(**vars(d)) for d in report.overruled],
                   confirmed=[DecisionRead(**vars(d)) for d in report.confirmed], labels=report.labels)

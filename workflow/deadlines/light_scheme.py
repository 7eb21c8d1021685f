"""A campaign's light scheme (practice 5): how many levels, their colour names, and when each is lit.

Local schemes differ (蓝/黄/红, 蓝/橙/红, % behind the timetable's expected progress), so a scheme is
data on the campaign (``campaign.light_scheme``); a campaign without one uses ``default_scheme`` built
from the global ``ZHENGGAI_YELLOW_WITHIN_WORKING_DAYS`` (green/yellow/red, as before).

Levels go from best to worst. The first is lit when nothing else is; the last is also lit for an overdue
deadline or node. A middle or last level is lit when the ticket's deadline (or next node) is within its
``within_working_days``, or when a timetable ticket is behind its expected progress (序时进度, see
``progress_lights.py``) by at least its ``behind`` (a fraction: 0.2 = 20 percentage points). The worst
level that applies wins. Codes are what ``ticket.light`` stores and events name; labels are what people read.
"""

from __future__ import annotations

from pydantic import BaseModel, Field, model_validator


class LightLevel(BaseModel):
    code: str = Field(min_length=1, max_length=10, pattern=r"^[a-z_]+$")
    label: str = Field(min_length=1, max_length=20)
    within_working_days: int | None = Field(default=None, ge=0, le=60)
    behind: float | None = Field(default=None, gt=0, le=1)


class LightScheme(BaseModel):
    levels: list[LightLevel] = Field(min_length=2, max_length=5)

    @model_validator(mode="after")
    def _ordered(self):
        codes = [level.code for level in self.levels]
        if len(set(codes)) != len(codes):
            raise ValueError("灯色代码不能重复")
        behind = [level.behind for level in self.levels[1:] if level.behind is not None]
        if behind != sorted(behind):
            raise ValueError("落后序时进度的门槛须从低到高排列（越往后颜色越严重）")
        if self.levels[0].behind is not None or self.levels[0].within_working_days is not None:
            raise ValueError("第一级（正常）不设门槛")
        return self

    @property
    def worst(self) -> LightLevel:
        return self.levels[-1]

    def label_of(self, code: str | None) -> str:
        return next((level.label for level in self.levels if level.code == code), code or "")


def default_scheme(yellow_within: int, *, yellow_behind: float = 0.2, red_behind: float = 0.4) -> LightScheme:
    """The global scheme: yellow within N working days or 20 points behind, red overdue or 40 points behind."""
    return LightScheme(levels=[
        LightLevel(code="green", label="绿灯"),
        LightLevel(code="yellow", label="黄灯", within_working_days=yellow_within, behind=yellow_behind),
        LightLevel(code="red", label="红灯", behind=red_behind),
    ])

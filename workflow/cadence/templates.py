"""Cadence templates from the seeds: what campaign a period brings and its dated milestones.

- ``half_yearly`` 每半年一督导一通报 (002, rule 15), per half-year: 督导方案, 集中督导, 印发通报, signed 工作报告.
- ``quarterly_covert`` 市级每季度开展一次暗访督导 (003, rule 15), per quarter: 暗访方案, 暗访督导,
  反馈问题清单, signed 工作报告.
- ``monthly_theme`` 每月一主题 (003, rule 10), per month: 确定主题, 排查, 调度报告 (定期定项调度), signed 工作报告.
- ``look_back`` 回头看 (001, rule 16), 28 days from a chosen start (9月1日 gives the seed's dates):
  方案 by day 8, 排查 to day 25, signed 工作报告 by day 28.

A milestone's day is an offset from the period's first day (day 1 = the first day), or ``END`` for the
period's last day. The last milestone of each template is the closing one: the signed report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

END = -1
SIGNED_REPORT = "形成“工作报告”由主要领导签字并加盖公章报送"


@dataclass(frozen=True)
class Step:
    name: str
    day: int  # 1-based day of the period, or END
    closing: bool = False


@dataclass(frozen=True)
class Template:
    key: str
    title: str
    seed: str
    kind: str  # campaign kind (workflow/campaigns/models.py)
    months: int  # 1, 3, 6; 0: a window from a chosen start date
    steps: tuple[Step, ...]
    window_days: int = 0  # months == 0: the campaign's length

    def period_start(self, on: date) -> date:
        """The first day of the period containing ``on`` (a window starts on the day itself)."""
        if not self.months:
            return on
        month = (on.month - 1) // self.months * self.months + 1
        return date(on.year, month, 1)

    def next_start(self, start: date) -> date:
        if not self.months:
            return date(start.year + 1, start.month, start.day)
        month = start.month - 1 + self.months
        return date(start.year + month // 12, month % 12 + 1, 1)

    def period_end(self, start: date) -> date:
        if not self.months:
            return start + timedelta(days=self.window_days - 1)
        return self.next_start(start) - timedelta(days=1)

    def due_on(self, step: Step, start: date) -> date:
        end = self.period_end(start)
        return end if step.day == END else min(end, start + timedelta(days=step.day - 1))

    def label(self, start: date) -> str:
        if self.months == 6:
            return f"{start.year}年{'上' if start.month <= 6 else '下'}半年"
        if self.months == 3:
            return f"{start.year}年第{(start.month - 1) // 3 + 1}季度"
        if self.months == 1:
            return f"{start.year}年{start.month}月"
        return f"{start.year}年"


TEMPLATES = {t.key: t for t in [
    Template("half_yearly", "乡村振兴督导（每半年一督导一通报）", "002", "open_check", 6, (
        Step("制定督导工作方案", 15), Step("集中督导检查", 75), Step("印发督导通报", 90),
        Step(SIGNED_REPORT, END, closing=True))),
    Template("quarterly_covert", "市级暗访督导（每季度一次）", "003", "covert_check", 3, (
        Step("制定暗访工作方案", 10), Step("开展暗访督导", 60), Step("反馈暗访问题清单", 70),
        Step(SIGNED_REPORT, END, closing=True))),
    Template("monthly_theme", "“每月一主题”问题排查整改", "003", "self_check", 1, (
        Step("确定本月主题（定期定向排查）", 3), Step("完成问题排查", 20), Step("报送调度报告（定期定项调度）", 25),
        Step(SIGNED_REPORT, END, closing=True))),
    Template("look_back", "巩固拓展脱贫攻坚成果“回头看”", "001", "look_back", 0, (
        Step("各成员单位及乡镇制定工作方案", 8), Step("排查突出问题，建立问题整改台账（第6日至第25日）", 25),
        Step(SIGNED_REPORT, 28, closing=True)), window_days=28),
]}

__all__ = ["END", "SIGNED_REPORT", "TEMPLATES", "Step", "Template"]

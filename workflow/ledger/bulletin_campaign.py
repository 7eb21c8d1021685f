"""The bulletin's campaign section (issue 17): 群众满意度 per town, the indicators red/green, the 大比拼 ranking.

Laid out like the rest of the bulletin (``official_docx.py``); below-target towns and villages and
every indicator that misses its target are named, so the bulletin says who must catch up.
"""

from __future__ import annotations

from workflow.ledger import official_docx as doc
from workflow.ledger.names import percent


def campaign_section(document, facts, n: str) -> None:
    results = facts.campaign_results
    doc.heading(document, f"{n}、群众满意度、指标完成及综合排名情况")
    _survey(document, results.survey)
    _indicators(document, results.indicators)
    if results.ranking is not None:
        _ranking(document, results)


def _survey(document, survey) -> None:
    target = percent(survey.target)
    doc.subheading(document, f"（一）群众满意度（目标不低于{target}）")
    if not survey.total.answered:
        doc.body(document, "本期尚无入户调查问卷。")
        return
    doc.body(document, f"本期入户调查共收回有效作答{survey.total.answered}项，满意{survey.total.satisfied}项，"
                       f"总体满意度{percent(survey.total.rate)}。")
    rows = [[i, t.name, t.answered, t.satisfied, percent(t.rate), "未达标" if t.below_target else "达标"]
            for i, t in enumerate(survey.towns, start=1)]
    doc.table(document, ["序号", "乡镇", "作答数", "满意数", "满意度", "是否达标"], rows, [12, 40, 22, 22, 24, 24])
    low = [v for v in survey.villages if v.below_target]
    named = "、".join(f"{v.town}{v.name}（{percent(v.rate)}）" for v in low)
    doc.body(document, f"满意度低于目标的村（社区）：{named}。请所在乡镇组织进村入户走访，查找原因，限期提升。"
             if low else "各村（社区）满意度均达到目标。")


def _indicators(document, board) -> None:
    doc.subheading(document, "（二）重点指标完成情况")
    if not board.indicators:
        doc.body(document, "本期未设定考核指标。")
        return
    rows = [[i, s.indicator.name, s.unit.name, f"{s.latest.value:g}{s.indicator.unit}", s.indicator.target_label,
             "达标" if s.met else "未达标"] for i, s in enumerate(board.standings, start=1)]
    if rows:
        doc.table(document, ["序号", "指标", "单位", "实际值", "目标", "是否达标"], rows, [12, 36, 30, 24, 40, 22])
    red = board.red
    doc.body(document, ("未达标的指标：" + "；".join(f"{s.unit.name}{s.indicator.name}{s.latest.value:g}"
                                               f"{s.indicator.unit}（目标{s.indicator.target_label}）" for s in red)
                        + "。") if red else ("已填报的指标均达到目标。" if rows else "各单位尚未填报指标实际值。"))


def _ranking(document, results) -> None:
    ranking = results.ranking
    doc.subheading(document, f"（三）综合排名（{results.weights_label}）")
    rows = [[r.rank, r.progress.name, f"{r.score:g}" if r.score is not None else "—"] for r in ranking.ranked]
    rows += [["—", p.name, "暂无可评价数据"] for p in ranking.unrated]
    doc.table(document, ["名次", "乡镇", "综合得分"], rows, [20, 60, 40])


__all__ = ["campaign_section"]

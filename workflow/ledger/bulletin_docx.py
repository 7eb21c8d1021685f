"""The bulletin (通报) as .docx in official-document style: summary, per-town table, overdue list,
约谈 list, ranking and 红黑榜, then the office's requirements and its name and date.

``gather_bulletin`` (``bulletin.py``) decides what is said; this module only lays it out with the
official fonts of ``official_docx.py``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.counters.mentions import ensure_may_issue, record_mentions
from workflow.ledger import official_docx as doc
from workflow.ledger.bulletin import BulletinFacts, InterviewRow, gather_bulletin
from workflow.ledger.bulletin_campaign import campaign_section
from workflow.ledger.names import percent
from workflow.ledger.periods import Period
from workflow.ledger.ranking import RedBlackThresholds
from workflow.ledger.stats import UnitProgress

NO_INTERVIEWS = "本期无约谈。"
NUMERALS = "一二三四五六七八九十"


def bulletin_docx(session: Session, *, actor: Actor, now: datetime, campaign_id: int | None = None,
                  period: Period | None = None, interviews: list[InterviewRow] | None = None,
                  thresholds: RedBlackThresholds | None = None, issuer: str | None = None,
                  issue: bool = False) -> bytes:
    """A draft, or with ``issue`` the bulletin as issued (印发): its mentions are counted per unit."""
    if issue:
        ensure_may_issue(actor)
    facts = gather_bulletin(session, actor=actor, now=now, campaign_id=campaign_id, period=period,
                            interviews=interviews, thresholds=thresholds, issuer=issuer)
    if issue:
        record_mentions(session, facts, now=now)  # 通报 counted per unit (workflow/counters)
    return doc.to_bytes(render_bulletin(facts))


def render_bulletin(facts: BulletinFacts):
    document = doc.new_document()
    doc.title(document, facts.title)
    doc.addressee(document, "各乡镇（街道）、各有关单位：")
    doc.body(document, f"按照“每半年一督导一通报”的要求，现将{facts.scope}发现问题整改情况通报如下。")
    sections = [_summary, _towns, _overdue, _interviews, _ranking, *([_scores] if facts.scores else []),
                *([_fake_rectifications] if facts.fake_rectifications else []),
                *([campaign_section] if facts.campaign_results else []), _requirements]
    for number, section in zip(NUMERALS, sections, strict=False):
        section(document, facts, number)
    doc.signature(document, [facts.issuer, doc.chinese_date(facts.issued_on)])
    return document


def _summary(document, facts: BulletinFacts, n: str) -> None:
    t = facts.total
    doc.heading(document, f"{n}、总体情况")
    doc.body(document, (
        f"截至{doc.chinese_date(facts.issued_on)}，{facts.scope}共发现问题{t.found}个，其中待交办{_waiting(t)}个、"
        f"已交办{t.assigned}个、整改中{t.rectifying}个、已验收{t.verified}个、已销号{t.closed}个；"
        f"逾期未整改{t.overdue}个；按期整改率{percent(t.on_time_rate)}（按原定期限{percent(t.on_time_rate_original)}）。"
        f"已销号问题中立行立改{t.on_the_spot}个；持续整改（挂账）{t.ongoing}个，不计入逾期，另行列出；"
        f"作废{t.voided}个，不计入问题总数和整改率。"
    ))


def _towns(document, facts: BulletinFacts, n: str) -> None:
    doc.heading(document, f"{n}、各乡镇（街道）及有关单位整改情况")
    rows = [[i, p.name, p.found, p.rectifying, p.verified, p.closed, p.on_the_spot, p.ongoing, p.overdue,
             percent(p.on_time_rate_original), percent(p.on_time_rate)]
            for i, p in enumerate(facts.progress, start=1)]
    t = facts.total
    rows.append(["", "合计", t.found, t.rectifying, t.verified, t.closed, t.on_the_spot, t.ongoing, t.overdue,
                 percent(t.on_time_rate_original), percent(t.on_time_rate)])
    doc.table(document, ["序号", "责任单位", "问题数", "整改中", "已验收", "已销号", "其中立行立改", "持续整改",
                         "逾期", "按期整改率（原定期限）", "按期整改率（延期后）"], rows,
              [10, 30, 14, 14, 14, 14, 16, 16, 12, 20, 20])


def _overdue(document, facts: BulletinFacts, n: str) -> None:
    doc.heading(document, f"{n}、逾期未整改问题")
    if not facts.overdue_total:
        doc.body(document, "本期无逾期未整改问题。")
        _ongoing(document, facts)
        return
    doc.body(document, f"截至通报日，共有{facts.overdue_total}个问题逾期未整改，请相关单位立即整改。")
    rows = [[i, r.number, r.town, r.village, r.title, r.lead_unit, r.due.isoformat() if r.due else "", r.days_overdue]
            for i, r in enumerate(facts.overdue, start=1)]
    doc.table(document, ["序号", "问题编号", "乡镇", "村（社区）", "问题", "牵头单位", "整改期限", "逾期天数"], rows,
              [10, 30, 16, 18, 30, 20, 22, 10])
    if facts.overdue_total > len(facts.overdue):
        doc.body(document, f"（仅列出逾期最久的{len(facts.overdue)}个，其余详见整改台账。）")
    _ongoing(document, facts)


def _ongoing(document, facts: BulletinFacts) -> None:
    """Under the overdue section, apart from it: long work on a timetable is not overdue (practice 4)."""
    if not facts.ongoing:
        return
    doc.subheading(document, "持续整改（挂账）问题（不计入逾期）")
    doc.body(document, f"共有{len(facts.ongoing)}个问题需长期整改，已明确整改时间表，按节点推进，"
                       "到复查日期时重新复核。")
    rows = [[i, r.number, r.town, r.village, r.title, r.lead_unit, f"{r.milestones_done}/{r.milestones}",
             r.next_milestone, r.review_on.isoformat() if r.review_on else ""]
            for i, r in enumerate(facts.ongoing, start=1)]
    headers = ["序号", "问题编号", "乡镇", "村（社区）", "问题", "牵头单位", "节点完成", "下一节点", "复查日期"]
    doc.table(document, headers, rows, [10, 28, 14, 16, 28, 18, 12, 26, 20])


def _interviews(document, facts: BulletinFacts, n: str) -> None:
    doc.heading(document, f"{n}、约谈情况")
    if not facts.interviews:
        doc.body(document, NO_INTERVIEWS)
        return
    doc.body(document, f"本期共约谈{len(facts.interviews)}次。")
    rows = [[i, r.unit, r.ticket_number, r.targets, r.date.isoformat() if r.date else "", r.status]
            for i, r in enumerate(facts.interviews, start=1)]
    doc.table(document, ["序号", "被约谈单位", "问题编号", "约谈对象", "约谈日期", "状态"], rows,
              [10, 28, 30, 48, 22, 18])


def _ranking(document, facts: BulletinFacts, n: str) -> None:
    ranking = facts.ranking
    doc.heading(document, f"{n}、排名及红黑榜")
    rows = [[r.rank, r.progress.name, percent(r.progress.on_time_rate), r.progress.overdue, r.list_label]
            for r in ranking.ranked]
    rows += [["—", p.name, "—", p.overdue, "暂无可评价问题"] for p in ranking.unrated]
    doc.table(document, ["名次", "责任单位", "按期整改率", "逾期未整改", "红黑榜"], rows, [16, 40, 30, 30, 40])
    red_line, black_line = percent(ranking.thresholds.red_min_rate), percent(ranking.thresholds.black_below_rate)
    doc.subheading(document, f"（一）红榜（按期整改率不低于{red_line}）")
    doc.body(document, _names(ranking.red) or "本期无。")
    doc.subheading(document, f"（二）黑榜（按期整改率低于{black_line}）")
    doc.body(document, _names(ranking.black) or "本期无。")


def _scores(document, facts: BulletinFacts, n: str) -> None:
    """The scored checklist (rules 17, 20): towns by their villages' mean, then every unit with area subtotals."""
    scores = facts.scores
    doc.heading(document, f"{n}、督导评估得分情况")
    doc.body(document, f"本次督查按督导细则逐项评分，满分{scores.total_points:g}分，得分=满分−扣分+经认定的加分；"
                       "乡镇得分为所辖被检查村（已抽样的只计抽中村）得分的平均分加乡镇本级加分。")
    if scores.towns:
        doc.subheading(document, "（一）乡镇排名")
        rows = [[t.rank or "—", t.name, t.villages, _points(t.village_mean), _points(t.bonus), _points(t.score)]
                for t in scores.towns]
        doc.table(document, ["名次", "乡镇", "被检查村数", "村平均分", "乡镇加分", "得分"], rows,
                  [14, 36, 24, 24, 22, 22])
    doc.subheading(document, f"（{'二' if scores.towns else '一'}）各村（社区）得分")
    headers = ["名次", "乡镇", "村（社区）", *[f"{name}（{p:g}）" for _c, name, p in scores.areas], "加分", "得分"]
    rows = [[u.rank or "—", u.town_name, u.name, *[_points(a.subtotal) for a in u.areas], _points(u.bonus),
             _points(u.score)] for u in scores.units]
    doc.table(document, headers, rows, [10, 18, 20, *[16] * len(scores.areas), 12, 14])


def _points(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def _fake_rectifications(document, facts: BulletinFacts, n: str) -> None:
    """Cases where the verifier sent a rectification back over flagged photos (issue 16)."""
    cases = facts.fake_rectifications
    doc.heading(document, f"{n}、虚假整改问题")
    doc.body(document, f"验收中发现{len(cases)}起以不实照片应付整改（纸面整改）的情况，已退回重新整改，现予通报。")
    rows = [[i, c.number, c.town, c.village, c.title, "、".join(c.kinds), c.text, c.by]
            for i, c in enumerate(cases, start=1)]
    doc.table(document, ["序号", "问题编号", "乡镇", "村（社区）", "问题", "照片疑点", "验收意见", "验收人"], rows,
              [10, 28, 16, 18, 28, 24, 30, 14])


def _requirements(document, facts: BulletinFacts, n: str) -> None:
    doc.heading(document, f"{n}、有关要求")
    doc.body(document, "各乡镇（街道）、各有关单位要对照问题清单，逐项细化整改措施，明确责任人和整改时限，"
                       "确保问题发现一个、解决一个、销号一个。逾期整改不到位的，按规定启动约谈；"
                       "整改情况按村（社区）为单位由乡镇（街道）汇总，以书面形式报送领导小组办公室。")


def _names(ranked) -> str:
    return "、".join(f"{r.progress.name}（{percent(r.progress.on_time_rate)}）" for r in ranked)


def _waiting(p: UnitProgress) -> int:
    return p.waiting

"""The bulletin (通报, seed 002 每半年一督导一通报) as .docx, opened with python-docx and read back."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import START
from tests.docx_reading import east_asian_fonts, font_fallbacks, open_docx, run_fonts, table_rows, text_of
from tests.ledger_data import build_ledger
from workflow.accounts.service import actor_for
from workflow.errors import InvalidInput, NotFound, PermissionDenied
from workflow.ledger.bulletin import InterviewRow
from workflow.ledger.bulletin_docx import bulletin_docx
from workflow.ledger.periods import half_year
from workflow.ledger.ranking import RedBlackThresholds


def make_bulletin(sessions, world, user="office", **kwargs):
    with sessions() as s:
        actor = actor_for(s, world.people[user])
        return open_docx(bulletin_docx(s, actor=actor, now=START, **kwargs))


def test_campaign_bulletin_has_every_section_with_the_ledgers_numbers(sessions, world):
    ledger = build_ledger(sessions, world)
    document = make_bulletin(sessions, world, campaign_id=ledger.campaign_id)
    text = text_of(document)
    assert document.paragraphs[0].text == "关于2026年下半年乡村振兴督导发现问题整改情况的通报"
    for heading in ("一、总体情况", "二、各乡镇（街道）及有关单位整改情况", "三、逾期未整改问题", "四、约谈情况",
                    "五、排名及红黑榜", "六、有关要求"):
        assert heading in text
    assert ("共发现问题9个，其中待交办1个、已交办2个、整改中2个、已验收2个、已销号2个；逾期未整改1个；"
            "按期整改率60.0%") in text
    towns, overdue, ranking = document.tables
    assert table_rows(towns)[1:] == [
        ["1", "博鳌镇", "3", "1", "1", "0", "0", "0", "0", "100.0%", "100.0%"],
        ["2", "龙江镇", "6", "1", "1", "2", "0", "0", "1", "50.0%", "50.0%"],
        ["", "合计", "9", "2", "2", "2", "0", "0", "1", "60.0%", "60.0%"],
    ]
    assert table_rows(overdue)[1:] == [["1", "QH-2026-0003", "龙江镇", "东风村", "问题03", "东风村", "2026-11-20", "4"]]
    assert table_rows(ranking)[1:] == [["1", "博鳌镇", "100.0%", "0", "红榜"], ["2", "龙江镇", "50.0%", "1", "黑榜"]]
    assert "本期无约谈。" in text
    red = text.index("（一）红榜（按期整改率不低于90.0%）")
    black = text.index("（二）黑榜（按期整改率低于85.0%）")
    assert text.index("博鳌镇（100.0%）", red) < black < text.index("龙江镇（50.0%）", black)
    assert document.paragraphs[-2].text == "琼海市实施乡村振兴战略领导小组办公室"
    assert document.paragraphs[-1].text == "2026年11月24日"


def test_bulletin_is_set_in_official_fonts_with_fallbacks(sessions, world):
    ledger = build_ledger(sessions, world)
    document = make_bulletin(sessions, world, campaign_id=ledger.campaign_id)
    assert run_fonts(document.paragraphs[0]) == ("方正小标宋简体", "方正小标宋简体")
    assert document.paragraphs[0].runs[0].font.size.pt == 22
    body = next(p for p in document.paragraphs if p.text.startswith("截至"))
    assert run_fonts(body) == ("仿宋_GB2312", "仿宋_GB2312") and body.runs[0].font.size.pt == 16
    heading = next(p for p in document.paragraphs if p.text == "一、总体情况")
    assert run_fonts(heading)[1] == "黑体"
    assert east_asian_fonts(document) <= {"方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"}
    assert None not in east_asian_fonts(document)
    fallbacks = font_fallbacks(document)
    assert fallbacks["方正小标宋简体"] == "黑体" and fallbacks["仿宋_GB2312"] == "仿宋"
    section = document.sections[0]
    assert (round(section.top_margin.mm), round(section.left_margin.mm)) == (37, 28)


def test_interview_rows_passed_in_are_listed(sessions, world):
    ledger = build_ledger(sessions, world)
    targets = "村党组织书记、乡镇街道联点班子成员"
    interviews = [InterviewRow("东风村", "QH-2026-0003", targets, date(2026, 11, 23), "已约谈")]
    document = make_bulletin(sessions, world, campaign_id=ledger.campaign_id, interviews=interviews)
    assert "本期无约谈。" not in text_of(document)
    table = document.tables[2]
    assert table_rows(table)[1] == ["1", "东风村", "QH-2026-0003", targets, "2026-11-23", "已约谈"]


def test_half_year_bulletin_counts_tickets_found_in_that_half(sessions, world):
    build_ledger(sessions, world)
    document = make_bulletin(sessions, world, period=half_year("2026H2"))
    assert document.paragraphs[0].text == "关于2026年下半年乡村振兴督导发现问题整改情况的通报"
    assert "共发现问题10个" in text_of(document)
    empty = make_bulletin(sessions, world, period=half_year("2026H1"))
    assert "共发现问题0个" in text_of(empty) and "本期无逾期未整改问题。" in text_of(empty)


def test_thresholds_come_from_configuration(sessions, world):
    ledger = build_ledger(sessions, world)
    document = make_bulletin(sessions, world, campaign_id=ledger.campaign_id,
                             thresholds=RedBlackThresholds(red_min_rate=0.5, black_below_rate=0.4))
    assert [row[4] for row in table_rows(document.tables[2])[1:]] == ["红榜", "红榜"]


def test_who_may_issue_a_bulletin(sessions, world):
    ledger = build_ledger(sessions, world)
    with pytest.raises(PermissionDenied):
        make_bulletin(sessions, world, user="town", campaign_id=ledger.campaign_id)
    with pytest.raises(NotFound):
        make_bulletin(sessions, world, campaign_id=9999)
    with pytest.raises(InvalidInput):
        make_bulletin(sessions, world)
    with pytest.raises(InvalidInput, match="2026H1"):
        half_year("2026上半年")

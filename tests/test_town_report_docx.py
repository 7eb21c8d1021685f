"""A town's rectification report (整改报告), grouped by village (seed 002), ready to sign."""

from __future__ import annotations

import pytest

from tests.conftest import START
from tests.docx_reading import east_asian_fonts, open_docx, run_fonts, table_rows, text_of
from tests.ledger_data import build_ledger
from workflow.accounts.service import actor_for
from workflow.errors import NotFound
from workflow.ledger.town_report_docx import town_report_docx


def make_report(sessions, world, town: str, user="office", **kwargs):
    with sessions() as s:
        actor = actor_for(s, world.people[user])
        return open_docx(town_report_docx(s, actor=actor, town_id=world.units[town], now=START, **kwargs))


def test_report_lists_each_ticket_by_village_with_what_was_done_and_evidence(sessions, world):
    ledger = build_ledger(sessions, world)
    document = make_report(sessions, world, "longjiang", campaign_id=ledger.campaign_id)
    text = text_of(document)
    assert document.paragraphs[0].text == "龙江镇关于2026年下半年乡村振兴督导发现问题整改情况的报告"
    assert "琼海市实施乡村振兴战略领导小组办公室：" in text
    assert "共收到问题6个，已整改完成（验收或销号）3个，正在整改3个，其中逾期1个" in text
    assert [p.text for p in document.paragraphs if p.text.startswith("（")] == [
        "（一）东风村（3个）", "（二）新和村（2个）", "（三）乡镇本级（1个）"]
    dongfeng = table_rows(document.tables[0])
    assert dongfeng[0] == ["序号", "问题编号", "问题", "整改措施及完成情况", "佐证材料（份）", "交办日期", "整改期限",
                           "验收日期", "状态"]
    assert dongfeng[3] == ["3", "QH-2026-0003", "问题03", "措施：清理垃圾并建立保洁制度\n完成情况：已清理完毕", "1",
                           "2026-11-01", "2026-11-20", "", "整改中（待验收）"]
    xinhe = table_rows(document.tables[1])
    assert [row[1] for row in xinhe[1:]] == ["QH-2026-0004", "QH-2026-0005"]
    assert xinhe[1][7] == "2026-11-14" and xinhe[2][8] == "已销号"
    assert "主要负责人（签字）" in text and "龙江镇（盖章）" in text and "2026年11月24日" in text
    assert document.sections[0].page_width > document.sections[0].page_height
    assert run_fonts(document.paragraphs[0])[1] == "方正小标宋简体"
    assert None not in east_asian_fonts(document)


def test_a_town_gets_its_own_report_but_not_another_towns(sessions, world):
    build_ledger(sessions, world)
    own = make_report(sessions, world, "boao", user="boao")
    assert "共收到问题4个" in text_of(own)
    with pytest.raises(NotFound):
        make_report(sessions, world, "longjiang", user="boao")
    with pytest.raises(NotFound):
        make_report(sessions, world, "dongfeng")  # a village is not a town

"""The ledger export (rule 5: 问题清单、措施清单、责任清单、进度统计表), opened and read back with openpyxl."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook
from sqlalchemy import func, select

from tests.conftest import START
from tests.helpers import file_via_api, login, move, upload
from tests.ledger_data import build_ledger
from workflow.accounts.service import actor_for
from workflow.ledger.ledger_xlsx import write_ledger
from workflow.ledger.stats import town_progress
from workflow.tickets.models import Ticket
from workflow.tickets.queries import TicketFilters, filtered


def export(sessions, world, user="office", **filters):
    buffer = io.BytesIO()
    with sessions() as s:
        actor = actor_for(s, world.people[user])
        counts = write_ledger(s, actor=actor, filters=TicketFilters(**filters), now=START, target=buffer)
    buffer.seek(0)
    return load_workbook(buffer), counts


def data_rows(sheet) -> list[tuple]:
    return [row for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_ledger_has_the_four_lists_with_every_visible_ticket(sessions, world):
    ledger = build_ledger(sessions, world)
    book, counts = export(sessions, world)
    assert book.sheetnames == ["问题清单", "措施清单", "责任清单", "进度统计表", "持续整改", "问责计数"]
    assert counts.tickets == ledger.total
    with sessions() as s:
        numbers = list(s.scalars(select(Ticket.number).order_by(Ticket.id)))
    for name in ("问题清单", "措施清单", "责任清单"):
        assert [r[1] for r in data_rows(book[name])] == numbers
    issues = book["问题清单"]
    assert [c.value for c in issues[1]][:7] == [
        "序号", "问题编号", "问题标题", "问题描述", "督查活动", "乡镇（街道）", "村（社区）"]
    first = data_rows(issues)[0]
    assert first[5:7] == ("龙江镇", "东风村") and first[9].date() == date(2026, 11, 1)
    assert first[10].date() == date(2026, 12, 10) and first[11] == "发现问题"
    overdue = {r[1]: r[12] for r in data_rows(issues)}
    assert overdue["QH-2026-0003"] == "是" and list(overdue.values()).count("是") == 1
    measures = {r[1]: r for r in data_rows(book["措施清单"])}
    assert measures["QH-2026-0003"][5:8] == ("清理垃圾并建立保洁制度", "已清理完毕", 1)
    assert measures["QH-2026-0003"][14] == "整改中（待验收）"
    duties = {r[1]: r for r in data_rows(book["责任清单"])}
    assert duties["QH-2026-0004"][5:7] == ("新和村", "龙江镇、琼海市教育局")


def test_progress_sheet_totals_equal_the_database(sessions, world):
    build_ledger(sessions, world)
    book, counts = export(sessions, world)
    sheet = book["进度统计表"]
    assert [c.value for c in sheet[1]] == ["序号", "责任单位", "问题总数", "待交办", "已交办", "整改中", "已验收",
                                           "已销号", "逾期未整改", "按期整改率（原定期限）", "按期整改率", "红黑榜",
                                           "退回次数", "返工次数", "逾期次数", "持续整改", "作废", "立行立改"]
    rows = data_rows(sheet)
    towns = {r[1]: r for r in rows[:counts.towns]}
    assert towns["龙江镇"][2:12] == (6, 1, 1, 1, 1, 2, 1, 0.5, 0.5, "黑榜")
    assert towns["博鳌镇"][2:12] == (4, 1, 1, 1, 1, 0, 0, 1.0, 1.0, "红榜")
    total = rows[counts.towns]
    with sessions() as s:
        assert total[1] == "合计" and total[2] == s.scalar(select(func.count(Ticket.id)))
        for column, state in ((4, "assigned"), (5, "rectifying"), (6, "verified"), (7, "closed")):
            assert total[column] == s.scalar(select(func.count(Ticket.id)).where(Ticket.state == state))
    assert sheet.cell(row=2, column=10).number_format == "0.0%" and sheet.cell(row=2, column=11).number_format == "0.0%"


def test_sheets_are_laid_out_for_screen_and_print(sessions, world):
    build_ledger(sessions, world)
    book, _ = export(sessions, world)
    for name in book.sheetnames:
        sheet = book[name]
        assert sheet.freeze_panes in ("A2", "C2")
        assert sheet.auto_filter.ref.startswith("A1:")
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        assert sheet.print_title_rows == "$1:$1"
        assert sheet.column_dimensions["B"].width > 0
    assert book["问题清单"].auto_filter.ref == "A1:P11"
    assert book["问题清单"].cell(row=2, column=3).alignment.wrap_text is True


def test_filters_of_the_ledger_page_apply_to_the_export(sessions, world):
    ledger = build_ledger(sessions, world)
    book, counts = export(sessions, world, campaign_id=ledger.campaign_id, state="rectifying")
    assert [r[11] for r in data_rows(book["问题清单"])] == ["整改中（待验收）", "整改中"]
    assert counts.tickets == 2
    progress = {r[1]: r[2] for r in data_rows(book["进度统计表"])[:counts.towns]}
    assert progress == {"博鳌镇": 1, "龙江镇": 1}
    book, counts = export(sessions, world, overdue_at=START)
    assert [r[1] for r in data_rows(book["问题清单"])] == ["QH-2026-0003"]


def test_a_town_exports_only_its_own_tickets(sessions, world):
    build_ledger(sessions, world)
    book, counts = export(sessions, world, user="boao")
    with sessions() as s:
        actor = actor_for(s, world.people["boao"])
        visible = s.scalar(select(func.count()).select_from(filtered(actor, TicketFilters()).subquery()))
        progress = town_progress(s, actor, now=START)
    assert counts.tickets == visible == 4
    assert {r[5] for r in data_rows(book["问题清单"])} == {"博鳌镇"}
    assert [p.name for p in progress] == ["博鳌镇"] and counts.towns == 1


def test_an_exported_problem_list_reimports_as_all_skipped(sessions, world):
    from workflow.db import transaction
    from workflow.imports.problem_list import import_problem_list

    ledger = build_ledger(sessions, world)
    buffer = io.BytesIO()
    with sessions() as s:
        write_ledger(s, actor=actor_for(s, world.people["office"]), now=START, target=buffer,
                     filters=TicketFilters(campaign_id=ledger.campaign_id))
    with transaction(sessions) as s:
        result = import_problem_list(s, actor=actor_for(s, world.people["inspector"]), campaign_id=ledger.campaign_id,
                                     filename="台账.xlsx", content=buffer.getvalue(), now=START)
    assert (result.rows, result.created, result.skipped) == (9, 0, 9)


def test_the_responsibility_list_charges_a_return_to_the_unit_that_returned_it_after_reassignment(
        client, world, sessions):
    inspector, office = login(client, "inspector"), login(client, "office")
    village, boao = login(client, "village"), login(client, "boao")
    t = file_via_api(client, inspector, world)  # placed in and led by 东风村 (龙江镇)
    t = move(client, office, t, "assign").json()
    t = move(client, village, t, "return", comment="属地不符，该路段属朝烈村").json()
    t = move(client, office, t, "assign", lead_unit_id=world.units["chaolie"]).json()  # 改派 to 博鳌镇's village
    t = move(client, boao, t, "accept", plan="清运").json()
    assert upload(client, boao, t["id"]).status_code == 201
    t = move(client, boao, t, "submit", comment="已清运").json()
    assert move(client, inspector, t, "reject", comment="照片看不出清运后的路面").status_code == 200

    book, counts = export(sessions, world)
    (duty,) = data_rows(book["责任清单"])
    assert duty[5] == "朝烈村" and duty[11] == "东风村1次"  # led now by 朝烈村; the return was 东风村's
    sheet = book["进度统计表"]
    assert [c.value for c in sheet[1]][12:15] == ["退回次数", "返工次数", "逾期次数"]
    units = {r[1]: r for r in data_rows(sheet)[:counts.towns]}
    assert units["龙江镇"][12:15] == (1, 0, 0) and units["博鳌镇"][12:15] == (0, 1, 0)

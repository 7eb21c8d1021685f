"""Importing a problem list (rule 4: 印发问题清单): all rows or none, every error reported, no duplicates."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from tests.conftest import START
from tests.xlsx import HEADERS, make_campaign, problem, workbook_bytes
from workflow.accounts.service import actor_for
from workflow.db import transaction
from workflow.errors import InvalidInput
from workflow.imports.problem_list import import_problem_list
from workflow.orgs.models import OrgUnit
from workflow.orgs.service import create_unit
from workflow.tickets.models import Ticket, TicketCoUnit, TicketEvent


def run_import(sessions, world, campaign_id, content, *, user="inspector", filename="清单.xlsx"):
    with transaction(sessions) as s:
        actor = actor_for(s, world.people[user])
        return import_problem_list(s, actor=actor, campaign_id=campaign_id, filename=filename, content=content,
                                   now=START)


def rejected(sessions, world, campaign_id, content) -> list[dict]:
    with pytest.raises(InvalidInput) as caught:
        run_import(sessions, world, campaign_id, content)
    assert ticket_count(sessions) == 0, "a rejected file must import nothing"
    return caught.value.detail["errors"]


def ticket_count(sessions) -> int:
    with sessions() as s:
        return s.scalar(select(func.count(Ticket.id)))


def test_good_file_creates_every_ticket_in_found_with_its_fields(sessions, world):
    campaign_id = make_campaign(sessions, world)
    content = workbook_bytes(
        [problem("村内主干道垃圾未清理", description="多处垃圾堆放"),
         problem("危房改造资料不全", village="新和村", lead="龙江镇"),
         ["义务教育控辍保学台账不完整", "", "博鳌镇", "", "琼海市教育局", "2026年12月31日"]],
    )
    result = run_import(sessions, world, campaign_id, content)
    assert (result.rows, result.created, result.skipped, result.already_imported) == (3, 3, 0, False)
    assert (result.first_number, result.last_number) == ("QH-2026-0001", "QH-2026-0003")
    with sessions() as s:
        tickets = list(s.scalars(select(Ticket).order_by(Ticket.number)))
        assert [t.title for t in tickets] == ["村内主干道垃圾未清理", "危房改造资料不全", "义务教育控辍保学台账不完整"]
        assert {t.state for t in tickets} == {"found"} and {t.campaign_id for t in tickets} == {campaign_id}
        first, second, third = tickets
        assert first.place_id == world.units["dongfeng"] and first.lead_unit_id == world.units["dongfeng"]
        assert first.description == "多处垃圾堆放"
        assert second.place_id == world.units["xinhe"] and second.lead_unit_id == world.units["longjiang"]
        assert third.place_id == world.units["boao"] and third.lead_unit_id == world.units["education"]
        assert third.due_at.astimezone(START.tzinfo).date() == date(2026, 12, 31)
        assert first.owner_unit_id == world.units["city"] and first.found_by_id == world.people["inspector"]
        events = list(s.scalars(select(TicketEvent).order_by(TicketEvent.id)))
        assert [(e.ticket_id, e.trigger, e.to_state) for e in events] == [(t.id, "file", "found") for t in tickets]
        assert events[0].payload["import_batch_id"] == result.batch_id and events[0].payload["row"] == 2


def test_columns_are_found_by_header_in_any_order_and_extra_columns_are_ignored(sessions, world):
    campaign_id = make_campaign(sessions, world)
    headers = ["序号", "整改时限", "村", "备注", "问题", "乡镇", "配合单位", "问题来源", "严重程度"]
    rows = [[1, "2026-12-01", "东风村", "随便写", "垃圾未清理", "龙江镇", "龙江镇、琼海市教育局", "暗访", "严重"]]
    content = workbook_bytes(rows, headers=headers, title_row="2026年下半年督导问题清单")
    assert run_import(sessions, world, campaign_id, content).created == 1
    with sessions() as s:
        ticket = s.scalar(select(Ticket))
        assert (ticket.title, ticket.place_id, ticket.source, ticket.severity) == (
            "垃圾未清理", world.units["dongfeng"], "covert", "major")
        co = set(s.scalars(select(TicketCoUnit.org_unit_id)))
        assert co == {world.units["longjiang"], world.units["education"]}


def test_wrong_headers_reject_the_file_naming_the_missing_column(sessions, world):
    campaign_id = make_campaign(sessions, world)
    errors = rejected(sessions, world, campaign_id,
                      workbook_bytes([["垃圾", "东风村"]], headers=["标题", "地点"]))
    assert errors == [{"row": 1, "column": "问题标题", "message": errors[0]["message"]}]
    assert "缺少必填列“问题标题”" in errors[0]["message"]


def test_a_header_without_any_place_column_is_refused(sessions, world):
    campaign_id = make_campaign(sessions, world)
    errors = rejected(sessions, world, campaign_id, workbook_bytes([["垃圾"]], headers=["问题标题"]))
    assert errors[0]["row"] == 1 and "乡镇（街道）" in errors[0]["message"]


def test_unknown_village_rejects_the_whole_file_with_row_and_column(sessions, world):
    campaign_id = make_campaign(sessions, world)
    content = workbook_bytes([problem("一"), problem("二", village="幸福村"), problem("三")])
    errors = rejected(sessions, world, campaign_id, content)
    assert errors == [{"row": 3, "column": "村（社区）", "message": "督查范围内没有村（社区）“幸福村”"}]


def test_village_outside_the_campaign_scope_is_unknown(sessions, world):
    campaign_id = make_campaign(sessions, world, scope=("longjiang",))
    errors = rejected(sessions, world, campaign_id, workbook_bytes([problem("一", village="朝烈村", town="博鳌镇")]))
    assert errors[0]["column"] == "村（社区）" and "朝烈村" in errors[0]["message"]


def test_ambiguous_village_needs_its_town(sessions, world):
    with transaction(sessions) as s:
        create_unit(s, name="东风村", kind="village", parent=s.get(OrgUnit, world.units["boao"]))
    campaign_id = make_campaign(sessions, world)
    errors = rejected(sessions, world, campaign_id, workbook_bytes([problem("一", town="", lead="")]))
    assert errors[0]["column"] == "村（社区）"
    assert "2 个同名村（社区）“东风村”（博鳌镇、龙江镇），请填写乡镇（街道）" in errors[0]["message"]
    errors = rejected(sessions, world, campaign_id, workbook_bytes([problem("一", town="朝烈镇", lead="")]))
    assert "乡镇（街道）“朝烈镇”下没有村（社区）“东风村”" in errors[0]["message"]
    run_import(sessions, world, campaign_id, workbook_bytes([problem("一", town="博鳌镇", lead="东风村")]))
    with sessions() as s:
        ticket = s.scalar(select(Ticket))
        boao_dongfeng = s.scalar(
            select(OrgUnit.id).where(OrgUnit.name == "东风村", OrgUnit.id != world.units["dongfeng"]))
        assert ticket.place_id == boao_dongfeng and ticket.lead_unit_id == boao_dongfeng


def test_dates_in_the_forms_excel_produces_are_read(sessions, world):
    campaign_id = make_campaign(sessions, world)
    forms = [datetime(2026, 12, 20), date(2026, 12, 20), 46376, "2026-12-20", "2026/12/20", "2026.12.20",
             "2026年12月20日", "20261220", " 2026-12-20 "]
    rows = [problem(f"问题{i}", due=value) for i, value in enumerate(forms)]
    assert run_import(sessions, world, campaign_id, workbook_bytes(rows)).created == len(forms)
    with sessions() as s:
        dues = {t.due_at.astimezone(START.tzinfo).date() for t in s.scalars(select(Ticket))}
    assert dues == {date(2026, 12, 20)}


def test_bad_dates_are_reported_per_cell(sessions, world):
    campaign_id = make_campaign(sessions, world)
    headers = [*HEADERS, "发现日期"]
    rows = [[*problem("一", due="2026-13-45"), None], [*problem("二", due="下个月"), None],
            [*problem("三", due="2026-11-01"), "2026-11-20"], [*problem("四"), "2026-12-01"]]
    errors = rejected(sessions, world, campaign_id, workbook_bytes(rows, headers=headers))
    assert [(e["row"], e["column"]) for e in errors] == [
        (2, "整改期限"), (3, "整改期限"), (4, "整改期限"), (5, "发现日期")]
    assert errors[0]["message"] == "日期不存在：2026-13-45"
    assert errors[1]["message"].startswith("无法识别的日期：下个月")
    assert errors[2]["message"] == "整改期限 2026-11-01 早于发现日期"
    assert errors[3]["message"] == "发现日期 2026-12-01 晚于今天"


def test_empty_rows_are_skipped_and_row_numbers_stay_excels(sessions, world):
    campaign_id = make_campaign(sessions, world)
    rows = [problem("一"), [None] * 6, ["", " ", None, "", "", ""], problem("二", village="无名村")]
    errors = rejected(sessions, world, campaign_id, workbook_bytes(rows))
    assert [(e["row"], e["column"]) for e in errors] == [(5, "村（社区）")]
    assert run_import(sessions, world, campaign_id, workbook_bytes([*rows[:3], problem("二")])).created == 2


def test_a_file_with_only_headers_is_refused(sessions, world):
    campaign_id = make_campaign(sessions, world)
    errors = rejected(sessions, world, campaign_id, workbook_bytes([[None] * 6]))
    assert errors[0]["message"] == "表头下方没有填写任何问题"


def test_duplicates_within_the_file_are_reported_with_the_first_row(sessions, world):
    campaign_id = make_campaign(sessions, world)
    rows = [problem("垃圾未清理"), problem("污水直排"), problem(" 垃圾 未清理 ")]
    errors = rejected(sessions, world, campaign_id, workbook_bytes(rows))
    assert errors == [{"row": 4, "column": "问题标题", "message": "与第 2 行重复（同一地点、同一问题标题）"}]
    # The same title in another village is another problem.
    assert run_import(sessions, world, campaign_id, workbook_bytes(
        [problem("垃圾未清理"), problem("垃圾未清理", village="新和村")])).created == 2


def test_importing_the_same_file_twice_does_not_duplicate_tickets(sessions, world):
    campaign_id = make_campaign(sessions, world)
    content = workbook_bytes([problem("一"), problem("二")])
    first = run_import(sessions, world, campaign_id, content)
    again = run_import(sessions, world, campaign_id, content, filename="又传了一次.xlsx")
    assert (again.already_imported, again.batch_id, again.created) == (True, first.batch_id, 0)
    assert ticket_count(sessions) == 2
    # A re-saved, extended file only adds its new row.
    extended = run_import(sessions, world, campaign_id, workbook_bytes([problem("一"), problem("二"), problem("三")]))
    assert (extended.created, extended.skipped, extended.skipped_rows) == (1, 2, [2, 3])
    assert ticket_count(sessions) == 3


def test_every_bad_cell_is_reported_not_only_the_first(sessions, world):
    campaign_id = make_campaign(sessions, world)
    headers = [*HEADERS, "问题来源", "严重程度", "责任人"]
    rows = [["", "", "龙江镇", "东风村", "不存在的局", "明年", "电视", "特别严重", "无此人"]]
    errors = rejected(sessions, world, campaign_id, workbook_bytes(rows, headers=headers))
    assert [e["column"] for e in errors] == ["问题标题", "牵头单位", "责任人", "问题来源", "严重程度", "整改期限"]


def test_not_an_xlsx_file_is_refused_with_a_chinese_message(sessions, world):
    campaign_id = make_campaign(sessions, world)
    with pytest.raises(InvalidInput, match="不是有效的 Excel 工作簿"):
        run_import(sessions, world, campaign_id, "问题标题,村\n垃圾,东风村\n".encode())


def test_imported_numbers_continue_the_districts_counter(sessions, world):
    from workflow.tickets.filing import file_ticket
    from workflow.tickets.schemas import TicketCreate

    campaign_id = make_campaign(sessions, world)
    with transaction(sessions) as s:
        actor = actor_for(s, world.people["inspector"])
        file_ticket(s, actor=actor, data=TicketCreate(title="手工登记", place_id=world.units["dongfeng"]), now=START)
    result = run_import(sessions, world, campaign_id, workbook_bytes([problem("一"), problem("二")]))
    assert (result.first_number, result.last_number) == ("QH-2026-0002", "QH-2026-0003")
    with transaction(sessions) as s:
        actor = actor_for(s, world.people["inspector"])
        later = file_ticket(s, actor=actor, data=TicketCreate(title="再登记", place_id=world.units["xinhe"]), now=START)
        assert later.number == "QH-2026-0004"


def test_a_ten_thousand_row_file_imports_in_one_go(sessions, world):
    campaign_id = make_campaign(sessions, world)
    villages = ["东风村", "新和村"]
    rows = [problem(f"问题{i:05d}", village=villages[i % 2], lead=villages[i % 2]) for i in range(10_000)]
    result = run_import(sessions, world, campaign_id, workbook_bytes(rows))
    assert (result.created, result.first_number, result.last_number) == (10_000, "QH-2026-0001", "QH-2026-10000")
    with sessions() as s:
        assert s.scalar(select(func.count(func.distinct(Ticket.number)))) == 10_000
        assert s.scalar(select(func.count(TicketEvent.id)).where(TicketEvent.trigger == "file")) == 10_000
        assert s.scalar(select(func.count(Ticket.id)).where(Ticket.place_id == world.units["xinhe"])) == 5_000


def test_checklist_codes_and_people_are_matched_by_name(sessions, world):
    from workflow.checklists.loader import load_checklist_file
    from workflow.checklists.models import ChecklistItem
    from workflow.seeddata import CHECKLIST_DIR

    with transaction(sessions) as s:
        load_checklist_file(s, CHECKLIST_DIR / "qionghai-2022-five-comparisons.json")
    campaign_id = make_campaign(sessions, world, checklist_id="qionghai-2022-five-comparisons")
    headers = [*HEADERS, "细则编号", "责任人", "责任领导"]
    rows = [[*problem("一"), "1-2", "village-name", "town-name"], [*problem("二"), "9-9", "无此人", ""]]
    errors = rejected(sessions, world, campaign_id, workbook_bytes(rows, headers=headers))
    assert [(e["row"], e["column"], e["message"]) for e in errors] == [
        (3, "责任人", "找不到人员“无此人”（须为组织督查单位管辖范围内的人员）"),
        (3, "细则编号", "督导细则中没有编号为“9-9”的条目"),
    ]
    run_import(sessions, world, campaign_id, workbook_bytes(rows[:1], headers=headers))
    with sessions() as s:
        ticket = s.scalar(select(Ticket))
        item = s.get(ChecklistItem, ticket.checklist_item_id)
        assert (item.checklist_id, item.code) == ("qionghai-2022-five-comparisons", "1-2")
        assert ticket.responsible_person_id == world.people["village"]
        assert ticket.responsible_leader_id == world.people["town"]


def test_checklist_code_without_a_campaign_checklist_is_refused(sessions, world):
    campaign_id = make_campaign(sessions, world)
    errors = rejected(sessions, world, campaign_id,
                      workbook_bytes([[*problem("一"), "1-2"]], headers=[*HEADERS, "细则编号"]))
    assert errors[0]["message"] == "本次督查未选用督导细则，不能填写细则编号"


def test_names_differing_in_bracket_width_circle_or_spaces_match_both_ways(sessions, world):
    with transaction(sessions) as s:
        longjiang = s.get(OrgUnit, world.units["longjiang"])
        half = create_unit(s, name="红旗村(一组)", kind="village", parent=longjiang)
        full = create_unit(s, name="〇塘村（新区）", kind="village", parent=longjiang)
        ids = (half.id, full.id)
    campaign_id = make_campaign(sessions, world)
    rows = [problem("一", village="红旗村（一组）", town="龙 江 镇", lead="红旗村 ( 一组 )"),
            problem("二", village="○塘村(新区)", town="龙江镇\u3000", lead="〇 塘村（新区）"),
            [*problem("三", lead=" 琼海市\u3000教育局 "), "东风村 、 龙江镇"]]
    result = run_import(sessions, world, campaign_id, workbook_bytes(rows, headers=[*HEADERS, "配合单位"]))
    assert result.created == 3
    with sessions() as s:
        tickets = list(s.scalars(select(Ticket).order_by(Ticket.number)))
        assert [(t.place_id, t.lead_unit_id) for t in tickets] == [
            (ids[0], ids[0]), (ids[1], ids[1]), (world.units["dongfeng"], world.units["education"])]


def test_an_unmatched_name_is_quoted_as_the_user_wrote_it(sessions, world):
    campaign_id = make_campaign(sessions, world)
    errors = rejected(sessions, world, campaign_id, workbook_bytes([problem("一", village="幸福村 （一组）")]))
    assert errors[0]["message"] == "督查范围内没有村（社区）“幸福村 （一组）”"


def test_campaign_kinds_are_accepted_as_the_problems_source(sessions, world):
    campaign_id = make_campaign(sessions, world)
    kinds = ["回头看", "明查", "部门督查", "抽查", "后评估", "大比拼", "暗访", " 自查 ", "督查"]
    rows = [[*problem(f"问题{i}"), kind] for i, kind in enumerate(kinds)]
    assert run_import(sessions, world, campaign_id, workbook_bytes(rows, headers=[*HEADERS, "问题来源"])).created == 9
    with sessions() as s:
        sources = list(s.scalars(select(Ticket.source).order_by(Ticket.number)))
    assert sources == ["inspection"] * 6 + ["covert", "self_check", "inspection"]


def test_an_unreadable_found_date_is_reported_once_and_not_as_a_deadline_error(sessions, world):
    campaign_id = make_campaign(sessions, world)
    rows = [[*problem("一", due="2026-12-20"), "2026-02-30"], [*problem("二", due="2026-11-01"), None]]
    errors = rejected(sessions, world, campaign_id, workbook_bytes(rows, headers=[*HEADERS, "发现日期"]))
    assert errors == [
        {"row": 2, "column": "发现日期", "message": "日期不存在：2026-02-30"},
        {"row": 3, "column": "整改期限", "message": "整改期限 2026-11-01 早于今天（未填发现日期，按今天发现）"},
    ]


def test_a_row_with_a_wrong_place_and_wrong_units_reports_every_fault_once(sessions, world):
    campaign_id = make_campaign(sessions, world)
    rows = [[*problem("一", village="幸福村", lead="不存在的局"), "无名镇、无名镇、龙江镇"]]
    errors = rejected(sessions, world, campaign_id, workbook_bytes(rows, headers=[*HEADERS, "配合单位"]))
    assert [(e["row"], e["column"], e["message"]) for e in errors] == [
        (2, "村（社区）", "督查范围内没有村（社区）“幸福村”"),
        (2, "牵头单位", "找不到单位“不存在的局”（须为组织督查单位管辖范围内的单位全称）"),
        (2, "配合单位", "找不到单位“无名镇”（须为组织督查单位管辖范围内的单位全称）"),
    ]


def test_the_templates_example_row_imports_as_it_is_on_the_demo_data(sessions, tmp_path):
    from io import BytesIO

    from openpyxl import load_workbook

    from workflow.accounts.models import Person
    from workflow.campaigns.models import Campaign
    from workflow.demo import seed_demo
    from workflow.imports.template import problem_list_template
    from workflow.tickets.storage import EvidenceStore

    with transaction(sessions) as s:
        seed_demo(s, store=EvidenceStore(tmp_path), now=START)
    with sessions() as s:
        campaign_id = s.scalar(select(Campaign.id))
        inspector = s.scalar(select(Person.id).where(Person.username == "inspector"))
        before = s.scalar(select(func.count(Ticket.id)))
    guide = load_workbook(BytesIO(problem_list_template()))["填写说明"]
    examples = {row[0]: row[3] for row in guide.iter_rows(min_row=2, values_only=True) if row[0] and row[3]}
    content = workbook_bytes([list(examples.values())], headers=list(examples))
    with transaction(sessions) as s:
        result = import_problem_list(s, actor=actor_for(s, inspector), campaign_id=campaign_id, filename="示例.xlsx",
                                     content=content, now=START)
    assert result.created == 1
    with sessions() as s:
        ticket = s.scalar(select(Ticket).where(Ticket.number == result.first_number))
        place = s.get(OrgUnit, ticket.place_id)
        assert (ticket.title, place.name, ticket.source, ticket.severity) == (
            examples["问题标题"], "龙江东风村", "inspection", "general")
        assert len(list(s.scalars(select(TicketCoUnit).where(TicketCoUnit.ticket_id == ticket.id)))) == 2
        assert ticket.responsible_person_id and ticket.responsible_leader_id and ticket.checklist_item_id
        assert s.scalar(select(func.count(Ticket.id))) == before + 1

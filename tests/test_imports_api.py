"""POST /api/v1/imports/problem-list and the template download, as the right and the wrong users."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlalchemy import func, select

from tests.helpers import login
from tests.world import PASSWORD
from tests.xlsx import make_campaign, problem, workbook_bytes
from workflow.accounts.service import create_person
from workflow.db import transaction
from workflow.imports.columns import COLUMNS
from workflow.orgs.service import create_unit
from workflow.tickets.models import Ticket

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(client, headers, campaign_id, content, name="问题清单.xlsx"):
    return client.post("/api/v1/imports/problem-list", headers=headers, data={"campaign_id": str(campaign_id)},
                       files={"file": (name, content, XLSX_TYPE)})


def count(sessions) -> int:
    with sessions() as s:
        return s.scalar(select(func.count(Ticket.id)))


def test_template_downloads_with_the_documented_columns(client, world):
    r = client.get("/api/v1/imports/problem-list/template", headers=login(client, "town"))
    assert r.status_code == 200 and r.headers["content-type"] == XLSX_TYPE
    assert "filename*=UTF-8''" in r.headers["content-disposition"]
    book = load_workbook(io.BytesIO(r.content))
    assert book.sheetnames == ["问题清单", "填写说明"]
    assert [c.value for c in book["问题清单"][1]] == [c.header for c in COLUMNS]
    assert book["问题清单"].freeze_panes == "A2"
    assert [row[0] for row in book["填写说明"].iter_rows(min_row=2, max_row=len(COLUMNS) + 1, values_only=True)] == [
        c.header for c in COLUMNS]


def test_template_needs_a_login(client, world):
    r = client.get("/api/v1/imports/problem-list/template")
    assert r.status_code == 401 and r.json()["code"] == "not_authenticated"


def test_filled_template_imports_and_a_second_upload_changes_nothing(client, world, sessions):
    campaign_id = make_campaign(sessions, world)
    template = load_workbook(io.BytesIO(client.get("/api/v1/imports/problem-list/template",
                                                   headers=login(client, "inspector")).content))
    sheet = template["问题清单"]
    headers = [c.value for c in sheet[1]]
    row = dict.fromkeys(headers, None) | {"问题标题": "村内垃圾未清理", "乡镇（街道）": "龙江镇",
                                          "村（社区）": "东风村", "问题来源": "暗访", "整改期限": "2026-12-20"}
    for index, header in enumerate(headers, start=1):  # the cadre writes over the example row
        sheet.cell(row=2, column=index, value=row[header])
    buffer = io.BytesIO()
    template.save(buffer)
    auth = login(client, "inspector")
    first = upload(client, auth, campaign_id, buffer.getvalue())
    assert first.status_code == 201, first.text
    assert first.json() | {"batch_id": 0} == {
        "batch_id": 0, "campaign_id": campaign_id, "filename": "问题清单.xlsx", "rows": 1, "created": 1,
        "skipped": 0, "already_imported": False, "first_number": "QH-2026-0001", "last_number": "QH-2026-0001",
        "skipped_rows": []}
    again = upload(client, auth, campaign_id, buffer.getvalue())
    assert again.status_code == 200 and again.json()["already_imported"] is True
    assert count(sessions) == 1


def test_a_bad_file_answers_422_with_the_report_and_imports_nothing(client, world, sessions):
    campaign_id = make_campaign(sessions, world)
    content = workbook_bytes([problem("一"), problem("二", village="幸福村"), problem("三", due="下周")])
    r = upload(client, login(client, "office"), campaign_id, content)
    assert r.status_code == 422
    body = r.json()
    assert body["code"] == "invalid_input" and "整个文件未导入" in body["message"]
    assert body["detail"]["total"] == 2
    assert [(e["row"], e["column"]) for e in body["detail"]["errors"]] == [(3, "村（社区）"), (4, "整改期限")]
    assert count(sessions) == 0


def test_an_operator_may_not_import(client, world, sessions):
    campaign_id = make_campaign(sessions, world)
    r = upload(client, login(client, "town"), campaign_id, workbook_bytes([problem("一")]))
    assert r.status_code == 403 and count(sessions) == 0


def test_another_districts_inspector_cannot_see_the_campaign(client, world, sessions):
    campaign_id = make_campaign(sessions, world)
    with transaction(sessions) as s:
        wanning = create_unit(s, name="万宁市", kind="district", code="WN")
        create_person(s, name="万宁督查", unit=wanning, roles=["inspector"], username="wn", password=PASSWORD)
    r = upload(client, login(client, "wn"), campaign_id, workbook_bytes([problem("一")]))
    assert r.status_code == 404 and count(sessions) == 0


def test_upload_without_a_file_is_refused(client, world, sessions):
    campaign_id = make_campaign(sessions, world)
    r = client.post("/api/v1/imports/problem-list", headers=login(client, "office"),
                    data={"campaign_id": str(campaign_id)})
    assert r.status_code == 422
    r = upload(client, login(client, "office"), campaign_id, b"")
    assert r.status_code == 422 and r.json()["message"] == "上传的文件是空的"

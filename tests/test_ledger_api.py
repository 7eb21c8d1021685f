"""Ledger downloads over HTTP: the export follows GET /tickets' filters and the actor's scope."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from tests.docx_reading import open_docx, table_rows, text_of
from tests.helpers import login
from tests.ledger_data import build_ledger

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def ledger_numbers(response) -> list[str]:
    assert response.status_code == 200, response.text
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    return [row[1] for row in book["问题清单"].iter_rows(min_row=2, values_only=True)]


def test_export_uses_the_same_filters_as_the_ticket_list(client, world, sessions):
    ledger = build_ledger(sessions, world)
    auth = login(client, "office")
    assert len(ledger_numbers(client.get("/api/v1/ledger/export.xlsx", headers=auth))) == ledger.total
    params = {"campaign_id": ledger.campaign_id, "state": "rectifying"}
    listed = client.get("/api/v1/tickets", params=params, headers=auth).json()["items"]
    exported = ledger_numbers(client.get("/api/v1/ledger/export.xlsx", params=params, headers=auth))
    assert sorted(exported) == sorted(t["number"] for t in listed) and len(exported) == 2
    overdue = ledger_numbers(client.get("/api/v1/ledger/export.xlsx", params={"overdue": "true"}, headers=auth))
    assert overdue == ["QH-2026-0003"]
    found = client.get("/api/v1/ledger/export.xlsx", params={"found_from": "2026-11-25"}, headers=auth)
    assert ledger_numbers(found) == []
    r = client.get("/api/v1/ledger/export.xlsx", headers=auth)
    assert "filename*=UTF-8''%E6%95%B4%E6%94%B9%E5%8F%B0%E8%B4%A6-20261124.xlsx" in r.headers["content-disposition"]


def test_a_town_cannot_export_another_towns_tickets(client, world, sessions):
    build_ledger(sessions, world)
    auth = login(client, "boao")
    numbers = ledger_numbers(client.get("/api/v1/ledger/export.xlsx", headers=auth))
    assert numbers == ["QH-2026-0007", "QH-2026-0008", "QH-2026-0009", "QH-2026-0010"]
    other_town = {"unit_id": world.units["longjiang"]}
    assert ledger_numbers(client.get("/api/v1/ledger/export.xlsx", params=other_town, headers=auth)) == []
    village = login(client, "village")
    assert ledger_numbers(client.get("/api/v1/ledger/export.xlsx", headers=village)) == [
        "QH-2026-0001", "QH-2026-0002", "QH-2026-0003"]


def test_ledger_outputs_need_a_login(client, world, sessions):
    for path in ("/api/v1/ledger/export.xlsx", "/api/v1/ledger/ranking", "/api/v1/ledger/bulletin.docx?half=2026H2",
                 f"/api/v1/ledger/town-report.docx?town_id={world.units['boao']}"):
        assert client.get(path).status_code == 401, path


def test_ranking_lists_red_and_black_towns(client, world, sessions):
    ledger = build_ledger(sessions, world)
    r = client.get("/api/v1/ledger/ranking", params={"campaign_id": ledger.campaign_id},
                   headers=login(client, "office"))
    assert r.status_code == 200
    body = r.json()
    assert (body["red_min_rate"], body["black_below_rate"]) == (0.9, 0.85)
    assert [(t["rank"], t["name"], t["listed"]) for t in body["towns"]] == [
        (1, "博鳌镇", "red"), (2, "龙江镇", "black")]


def test_bulletin_download_for_a_campaign_and_a_half_year(client, world, sessions):
    ledger = build_ledger(sessions, world)
    auth = login(client, "office")
    r = client.get("/api/v1/ledger/bulletin.docx", params={"campaign_id": ledger.campaign_id}, headers=auth)
    assert r.status_code == 200 and r.headers["content-type"] == DOCX_TYPE
    document = open_docx(r.content)
    assert "本期无约谈。" in text_of(document)
    assert table_rows(document.tables[0])[-1][:3] == ["", "合计", "9"]
    params = {"half": "2026H2", "issuer": "琼海市乡村振兴局"}
    r = client.get("/api/v1/ledger/bulletin.docx", params=params, headers=auth)
    assert r.status_code == 200 and open_docx(r.content).paragraphs[-2].text == "琼海市乡村振兴局"


def test_bulletin_refusals(client, world, sessions):
    ledger = build_ledger(sessions, world)
    office, town = login(client, "office"), login(client, "town")
    r = client.get("/api/v1/ledger/bulletin.docx", params={"campaign_id": ledger.campaign_id}, headers=town)
    assert r.status_code == 403
    assert client.get("/api/v1/ledger/bulletin.docx", params={"campaign_id": 9999}, headers=office).status_code == 404
    r = client.get("/api/v1/ledger/bulletin.docx", headers=office)
    assert r.status_code == 422 and "二选一" in r.json()["message"]
    r = client.get("/api/v1/ledger/bulletin.docx", params={"half": "2026Q1"}, headers=office)
    assert r.status_code == 422 and "2026H1" in r.json()["message"]


def test_town_report_for_ones_own_town_only(client, world, sessions):
    build_ledger(sessions, world)
    boao = login(client, "boao")
    r = client.get("/api/v1/ledger/town-report.docx", params={"town_id": world.units["boao"]}, headers=boao)
    assert r.status_code == 200 and "共收到问题4个" in text_of(open_docx(r.content))
    r = client.get("/api/v1/ledger/town-report.docx", params={"town_id": world.units["longjiang"]}, headers=boao)
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    office = login(client, "office")
    r = client.get("/api/v1/ledger/town-report.docx", params={"town_id": world.units["longjiang"], "half": "2026H2"},
                   headers=office)
    assert r.status_code == 200 and "共收到问题6个" in text_of(open_docx(r.content))


def test_openapi_lists_the_new_routes(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/v1/imports/problem-list", "/api/v1/imports/problem-list/template",
                 "/api/v1/ledger/export.xlsx", "/api/v1/ledger/bulletin.docx", "/api/v1/ledger/town-report.docx",
                 "/api/v1/ledger/ranking"):
        assert path in paths


def test_the_export_leaves_no_temporary_file_behind(client, world, sessions, tmp_path, monkeypatch):
    import tempfile

    build_ledger(sessions, world)
    spool = tmp_path / "spool"
    spool.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool))
    assert len(ledger_numbers(client.get("/api/v1/ledger/export.xlsx", headers=login(client, "office")))) == 10
    assert list(spool.iterdir()) == []

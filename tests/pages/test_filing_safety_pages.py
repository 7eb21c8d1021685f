"""Filing safely (issue 11): one ticket per form token, a warning for an open duplicate, 登记并交办 in one step,
the fields checked before the photos travel, and unit pickers grouped town → villages."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from tests.helpers import PNG, login
from tests.pages.conftest import filing_key, post_form
from workflow.accounts.service import create_person
from workflow.db import transaction
from workflow.orgs.models import OrgUnit
from workflow.outbox.models import OutboxMessage
from workflow.tickets.models import Evidence, Ticket, TicketEvent

XHR = {"X-Requested-With": "XMLHttpRequest"}


def _form(world, **extra) -> dict:
    return {"title": "村道两侧垃圾堆放", "place_id": str(world.units["dongfeng"]), "due_on": "2026-12-10",
            "severity": "general", "source": "inspection", "deadline_kind": "fixed_date", **extra}


def _tickets(sessions) -> list[Ticket]:
    with sessions() as s:
        return list(s.scalars(select(Ticket).order_by(Ticket.id)))


def test_two_posts_of_the_same_form_file_one_ticket_and_both_answer_with_it(browser_as, world, sessions):
    client = browser_as("inspector")
    form = _form(world) | filing_key(client)
    photo = [("photos", ("site.png", PNG, "image/png"))]
    first = post_form(client, "/tickets/new", form, files=photo)
    second = post_form(client, "/tickets/new", form, files=photo)
    assert first.status_code == second.status_code == 303
    assert first.headers["location"] == second.headers["location"]
    [ticket] = _tickets(sessions)
    assert first.headers["location"] == f"/tickets/{ticket.id}"
    page = client.get(second.headers["location"]).text
    assert f"{ticket.number} 已登记过，重复提交的表单没有再次登记" in page
    with sessions() as s:
        assert s.scalar(select(func.count(Evidence.id))) == 1  # the replay's photo was not stored again
    # The upload script's replay gets the same ticket as JSON; another form (a new token) files anew.
    r = post_form(client, "/tickets/new", form, headers=XHR)
    assert r.json() == {"redirect": f"/tickets/{ticket.id}"}
    r = post_form(client, "/tickets/new", _form(world, title="另一问题") | filing_key(client))
    assert r.status_code == 303 and len(_tickets(sessions)) == 2


def test_a_token_is_one_person_s_a_missing_or_malformed_one_is_refused(browser_as, world, sessions):
    inspector, office = browser_as("inspector"), browser_as("office")
    key = filing_key(inspector)
    assert post_form(inspector, "/tickets/new", _form(world) | key).status_code == 303
    r = post_form(office, "/tickets/new", _form(world, title="办公室登记的问题") | key)  # same token, someone else
    assert r.status_code == 303 and len(_tickets(sessions)) == 2
    r = post_form(inspector, "/tickets/new", _form(world, title="无标识"))
    assert r.status_code == 422 and "登记页面已过期" in r.text
    r = post_form(inspector, "/tickets/new", _form(world, title="坏标识", filing_key="<script>"))
    assert r.status_code == 422 and "防重复提交标识格式有误" in r.text
    assert len(_tickets(sessions)) == 2


def test_an_open_problem_with_the_same_title_at_the_same_place_is_warned_about_then_filed_on_confirmation(
        browser_as, world, sessions):
    client = browser_as("inspector")
    assert post_form(client, "/tickets/new", _form(world) | filing_key(client)).status_code == 303
    [first] = _tickets(sessions)
    again = _form(world, title=" 村道两侧 垃圾堆放", description="另一段路") | filing_key(client)
    r = post_form(client, "/tickets/new", again)
    assert r.status_code == 409 and f"该地点已有同一标题的问题尚未销号（{first.number}）" in r.text
    assert f'href="/tickets/{first.id}"' in r.text and 'name="confirm_duplicate"' in r.text
    assert "另一段路" in r.text and len(_tickets(sessions)) == 1  # typed text kept, nothing filed
    r = post_form(client, "/tickets/new", again, headers=XHR)
    assert r.status_code == 409 and r.json()["code"] == "possible_duplicate"
    assert r.json()["detail"]["duplicates"][0]["number"] == first.number
    # Elsewhere the same title is no duplicate; confirmed, it is filed here too.
    other = _form(world, place_id=str(world.units["xinhe"])) | filing_key(client)
    assert post_form(client, "/tickets/new", other).status_code == 303
    assert post_form(client, "/tickets/new", again | {"confirm_duplicate": "1"}).status_code == 303
    assert len(_tickets(sessions)) == 3


def test_file_and_assign_in_one_step_writes_both_events_and_the_notification(browser_as, world, sessions):
    client = browser_as("inspector")
    form = _form(world, lead_unit_id=str(world.units["longjiang"]), then="assign") | filing_key(client)
    r = post_form(client, "/tickets/new", form)
    assert r.status_code == 303
    [ticket] = _tickets(sessions)
    assert (ticket.state, ticket.lead_unit_id) == ("assigned", world.units["longjiang"])
    with sessions() as s:
        triggers = list(s.scalars(select(TicketEvent.trigger).where(TicketEvent.ticket_id == ticket.id)
                                  .order_by(TicketEvent.seq)))
        kinds = list(s.scalars(select(OutboxMessage.kind).where(OutboxMessage.ticket_id == ticket.id)))
    assert triggers == ["file", "assign"] and "assignment" in kinds
    page = client.get(r.headers["location"]).text
    assert f"已登记并交办 {ticket.number}：已通知龙江镇，下一步由其签收并填写整改措施" in page
    # Without a lead unit nothing is filed, and the lead unit field is the one marked.
    r = post_form(client, "/tickets/new", _form(world, title="无牵头单位", then="assign") | filing_key(client))
    assert r.status_code == 422 and "须先选择牵头责任单位" in r.text
    assert re.search(r'<label class="invalid">牵头责任单位', r.text)
    assert len(_tickets(sessions)) == 1


def test_filing_without_assigning_says_what_comes_next(browser_as, world, sessions):
    client = browser_as("inspector")
    r = post_form(client, "/tickets/new", _form(world, lead_unit_id=str(world.units["dongfeng"])) | filing_key(client))
    [ticket] = _tickets(sessions)
    assert f"已登记 {ticket.number}。下一步：核对后点“交办”，交东风村整改" in client.get(r.headers["location"]).text
    r = post_form(client, "/tickets/new", _form(world, title="未定单位") | filing_key(client))
    assert "下一步：指定牵头责任单位后交办" in client.get(r.headers["location"]).text


def test_validate_only_answers_before_the_photos_and_files_nothing(browser_as, world, sessions):
    client = browser_as("inspector")
    key = filing_key(client)
    check = {"validate_only": "1"}
    r = post_form(client, "/tickets/new", _form(world) | key | check, headers=XHR)
    assert r.json() == {"valid": True}
    r = post_form(client, "/tickets/new", _form(world, deadline_kind="working_days", deadline_days="") | key | check,
                  headers=XHR)
    assert r.status_code == 422 and "天数" in r.json()["message"] and r.json()["detail"]["field"] == "deadline"
    r = post_form(client, "/tickets/new", _form(world, due_on="2020-01-01") | key | check, headers=XHR)
    assert r.status_code == 422 and "整改期限不能早于发现日期" in r.json()["message"]
    r = post_form(client, "/tickets/new", _form(world, title="") | key | check, headers=XHR)
    assert r.status_code == 422 and r.json()["detail"]["field"] == "title"
    assert _tickets(sessions) == []
    # The token is still unused: the real post files with it.
    assert post_form(client, "/tickets/new", _form(world) | key).status_code == 303 and len(_tickets(sessions)) == 1


def test_the_unit_pickers_list_each_town_then_its_villages_and_departments_apart(browser_as, world):
    page = browser_as("inspector").get("/tickets/new").text
    place = page[page.index('name="place_id"'):page.index('name="lead_unit_id"')]
    groups = re.findall(r'<optgroup label="([^"]+)">', place)
    assert groups == ["区/市本级", "龙江镇", "博鳌镇"]
    names = re.findall(r'<option value="\d+" >([^<]+)</option>', place)
    assert names == ["琼海市", "龙江镇", "东风村", "新和村", "博鳌镇", "朝烈村"]
    lead = page[page.index('name="lead_unit_id"'):]
    assert re.findall(r'<optgroup label="([^"]+)">', lead) == ["区/市本级", "龙江镇", "博鳌镇", "部门及其他单位"]
    assert "琼海市教育局（行业部门）" in lead.split('label="部门及其他单位"')[1]
    assert 'data-filter-for="place_id"' in page and 'data-prefills="lead_unit_id"' in page


def test_an_inspector_of_one_town_picks_from_that_town_only(browser_as, world, sessions):
    with transaction(sessions) as s:
        person = create_person(s, name="镇督查", unit=s.get(OrgUnit, world.units["longjiang"]), roles=["inspector"],
                               mobile="13900000099", username="town-inspector")
        person.password_hash = world.password_hash
    page = browser_as("town-inspector").get("/tickets/new").text
    assert re.findall(r'<optgroup label="([^"]+)">', page.split('name="lead_unit_id"')[0]) == ["龙江镇"]
    assert "东风村" in page and "博鳌镇" not in page and "朝烈村" not in page and "琼海市教育局" not in page


def test_the_api_files_once_per_idempotency_key(client, world, sessions):
    headers = login(client, "inspector") | {"Idempotency-Key": "retry-after-timeout-1"}
    body = {"title": "接口登记", "place_id": world.units["dongfeng"]}
    first = client.post("/api/v1/tickets", json=body, headers=headers)
    second = client.post("/api/v1/tickets", json=body, headers=headers)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"] and len(_tickets(sessions)) == 1
    r = client.post("/api/v1/tickets", json=body, headers=headers | {"Idempotency-Key": "x"})
    assert r.status_code == 422 and r.json()["detail"]["field"] == "filing_key"
    assert client.post("/api/v1/tickets", json=body, headers=login(client, "inspector")).status_code == 201

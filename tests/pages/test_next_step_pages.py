"""Issue 11, the next step in view: 我的问题 in four buckets, the home line, 待交办 / 待销号, 被返工 on the
ticket's first screen, 销号 confirmed, the template imported unchanged, and static files compressed."""

from __future__ import annotations

import gzip
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.conftest import START
from tests.pages.conftest import post_form
from tests.pages.factory import make_ticket
from tests.xlsx import make_campaign
from workflow.accounts.service import actor_for, create_person
from workflow.db import transaction
from workflow.orgs.models import OrgUnit
from workflow.tickets.models import Ticket, TicketEvent
from workflow.tickets.moves import MoveInput, apply_trigger

EARLIER = START - timedelta(days=20)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _reject(sessions, world, ticket_id: int, reason: str = "照片看不出清理效果") -> None:
    with transaction(sessions) as s:
        inspector = actor_for(s, world.people["inspector"])
        version = s.get(Ticket, ticket_id).version
        apply_trigger(s, actor=inspector, ticket_id=ticket_id, now=START,
                      data=MoveInput("reject", version, comment=reason))


def _version(sessions, ticket_id: int) -> str:
    with sessions() as s:
        return str(s.get(Ticket, ticket_id).version)


def _state(sessions, ticket_id: int) -> str:
    with sessions() as s:
        return s.get(Ticket, ticket_id).state


def _text(html: str) -> str:
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", html))


def _section(page: str, key: str) -> str:
    return page.split(f'id="{key}"')[1].split("</section>")[0]


def _titles(html: str) -> list[str]:
    return re.findall(r'class="title"><a href="/tickets/\d+">([^<]+)</a>', html)


def test_my_tickets_are_split_into_to_accept_to_rectify_awaiting_and_reworked(browser_as, world, app, sessions):
    store = app.state.store
    make_ticket(sessions, world, store, title="刚交办的问题", state="assigned")
    make_ticket(sessions, world, store, title="正在整改的问题", state="rectifying")
    make_ticket(sessions, world, store, title="已提交的问题", state="submitted")
    reworked = make_ticket(sessions, world, store, title="被退回返工的问题", state="submitted")
    _reject(sessions, world, reworked)
    make_ticket(sessions, world, store, title="博鳌的问题", state="assigned", place="chaolie", lead="chaolie")
    page = browser_as("town").get("/my/tickets").text
    assert _titles(_section(page, "to_accept")) == ["刚交办的问题"]
    assert _titles(_section(page, "to_rectify")) == ["正在整改的问题"]
    assert _titles(_section(page, "awaiting")) == ["已提交的问题"]
    assert _titles(_section(page, "reworked")) == ["被退回返工的问题"]
    assert "被返工</span>" in _section(page, "reworked") and "被返工</span>" not in _section(page, "to_rectify")
    assert "博鳌的问题" not in page  # another town's ticket, in no bucket
    ledger = browser_as("town").get("/ledger").text  # the ledger marks it too
    row = ledger.split("被退回返工的问题")[1].split("</tr>")[0]
    assert "被返工</span>" in row and "被返工</span>" not in ledger.split("正在整改的问题")[1].split("</tr>")[0]
    # 博鳌镇 sees its own, and none of 龙江镇's.
    boao = browser_as("boao").get("/my/tickets").text
    assert _titles(_section(boao, "to_accept")) == ["博鳌的问题"] and "刚交办的问题" not in boao


def test_a_town_searches_its_tickets_and_filters_by_village(browser_as, world, app, sessions):
    store = app.state.store
    make_ticket(sessions, world, store, title="东风村道路垃圾", state="assigned")
    make_ticket(sessions, world, store, title="新和村公厕脏乱", state="assigned", place="xinhe", lead="xinhe")
    town = browser_as("town")
    page = town.get("/my/tickets").text
    assert f'<option value="{world.units["dongfeng"]}"' in page and "新和村</option>" in page
    assert _titles(town.get("/my/tickets", params={"unit": world.units["xinhe"]}).text) == ["新和村公厕脏乱"]
    assert _titles(town.get("/my/tickets", params={"q": "道路"}).text) == ["东风村道路垃圾"]
    # Another town's village as the filter shows nothing of it; a village has no village filter at all.
    assert _titles(town.get("/my/tickets", params={"unit": world.units["chaolie"]}).text) == []
    assert 'name="unit"' not in browser_as("village").get("/my/tickets").text
    assert 'name="unit"' not in browser_as("office").get("/my/tickets").text  # the filter is a town's


def test_the_home_page_tells_an_operator_what_is_overdue_to_accept_and_reworked(browser_as, world, app, sessions):
    store = app.state.store
    make_ticket(sessions, world, store, title="逾期未签收", state="assigned", due_on=date(2026, 11, 20), at=EARLIER)
    make_ticket(sessions, world, store, title="待签收", state="assigned")
    reworked = make_ticket(sessions, world, store, title="返工", state="submitted")
    _reject(sessions, world, reworked)
    assert "您有1件逾期、2件待签收、1件被返工" in _text(browser_as("town").get("/").text)
    assert "您有0件逾期、0件待签收、0件被返工" in _text(browser_as("boao").get("/").text)
    assert "件被返工" not in browser_as("inspector").get("/").text  # the line is for the operators


def test_the_anonymous_landing_page_shows_no_counts_and_no_calendar(client, world, app, sessions):
    make_ticket(sessions, world, app.state.store, state="assigned")
    page = client.get("/").text
    assert 'class="counts"' not in page and "工作日历" not in page and "/ledger?state=" not in page
    assert "登录" in page


def test_pending_assignment_lists_found_tickets_in_scope_for_inspectors_and_the_office(browser_as, world, app,
                                                                                       sessions):
    store = app.state.store
    make_ticket(sessions, world, store, title="龙江待交办", state="found")
    make_ticket(sessions, world, store, title="博鳌待交办", state="found", place="chaolie", lead="chaolie")
    make_ticket(sessions, world, store, title="已交办的", state="assigned")
    with transaction(sessions) as s:  # an inspector of 龙江镇's own
        person = create_person(s, name="龙江督查", unit=s.get(OrgUnit, world.units["longjiang"]),
                               roles=["inspector"], mobile="13900000099", username="ljinspector")
        person.password_hash = world.password_hash
    for username in ("inspector", "office"):
        page = browser_as(username).get("/to-assign").text
        assert sorted(_titles(page)) == ["博鳌待交办", "龙江待交办"], username
        assert 'href="/to-assign" aria-current="page"' in page
    assert _titles(browser_as("ljinspector").get("/to-assign").text) == ["龙江待交办"]
    for username in ("town", "village", "leader", "admin"):
        r = browser_as(username).get("/to-assign")
        assert r.status_code == 403 and "只有督查员或领导小组办公室" in r.text, username
        assert 'href="/to-assign"' not in browser_as(username).get("/").text


def test_pending_closure_is_the_offices_list_of_verified_tickets(browser_as, world, app, sessions):
    store = app.state.store
    make_ticket(sessions, world, store, title="已验收待销号", state="verified")
    make_ticket(sessions, world, store, title="已销号的", state="closed")
    make_ticket(sessions, world, store, title="待验收的", state="submitted")
    office = browser_as("office")
    assert _titles(office.get("/to-close").text) == ["已验收待销号"]
    assert 'href="/to-close"' in office.get("/").text
    for username in ("inspector", "town", "leader", "admin"):
        r = browser_as(username).get("/to-close")
        assert r.status_code == 403 and "只有领导小组办公室可以查看待销号的问题" in r.text, username


def test_the_first_screen_of_a_reworked_ticket_gives_the_reason_who_and_when(browser_as, world, app, sessions):
    ticket_id = make_ticket(sessions, world, app.state.store, state="submitted")
    _reject(sessions, world, ticket_id, reason="收集点未设置遮挡")
    page = browser_as("town").get(f"/tickets/{ticket_id}").text
    details = page.split('class="card t-details"')[1].split("</section>")[0]
    rework = details.split('id="rework"')[1].split("</div>")[0]
    assert "收集点未设置遮挡" in rework and "inspector-name" in rework and "2026-11-24 09:00" in rework
    evidence = page.split('id="evidence"')[1].split("</section>")[0]
    assert "已作废的上一轮材料（第 1 轮）" in evidence and "整改后（第 2 轮）" in evidence
    # A ticket never rejected has no such box.
    fresh = make_ticket(sessions, world, app.state.store, title="别的问题", state="rectifying")
    assert 'id="rework"' not in browser_as("town").get(f"/tickets/{fresh}").text


def test_on_an_assigned_ticket_accept_comes_first_and_return_sits_behind_its_own_disclosure(browser_as, world, app,
                                                                                          sessions):
    ticket_id = make_ticket(sessions, world, app.state.store, state="assigned")
    page = browser_as("town").get(f"/tickets/{ticket_id}").text
    moves = page.split('id="moves"')[1].split("</section>")[0]
    assert moves.index("move-accept") < moves.index("move-return")
    disclosure = moves.split('<details class="secondary-move"')[1].split("</details>")[0]
    assert "move-return" in disclosure and "move-accept" not in disclosure
    assert "整改措施" in moves.split("move-return")[0]


def test_close_asks_for_confirmation_first_and_the_confirmed_post_closes(browser_as, world, app, sessions):
    ticket_id = make_ticket(sessions, world, app.state.store, state="verified")
    office = browser_as("office")
    r = post_form(office, f"/tickets/{ticket_id}/move",
                  {"trigger": "close", "version": _version(sessions, ticket_id), "comment": "同意销号"})
    assert r.status_code == 200 and "确认销号？" in r.text
    assert _state(sessions, ticket_id) == "verified"  # nothing changed yet
    with sessions() as s:  # the move was tried in a savepoint and undone: no event written
        events = s.scalars(select(TicketEvent.trigger).where(TicketEvent.ticket_id == ticket_id)).all()
        assert events[-1] == "verify"
    form = r.text.split('class="form confirm-form"')[1].split("</form>")[0]
    carried = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form))
    assert carried["confirmed"] == "1" and carried["comment"] == "同意销号" and carried["trigger"] == "close"
    assert f'href="/tickets/{ticket_id}">取消</a>' in form and " on" not in form.split(">")[0]
    carried.pop("csrf_token")
    r = post_form(office, f"/tickets/{ticket_id}/move", carried)
    assert r.status_code == 303 and _state(sessions, ticket_id) == "closed"
    page = office.get(r.headers["location"]).text
    assert '<p class="flash flash-success" role="status">已销号</p>' in page
    assert "form upload" not in page and "<h3>上传材料</h3>" not in page  # no upload form on a closed ticket


def test_reopen_asks_for_confirmation_too_and_a_refused_role_gets_the_reason_at_once(browser_as, world, app,
                                                                                    sessions):
    closed = make_ticket(sessions, world, app.state.store, state="closed")
    r = post_form(browser_as("inspector"), f"/tickets/{closed}/move",
                  {"trigger": "reopen", "version": _version(sessions, closed), "comment": "回头看发现反弹"})
    assert r.status_code == 200 and "确认重新整改？" in r.text and _state(sessions, closed) == "closed"
    verified = make_ticket(sessions, world, app.state.store, state="verified")
    r = post_form(browser_as("inspector"), f"/tickets/{verified}/move",
                  {"trigger": "close", "version": _version(sessions, verified)})
    assert r.status_code == 409 and "您的角色无权执行此操作" in r.text


def test_each_page_action_confirms_itself_with_a_flash(browser_as, world, app, sessions):
    ticket_id = make_ticket(sessions, world, app.state.store, state="rectifying")
    town = browser_as("town")
    r = post_form(town, f"/tickets/{ticket_id}/extensions",
                  {"ext_due_on": "2026-12-20", "reason": "雨季施工困难", "progress": "已完成一半"})
    assert r.status_code == 303
    assert "已提交延期申请" in town.get(r.headers["location"]).text
    assert "已提交延期申请" not in town.get(r.headers["location"]).text  # shown once


def test_the_upload_form_offers_the_stage_that_fits_the_state(browser_as, world, app, sessions):
    submitted = make_ticket(sessions, world, app.state.store, state="submitted")
    page = browser_as("inspector").get(f"/tickets/{submitted}").text
    assert '<option value="verification" selected>' in page
    found = make_ticket(sessions, world, app.state.store, state="found")
    assert '<option value="found" selected>' in browser_as("inspector").get(f"/tickets/{found}").text


def test_the_ticket_page_offers_a_copy_link_button_for_the_wecom_group(browser_as, world, app, sessions):
    ticket_id = make_ticket(sessions, world, app.state.store, state="assigned")
    page = browser_as("town").get(f"/tickets/{ticket_id}").text
    assert f'data-copy-link="http://testserver/tickets/{ticket_id}"' in page
    assert '<script src="/static/copy_link.js" defer></script>' in page


def test_the_template_downloaded_and_imported_unchanged_files_its_example(browser_as, world, app, sessions):
    campaign_id = make_campaign(sessions, world)
    inspector = browser_as("inspector")
    template = inspector.get("/api/v1/imports/problem-list/template")
    assert template.status_code == 200
    r = post_form(inspector, "/imports/problem-list", {"campaign_id": str(campaign_id)},
                  files={"file": ("问题清单导入模板.xlsx", template.content, XLSX_TYPE)})
    assert r.status_code == 200, _text(r.text)[:400]
    with sessions() as s:
        ticket = s.scalar(select(Ticket).where(Ticket.campaign_id == campaign_id))
        assert ticket.title == "【示例】村内公厕保洁不到位"
        assert (ticket.place_id, ticket.lead_unit_id) == (world.units["dongfeng"], world.units["dongfeng"])
        assert ticket.responsible_person_id == world.people["village"]


@pytest.mark.parametrize("path", ["/static/vendor/echarts-5.6.0.common.min.js", "/static/app.css"])
def test_static_files_are_served_gzipped_with_their_cache_lifetime(client, path):
    plain = client.get(path, headers={"accept-encoding": "identity"})
    with client.stream("GET", path, headers={"accept-encoding": "gzip"}) as packed:
        wire = b"".join(packed.iter_raw())  # the bytes as they cross the network
    assert packed.headers["content-encoding"] == "gzip" and "content-encoding" not in plain.headers
    assert len(wire) < len(plain.content) / 2
    assert gzip.decompress(wire) == plain.content
    assert packed.headers["content-security-policy"].startswith("default-src 'self'")
    assert packed.headers["x-content-type-options"] == "nosniff"
    lifetime = packed.headers["cache-control"]
    assert lifetime == ("public, max-age=31536000, immutable" if "vendor" in path else "no-cache")


def test_an_unchanged_static_file_answers_304(client):
    first = client.get("/static/app.js")
    again = client.get("/static/app.js", headers={"if-none-match": first.headers["etag"]})
    assert again.status_code == 304


def test_the_ledgers_area_filter_lists_the_chosen_campaigns_checklist_areas_only(browser_as, world, sessions,
                                                                                 session):
    from workflow.checklists.loader import load_checklist_file
    from workflow.checklists.models import ChecklistItem
    from workflow.seeddata import CHECKLIST_DIR

    five = load_checklist_file(session, CHECKLIST_DIR / "qionghai-2022-five-comparisons.json")
    other = load_checklist_file(session, CHECKLIST_DIR / "mingzhou-2022-look-back.json")
    session.commit()
    def areas_of(checklist) -> set[str]:
        return set(session.scalars(select(ChecklistItem.area).where(ChecklistItem.checklist_id == checklist.id,
                                                                     ChecklistItem.area.is_not(None))))

    five_areas = sorted(areas_of(five))
    other_areas = sorted(areas_of(other) - set(five_areas))
    five_id = five.id
    session.rollback()
    assert five_areas and other_areas
    campaign_id = make_campaign(sessions, world, checklist_id=five_id)
    office = browser_as("office")

    def offered(html: str) -> list[str]:
        select = html.split('id="ledger-area"')[1].split("</select>")[0]
        return re.findall(r'<option value="([^"]+)"', select)

    assert set(five_areas + other_areas) <= set(offered(office.get("/ledger").text))  # no campaign: every area
    assert offered(office.get(f"/ledger?campaign_id={campaign_id}").text) == five_areas
    assert 'hx-select-oob="#ledger-area"' in office.get("/ledger").text  # the list follows an htmx filter change


def test_the_channels_form_names_the_unit_and_each_change_confirms_itself(browser_as, world):
    office = browser_as("office")
    unit_id = world.units["longjiang"]
    page = office.get(f"/channels?unit_id={unit_id}").text
    assert "为龙江镇添加渠道" in page and 'data-kind="email"' in page and "/static/kind_fields.js" in page
    r = post_form(office, "/channels", {"unit_id": str(unit_id), "kind": "email", "name": "龙江镇邮箱",
                                        "to": "lj@example.org"})
    assert r.status_code == 303
    page = office.get(r.headers["location"]).text
    assert "通知渠道已添加" in page and "龙江镇邮箱" in page
    channel_id = re.search(r'action="/channels/(\d+)/active"', page).group(1)
    r = post_form(office, f"/channels/{channel_id}/active", {"active": "0"})
    assert "通知渠道已停用" in office.get(r.headers["location"]).text


def test_leader_titles_follow_the_districts_level():
    from workflow.orgs.levels import leveled_title
    from workflow.orgs.models import OrgUnit

    def top(name: str) -> OrgUnit:
        return OrgUnit(name=name, kind="district")

    assert leveled_title("区级分管领导", top("琼海市")) == "市级分管领导"
    assert leveled_title("区级分管领导", top("大祥区")) == "区级分管领导"
    assert leveled_title("区级分管领导", top("某某县")) == "县级分管领导"
    assert leveled_title("区级分管领导", OrgUnit(name="龙江镇", kind="town")) == "区级分管领导"
    assert leveled_title("后盾单位分管领导", top("琼海市")) == "后盾单位分管领导"


def test_a_reopen_the_service_would_refuse_says_why_before_any_confirmation(browser_as, world, app, sessions):
    closed = make_ticket(sessions, world, app.state.store, state="closed", due_on=date(2026, 11, 20), at=EARLIER)
    r = post_form(browser_as("inspector"), f"/tickets/{closed}/move",
                  {"trigger": "reopen", "version": _version(sessions, closed), "comment": "回头看发现反弹",
                   "deadline_kind": "working_days", "deadline_days": ""})
    assert r.status_code == 422 and "确认重新整改？" not in r.text
    assert _state(sessions, closed) == "closed"

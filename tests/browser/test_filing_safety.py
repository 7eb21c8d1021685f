"""Filing and moving safely at phone width (issue 11): a double tap files one ticket, photos added one by one
all arrive, 登记并交办 in one step, refusals known before the photos travel, and a stale move that redirects,
keeps the typed text and says who changed what."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from tests.browser.conftest import choose, shoot
from tests.browser.scenery import photo
from workflow.tickets.models import Evidence, Ticket, TicketEvent


def _photo_file(tmp_path, name: str, hue: int, size=(1200, 900)) -> str:
    path = tmp_path / name
    path.write_bytes(photo(hue, size=size))
    return str(path)


def _tickets_titled(live_server, title: str) -> list[Ticket]:
    with live_server.app.state.sessions() as session:
        return list(session.scalars(select(Ticket).where(Ticket.title == title)))


def _evidence_count(live_server, ticket_id: int) -> int:
    with live_server.app.state.sessions() as session:
        return session.scalar(select(func.count(Evidence.id)).where(Evidence.ticket_id == ticket_id))


def _ticket_id(page) -> int:
    page.wait_for_url(re.compile(r"/tickets/\d+(#.*)?$"))
    return int(re.search(r"/tickets/(\d+)", page.url).group(1))


def _fill(page, title: str) -> None:
    page.goto("/tickets/new")
    page.get_by_label("问题标题").fill(title)
    choose(page, "place_id", "龙江东风村")
    page.get_by_label("整改期限").fill("2026-12-10")


def test_a_double_tap_files_one_ticket(open_as, live_server, tmp_path):
    inspector = open_as("inspector")
    _fill(inspector, "双击登记测试：村口垃圾未清理")
    inspector.locator('input[name="photos"]').set_input_files(_photo_file(tmp_path, "big.jpg", 30, (3000, 2250)))
    inspector.get_by_role("button", name="登记问题").dblclick()  # the second tap lands while photos compress
    ticket_id = _ticket_id(inspector)
    assert [t.id for t in _tickets_titled(live_server, "双击登记测试：村口垃圾未清理")] == [ticket_id]
    assert _evidence_count(live_server, ticket_id) == 1

    # Two posts of one form at the same moment (a re-sent request): one ticket, both answered with it.
    _fill(inspector, "重复提交测试：水渠堵塞")
    replies = inspector.evaluate("""async () => {
        const form = document.getElementById("file-form"), data = new FormData(form);
        const headers = {"X-Requested-With": "XMLHttpRequest",
                         "X-CSRF-Token": document.querySelector('meta[name="csrf-token"]').content};
        const post = () => fetch(form.action, {method: "POST", body: data, headers}).then(r => r.json());
        return Promise.all([post(), post()]);
    }""")
    [ticket] = _tickets_titled(live_server, "重复提交测试：水渠堵塞")
    assert replies == [{"redirect": f"/tickets/{ticket.id}"}] * 2


def test_three_photos_added_one_by_one_all_arrive_and_a_removed_one_does_not(open_as, live_server, tmp_path):
    inspector = open_as("inspector")
    _fill(inspector, "逐张拍照测试：危房未拆除")
    picker = inspector.locator('input[name="photos"]')
    for n, hue in enumerate((10, 60, 110, 160), start=1):  # the camera gives one shot per pick
        picker.set_input_files(_photo_file(tmp_path, f"shot-{n}.jpg", hue))
    preview = inspector.locator("#photo-preview li")
    assert preview.count() == 4 and "已选 4 张" in inspector.locator("[data-picked-count]").inner_text()
    preview.nth(3).get_by_role("button", name="移除").click()
    assert preview.count() == 3
    shoot(inspector, "filing-three-photos-phone")
    inspector.get_by_role("button", name="登记问题").click()
    ticket_id = _ticket_id(inspector)
    assert _evidence_count(live_server, ticket_id) == 3
    assert inspector.locator(".t-evidence .evidence-rounds img").count() == 3
    with live_server.app.state.sessions() as session:
        names = sorted(session.scalars(select(Evidence.filename).where(Evidence.ticket_id == ticket_id)))
    assert names == ["shot-1.jpg", "shot-2.jpg", "shot-3.jpg"]


def test_file_and_assign_in_one_step_with_the_place_prefilling_the_lead_unit(open_as, live_server):
    inspector = open_as("inspector")
    inspector.goto("/tickets/new")
    assert inspector.get_by_role("button", name="登记并交办").is_hidden()  # no lead unit yet
    inspector.get_by_label("问题标题").fill("一步交办测试：公厕无人保洁")
    inspector.get_by_label("查找问题所在地").fill("龙江东风")  # type-ahead: the one match is chosen
    assert inspector.locator('select[name="place_id"] option:checked').inner_text() == "龙江东风村"
    lead = inspector.locator('select[name="lead_unit_id"] option:checked').inner_text()
    assert lead.startswith("龙江东风村")  # 所在地 prefills 牵头单位
    inspector.get_by_label("整改期限").fill("2026-12-10")
    shoot(inspector, "filing-assign-in-one-step-phone")
    inspector.get_by_role("button", name="登记并交办").click()
    ticket_id = _ticket_id(inspector)
    flash = inspector.locator(".flash").inner_text()
    assert re.match(r"已登记并交办 \S+：已通知龙江东风村，下一步由其签收并填写整改措施", flash), flash
    assert inspector.locator(".t-details .state").inner_text().startswith("已交办")
    with live_server.app.state.sessions() as session:
        triggers = list(session.scalars(select(TicketEvent.trigger).where(TicketEvent.ticket_id == ticket_id)
                                        .order_by(TicketEvent.seq)))
    assert triggers == ["file", "assign"]


def test_a_missing_day_count_is_refused_before_the_photos_are_sent(open_as, live_server, tmp_path):
    inspector = open_as("inspector")
    _fill(inspector, "先检查后上传测试：道路破损")
    inspector.locator('input[name="deadline_kind"][value="working_days"]').check()
    inspector.locator('input[name="photos"]').set_input_files(_photo_file(tmp_path, "road.jpg", 200))
    posts = []
    inspector.on("request", lambda r: posts.append(r.post_data_buffer or b"") if r.method == "POST" else None)
    inspector.get_by_role("button", name="登记问题").click()
    error = inspector.locator(".form-error")
    error.wait_for(state="visible")
    assert "天数" in error.inner_text()
    assert "invalid" in inspector.locator("[data-deadline-picker]").get_attribute("class")
    assert len(posts) == 1 and b"validate_only" in posts[0] and b"image/jpeg" not in posts[0]
    assert inspector.get_by_role("button", name="登记问题").is_enabled()  # fix and tap again
    assert _tickets_titled(live_server, "先检查后上传测试：道路破损") == []
    shoot(inspector, "filing-refused-before-upload-phone")


def test_a_stale_move_redirects_keeps_the_typed_plan_and_says_who_changed_what(open_as, live_server):
    inspector, village, town = open_as("inspector"), open_as("village"), open_as("town")
    _fill(inspector, "过期页面测试：垃圾收集点未设置")
    inspector.get_by_role("button", name="登记并交办").click()
    ticket_id = _ticket_id(inspector)

    village.goto(f"/tickets/{ticket_id}")  # 东风村专干 starts typing the plan on the first screen …
    plan = "一、组织保洁员清运垃圾；二、在村口设置垃圾收集点，明确专人管理。"
    village.locator("form.move-accept textarea[name=plan]").fill(plan)
    town.goto(f"/tickets/{ticket_id}")  # … while 龙江镇专干 signs for it first
    town.locator("form.move-accept textarea[name=plan]").fill("镇里统一组织清运")
    town.locator("form.move-accept button[type=submit]").click()
    town.wait_for_load_state("networkidle")

    village.locator("form.move-accept button[type=submit]").click()
    village.wait_for_url(re.compile(rf"/tickets/{ticket_id}#moves$"))  # back on the ticket, not the POST URL
    flash = village.locator(".flash").inner_text()
    assert "该问题已有变动：龙江镇专干 于 " in flash and "已签收" in flash and "您填写的内容已保留" in flash
    assert plan in village.locator(".stale-typed").inner_text()
    shoot(village, "stale-move-phone")
    village.reload()  # 刷新 re-sends nothing: a GET of the ticket page
    assert "/move" not in village.url and plan in village.locator(".stale-typed").inner_text()
    with live_server.app.state.sessions() as session:
        ticket = session.get(Ticket, ticket_id)
        assert (ticket.state, ticket.plan) == ("rectifying", "镇里统一组织清运")


def test_an_open_duplicate_is_shown_before_filing_and_filed_only_when_confirmed(open_as, live_server):
    inspector = open_as("inspector")
    _fill(inspector, "重复问题测试：路灯损坏")
    inspector.get_by_role("button", name="登记问题").click()
    first_id = _ticket_id(inspector)
    _fill(inspector, "重复问题测试：路灯 损坏")
    inspector.get_by_role("button", name="登记问题").click()
    warning = inspector.locator("[data-duplicates]")
    warning.wait_for(state="visible")
    assert warning.locator(f'a[href="/tickets/{first_id}"]').count() == 1
    assert "确认不是重复登记" in inspector.locator(".form-error").inner_text()
    assert len(_tickets_titled(live_server, "重复问题测试：路灯 损坏")) == 0
    shoot(inspector, "filing-duplicate-warning-phone")
    warning.get_by_label("确认不是重复问题，仍然登记").check()
    inspector.get_by_role("button", name="登记问题").click()
    assert _ticket_id(inspector) != first_id
    assert len(_tickets_titled(live_server, "重复问题测试：路灯 损坏")) == 1


def test_the_evidence_form_keeps_each_photo_added(open_as, live_server, tmp_path):
    inspector, town = open_as("inspector"), open_as("town")
    _fill(inspector, "整改照片逐张测试：沟渠淤积")
    inspector.get_by_role("button", name="登记并交办").click()
    ticket_id = _ticket_id(inspector)
    town.goto(f"/tickets/{ticket_id}")
    town.locator("form.move-accept textarea[name=plan]").fill("组织清淤")
    town.locator("form.move-accept button[type=submit]").click()
    town.wait_for_load_state("networkidle")
    form = town.locator("form.upload")
    for n in (1, 2):
        form.locator('input[type="file"]').set_input_files(_photo_file(tmp_path, f"after-{n}.jpg", 40 * n))
    assert form.locator("#evidence-preview li").count() == 2
    with town.expect_navigation():
        form.locator('button[type="submit"]').click()
    town.wait_for_load_state("networkidle")
    assert _evidence_count(live_server, ticket_id) == 2

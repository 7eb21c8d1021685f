"""The org tree admin page on a phone (375 px): the office renames and flags a village, moves it to another
town, sees a refused deactivation in Chinese, and imports a spreadsheet; screenshots for the README."""

from __future__ import annotations

import re

from tests.browser.conftest import DESKTOP, PHONE, shoot
from tests.orgs.sheets import org_sheet


def _no_overflow(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the org tree overflows {overflow}px"


def test_the_office_keeps_the_org_tree_current_from_a_phone(open_as, tmp_path):
    page = open_as("office", viewport=PHONE)
    page.goto("/org-units")
    _no_overflow(page)
    page.get_by_label("查找单位").fill("东风")
    page.get_by_role("button", name="查找").click()
    page.wait_for_url(re.compile(r"q="))
    assert page.locator(".tree li.tree-village").count() == 12  # one 东风村 per demo town
    page.get_by_role("link", name="龙江东风村", exact=True).click()
    page.wait_for_url(re.compile(r"unit_id=\d+"))
    edit = page.locator('form[action$="/edit"]')
    edit.get_by_label("名称").fill("龙江东风社区")
    edit.get_by_label("脱贫村").check()
    edit.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    row = page.locator(".tree li.tree-village", has_text="龙江东风社区")
    assert "脱贫村" in row.inner_text()

    move = page.locator('form[action$="/move"]')
    value = move.locator("option", has_text="博鳌镇").first.get_attribute("value")
    move.locator("select").select_option(value)
    move.get_by_role("button", name="移动").click()
    page.wait_for_load_state("networkidle")
    items = page.locator(".tree li").all_inner_texts()
    names = [t.split()[0] for t in items]
    assert names.index("龙江东风社区") > names.index("博鳌镇")  # listed under its new town

    page.locator('form[action$="/active"]').get_by_role("button", name="停用该单位").click()
    page.wait_for_load_state("networkidle")
    alert = page.get_by_role("alert").first
    assert "不能停用：有" in alert.inner_text() and "未销号的问题" in alert.inner_text()
    _no_overflow(page)
    page.locator("#edit").scroll_into_view_if_needed()
    shoot(page, "org-tree-phone", full_page=False)
    page.goto("/org-units")
    shoot(page, "org-tree-list-phone", full_page=False)

    sheet = tmp_path / "组织架构.xlsx"
    sheet.write_bytes(org_sheet([["龙江镇", "南星村", "是", "否", "", "", "", ""]]))
    page.goto("/org-units")
    page.locator('form[action="/org-units/import"] input[type=file]').set_input_files(str(sheet))
    page.get_by_role("button", name="上传并导入").click()
    page.wait_for_load_state("networkidle")
    assert "新建单位 1 个" in page.get_by_role("status").inner_text()
    assert page.locator(".tree li", has_text="南星村").count() == 1

    desktop = open_as("office", viewport=DESKTOP)
    desktop.goto("/org-units")
    desktop.get_by_role("link", name="南星村", exact=True).click()
    desktop.wait_for_url(re.compile(r"unit_id=\d+"))
    shoot(desktop, "org-tree-desktop", full_page=False)

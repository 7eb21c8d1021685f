"""Roster spreadsheets as counties keep them, for the org and people import tests."""

from __future__ import annotations

from tests.xlsx import workbook_bytes

ORG_HEADERS = ["乡镇（街道）", "村（社区）", "脱贫村", "易地搬迁安置点", "行业部门", "后盾单位", "驻村工作队",
               "所驻村（社区）"]
PEOPLE_HEADERS = ["姓名", "单位", "乡镇（街道）", "职务/岗位", "手机号", "账号", "角色"]


def org_sheet(rows: list[list]) -> bytes:
    return workbook_bytes(rows, headers=ORG_HEADERS, sheet_name="组织架构")


def people_sheet(rows: list[list]) -> bytes:
    return workbook_bytes(rows, headers=PEOPLE_HEADERS, sheet_name="人员名单")


ORG_ROWS = [
    ["龙江镇", "东风村", "是", "否", "", "琼海市农业农村局", "龙江镇东风村驻村工作队", ""],
    ["龙江镇 ", "新和村", "", "是", "", "", "", ""],
    ["博鳌镇", "朝烈村(社区)", "否", "", "", "", "", ""],
    ["", "", "", "", "琼海市教育局", "", "", ""],
]

PEOPLE_ROWS = [
    ["王主任", "琼海市", "", "办公室工作人员", "13800000001", "office1", "领导小组办公室"],
    ["李督查", "琼海市", "", "督查员", "13800000002", "inspector1", "督查员"],
    ["东风专干", "东风村", "龙江镇", "专干", "13800000006", "dongfeng", "专干"],
    ["符书记", "东风村 ", "", "村党组织书记", "13800000010", "", ""],
    ["黄队长", "龙江镇东风村驻村工作队", "", "工作队长、第一书记", "13800000011", "", ""],
    ["吴委员", "龙江镇", "", "乡镇街道联点班子成员", "13800000012", "", ""],
]

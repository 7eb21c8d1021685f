"""One row per administrative change, with the record before and after (JSON), append-only by use."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from workflow.db import Base, UTCDateTime

ENTITY_KINDS = {
    "org_unit": "组织单位",
    "person": "人员",
    "district": "区/市",
    "channel": "通知渠道",
    "escalation_policy": "约谈规则",
    "message_template": "消息模板",
    "calendar_day": "工作日历",
    "campaign": "督查活动",
}

ACTIONS = {
    "create": "新建",
    "update": "修改",
    "rename": "改名",
    "move": "移动",
    "merge": "合并",
    "deactivate": "停用",
    "activate": "启用",
    "import": "导入",
    "setup": "初始化",
}


class AdminChange(Base):
    __tablename__ = "admin_change"
    __table_args__ = (Index("ix_admin_change_entity", "entity_kind", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    entity_kind: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None]
    action: Mapped[str] = mapped_column(String(20))
    summary: Mapped[str] = mapped_column(String(500), default="")
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)

    @property
    def entity_label(self) -> str:
        return ENTITY_KINDS.get(self.entity_kind, self.entity_kind)

    @property
    def action_label(self) -> str:
        return ACTIONS.get(self.action, self.action)

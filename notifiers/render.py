"""Message texts are Jinja2 templates in Chinese (``notifiers/templates``) that an admin can override
in the database without code (``message_template``). Admin-written templates run in Jinja2's sandbox.

One ``Renderer`` per routing or digest pass reads the overrides once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, DictLoader, FileSystemLoader, StrictUndefined, Undefined
from jinja2.sandbox import SandboxedEnvironment
from sqlalchemy import select
from sqlalchemy.orm import Session

from notifiers.base import Notice
from workflow.acknowledgements import links as ack_links
from workflow.channels.models import MessageTemplate
from workflow.clock import to_local
from workflow.outbox.models import KINDS

DEFAULTS = Path(__file__).resolve().parent / "templates"

TEMPLATES = {
    "_macros.j2": "公共宏（到期说明）",
    "subject.j2": "邮件标题",
    "digest.md.j2": "催办汇总（Markdown，企业微信群）",
    "digest.txt.j2": "催办汇总（纯文本，邮件/纯文本机器人）",
    "digest.mention.j2": "催办汇总后的 @提醒语",
    "escalation.md.j2": "约谈通知（Markdown）",
    "escalation.txt.j2": "约谈通知（纯文本）",
    "escalation.mention.j2": "约谈通知的 @提醒语",
    "rejection.md.j2": "验收不通过（Markdown）",
    "rejection.txt.j2": "验收不通过（纯文本）",
    "rejection.mention.j2": "验收不通过的 @提醒语",
    "assignment.md.j2": "交办通知（Markdown）",
    "assignment.txt.j2": "交办通知（纯文本）",
    "assignment.mention.j2": "交办通知的 @提醒语",
    "urging.md.j2": "催办（Markdown）",
    "urging.txt.j2": "催办（纯文本）",
    "urging.mention.j2": "催办的 @提醒语",
    "acceptance.md.j2": "签收超时提醒（Markdown）",
    "acceptance.txt.j2": "签收超时提醒（纯文本）",
    "acceptance.mention.j2": "签收超时提醒的 @提醒语",
    "milestone.md.j2": "督查节点提醒（Markdown）",
    "milestone.txt.j2": "督查节点提醒（纯文本）",
    "milestone.mention.j2": "督查节点提醒的 @提醒语",
}


class TemplateProblem(ValueError):
    """A template that does not compile or render; the message is Chinese."""


def short(value: Any, length: int = 24) -> str:
    text = str(value or "")
    return text if len(text) <= length else text[: length - 1] + "…"


def make_environment(overrides: dict[str, str] | None = None, *, strict: bool = False) -> SandboxedEnvironment:
    """One environment per set of overrides, kept: compiling the templates is the costly part."""
    return _environment(tuple(sorted((overrides or {}).items())), strict)


@lru_cache(maxsize=32)
def _environment(overrides: tuple[tuple[str, str], ...], strict: bool) -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=ChoiceLoader([DictLoader(dict(overrides)), FileSystemLoader(DEFAULTS)]),
        undefined=StrictUndefined if strict else Undefined,
        keep_trailing_newline=False,
        autoescape=False,
    )
    env.filters["short"] = short
    env.filters["local"] = lambda v, fmt="%m月%d日 %H:%M": to_local(v).strftime(fmt) if isinstance(v, datetime) else v
    return env


def load_overrides(session: Session) -> dict[str, str]:
    return {t.name: t.body for t in session.scalars(select(MessageTemplate))}


def default_source(name: str) -> str:
    return (DEFAULTS / name).read_text(encoding="utf-8")


@dataclass
class Renderer:
    env: SandboxedEnvironment
    base_url: str
    ack_secret: str = ""

    @classmethod
    def for_session(cls, session: Session, base_url: str, ack_secret: str = "") -> Renderer:
        return cls(make_environment(load_overrides(session)), base_url.rstrip("/"), ack_secret)

    def ack_url(self, ack_id: int | None) -> str:
        """The 确认收到 link of a message that asks for one (issue 13); empty without a secret or a request."""
        return ack_links.url(self.base_url, self.ack_secret, ack_id) if self.ack_secret and ack_id else ""

    def ticket_url(self, ticket_id: int | None) -> str:
        return f"{self.base_url}/tickets/{ticket_id}" if ticket_id else f"{self.base_url}/tickets"

    def render(self, name: str, context: dict[str, Any]) -> str:
        try:
            return self.env.get_template(name).render(**context).strip()
        except Exception as exc:  # an admin's template can fail in any way; the message must not be lost
            raise TemplateProblem(f"模板 {name} 渲染失败：{exc}") from exc

    def notice(self, kind: str, context: dict[str, Any], *, mentions: tuple[str, ...] = (),
               data: dict[str, Any] | None = None) -> Notice:
        """``kind`` picks ``<kind>.md.j2``, ``<kind>.txt.j2`` and ``<kind>.mention.j2``."""
        context = {"kind": kind, "kind_label": KINDS.get(kind, kind), **context}
        return Notice(
            kind=kind,
            subject=self.render("subject.j2", context),
            markdown=self.render(f"{kind}.md.j2", context),
            text=self.render(f"{kind}.txt.j2", context),
            mention_text=self.render(f"{kind}.mention.j2", context) if mentions else "",
            mentions=mentions,
            data=data if data is not None else context.get("p", {}),
        )


SAMPLE_LINE = {"ticket_id": 1, "ticket_number": "QH-2026-0001", "title": "村道垃圾未清理", "place_name": "东风村",
               "urgency": "overdue", "working_days_left": -2, "due_date": "11月20日", "url": "http://x/tickets/1",
               "leader_copied": True}
SAMPLE_CONTEXT = {
    "kind": "digest", "kind_label": "催办提醒", "unit_name": "龙江镇", "channel_name": "龙江镇工作群",
    "date": "11月25日", "total": 1, "counts": {"overdue": 1, "due_today": 0, "due_soon": 0},
    "groups": [{"key": "overdue", "label": "已逾期", "count": 1, "lines": [SAMPLE_LINE], "more": 0}],
    "list_url": "http://x/tickets", "url": "http://x/tickets/1", "leader_count": 1, "leader_days": 3,
    "mention_count": 1,
    "p": {"number": "QH-2026-0001", "title": "村道垃圾未清理", "reason": "照片不清晰", "round": 2,
          "ticket_number": "QH-2026-0001", "unit_name": "龙江镇", "targets": ["村党组织书记"],
          "conducted_by": "区级分管领导", "planned_on": "2026-12-01", "interview_id": 1, "due_on": "2026-12-10"},
}


def check_template(name: str, body: str, overrides: dict[str, str]) -> None:
    """Compile and render a candidate with sample data; raise ``TemplateProblem`` in Chinese if it fails.

    Rendering is strict here (an unknown variable is an error), lenient when sending.
    """
    if name not in TEMPLATES:
        raise TemplateProblem(f"未知的模板：{name}")
    env = make_environment({**overrides, name: body}, strict=True)
    targets = ["digest.md.j2", "digest.txt.j2"] if name == "_macros.j2" else [name]
    kinds = ["digest", "escalation", "rejection"] if name == "subject.j2" else ["digest"]
    try:
        for target in targets:
            for kind in kinds:
                env.get_template(target).render(**{**SAMPLE_CONTEXT, "kind": kind})
    except Exception as exc:  # syntax errors, unknown variables, type errors in expressions
        raise TemplateProblem(f"模板有误：{exc}") from exc

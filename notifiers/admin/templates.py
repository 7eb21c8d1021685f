"""Message texts an admin changes without code: overrides of the packaged Jinja2 templates, checked by
rendering them with sample data before they are saved (a broken template is refused with the reason)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from notifiers.admin.access import require_admin, require_manager
from notifiers.admin.schemas import TemplateRead
from notifiers.render import TEMPLATES, TemplateProblem, check_template, default_source, load_overrides
from workflow.actor import Actor
from workflow.adminlog.service import record
from workflow.channels.models import MessageTemplate
from workflow.errors import InvalidInput, NotFound


def _known(name: str) -> None:
    if name not in TEMPLATES:
        raise NotFound(f"没有名为 {name} 的消息模板")


def list_templates(session: Session, *, actor: Actor) -> list[TemplateRead]:
    require_manager(actor)
    rows = {t.name: t for t in session.scalars(select(MessageTemplate))}
    return [TemplateRead(name=name, label=label, body=rows[name].body if name in rows else default_source(name),
                         customized=name in rows, updated_at=rows[name].updated_at if name in rows else None)
            for name, label in TEMPLATES.items()]


def save_template(session: Session, *, actor: Actor, name: str, body: str, now: datetime) -> TemplateRead:
    _known(name)
    require_admin(actor)
    try:
        check_template(name, body, load_overrides(session))
    except TemplateProblem as exc:
        raise InvalidInput(str(exc), detail={"field": "body"}) from exc
    row = session.get(MessageTemplate, name)
    before = {"name": name, "body": row.body if row else default_source(name), "customized": row is not None}
    if row is None:
        row = MessageTemplate(name=name, body=body, updated_at=now, updated_by_id=actor.person_id)
        session.add(row)
    else:
        row.body, row.updated_at, row.updated_by_id = body, now, actor.person_id
    session.flush()
    record(session, actor=actor, at=now, entity_kind="message_template", entity_id=None, action="update",
           before=before, after={"name": name, "body": body, "customized": True},
           summary=f"修改消息模板“{TEMPLATES[name]}”（{name}）")
    return TemplateRead(name=name, label=TEMPLATES[name], body=body, customized=True, updated_at=now)


def reset_template(session: Session, *, actor: Actor, name: str, now: datetime | None = None) -> TemplateRead:
    _known(name)
    require_admin(actor)
    row = session.get(MessageTemplate, name)
    if row is not None and now is not None:
        record(session, actor=actor, at=now, entity_kind="message_template", entity_id=None, action="update",
               before={"name": name, "body": row.body, "customized": True},
               after={"name": name, "body": default_source(name), "customized": False},
               summary=f"恢复默认消息模板“{TEMPLATES[name]}”（{name}）")
    session.execute(delete(MessageTemplate).where(MessageTemplate.name == name))
    return TemplateRead(name=name, label=TEMPLATES[name], body=default_source(name), customized=False, updated_at=None)

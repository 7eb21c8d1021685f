"""Data for the browser tests and screenshots: the demo seed plus a season of tickets in every town.

Plain functions and fixed numbers (no randomness): town *i* gets tickets whose verification lands
before or after the deadline in a fixed pattern, so the ranking and the red/black list have
something to show. Every ticket goes through the real services, with ``now`` moved, never slept.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from io import BytesIO

from PIL import Image, ImageDraw
from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.accounts.models import Person
from workflow.accounts.service import actor_of, create_person
from workflow.campaigns.models import Campaign
from workflow.demo import seed_demo
from workflow.orgs.models import OrgUnit
from workflow.tickets.evidence import Upload, attach_evidence
from workflow.tickets.filing import file_ticket
from workflow.tickets.moves import MoveInput, apply_trigger
from workflow.tickets.schemas import TicketCreate
from workflow.tickets.storage import EvidenceStore

PROBLEMS = ["农村人居环境整治不到位", "监测对象帮扶措施未落实", "村级公共服务设施维护不及时", "产业帮扶项目台账不全",
            "饮水安全设施巡查记录缺失", "危房改造资料与实际不符"]
# Per town, one entry per ticket: (days from assignment to verification, deadline in days) for a finished
# one, or ("open", deadline in days from now) for one still being rectified. Rates: 100%, 6/7, 2/4, 9/10, 5/6.
PATTERNS = [
    [(5, 10), (6, 10), (8, 10), (7, 10), ("open", 12)],
    [(5, 10), (12, 10), (6, 10), (4, 10), (3, 10), (6, 10), (7, 10), ("open", 2)],
    [(15, 10), (14, 10), (6, 10), (5, 10), ("open", 20)],
    [(3, 10), (4, 10), (5, 10), (7, 10), (9, 10), (8, 10), (6, 10), (5, 10), (12, 10), (4, 10)],
    [(5, 10), (6, 10), (11, 10), (4, 10), (6, 10), (7, 10), ("open", -3)],
]


def photo(hue: int, label: str = "", size=(1200, 900), scene: int | None = None) -> bytes:
    """A stand-in photo: a sky-to-field gradient with a block, as a JPEG.

    ``scene`` lays out buildings of its own, so that each seeded ticket's photos are a different place to the
    perceptual-hash check (issue 16) instead of one photo reused on every ticket."""
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    w, h = size
    for y in range(h):
        t = y / h
        draw.line([(0, y), (w, y)], fill=(int(120 + 100 * t) % 256, int(170 - 40 * t + hue) % 256, int(220 - 150 * t)))
    draw.rectangle([w // 4, h // 2, w // 4 + w // 3, h // 2 + h // 4], fill=((hue * 3) % 256, 90, 60))
    if scene is not None:
        rng = random.Random(scene)
        for _ in range(10):
            x, y = rng.randrange(w - w // 4), rng.randrange(0, h - h // 6)
            shade = rng.randrange(20, 230)
            draw.rectangle([x, y, x + rng.randrange(w // 8, w // 3), y + rng.randrange(h // 8, h // 3)],
                           fill=(shade, shade // 2, 255 - shade))
    out = BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def seed_scenery(session: Session, *, store: EvidenceStore, now: datetime) -> None:
    seed_demo(session, store=store, now=now)
    inspector = actor_of(session, _person(session, "inspector"))
    office = actor_of(session, _person(session, "office"))
    campaign = session.scalar(select(Campaign).order_by(Campaign.id))
    towns = list(session.scalars(select(OrgUnit).where(OrgUnit.kind == "town").order_by(OrgUnit.id)))
    start = now - timedelta(days=40)
    for index, town in enumerate(towns):
        operator = _town_operator(session, town, index)
        village = session.scalar(select(OrgUnit).where(OrgUnit.parent_id == town.id).order_by(OrgUnit.id))
        for n, step in enumerate(PATTERNS[index % len(PATTERNS)]):
            at = start + timedelta(days=n * 2 + index % 3)
            is_open = step[0] == "open"
            due = now + timedelta(days=step[1]) if is_open else at + timedelta(days=step[1])
            ticket = file_ticket(session, actor=inspector, now=at, data=TicketCreate(
                title=f"{village.name}{PROBLEMS[(index + n) % len(PROBLEMS)]}", place_id=village.id,
                lead_unit_id=village.id, campaign_id=campaign.id, due_on=due.date(),
                description="督查组现场检查发现。", source="inspection" if n % 3 else "covert"))
            before = Upload("before.jpg", "image/jpeg", photo(10, scene=2 * ticket.id))
            after = Upload("after.jpg", "image/jpeg", photo(80, scene=2 * ticket.id + 1))
            attach_evidence(session, actor=inspector, ticket_id=ticket.id, stage="found", uploads=[before],
                            comment="现场照片", now=at, store=store)

            def move(actor, trigger, when, **kw):
                apply_trigger(session, actor=actor, ticket_id=ticket.id, now=when,  # noqa: B023
                              data=MoveInput(trigger, ticket.version, **kw))  # noqa: B023

            move(inspector, "assign", at)
            move(operator, "accept", at + timedelta(hours=3), plan="落实专人负责，限期整改到位")
            if is_open:
                continue
            done = at + timedelta(days=step[0])
            attach_evidence(session, actor=operator, ticket_id=ticket.id, stage="rectified", uploads=[after],
                            comment="整改后照片", now=done - timedelta(hours=4), store=store)
            move(operator, "submit", done - timedelta(hours=3), comment="已按要求整改完毕")
            move(inspector, "verify", done, comment="现场复核属实")
            if n % 2 == 0:
                move(office, "close", done + timedelta(days=1), comment="同意销号")


def _person(session: Session, username: str) -> Person:
    return session.scalar(select(Person).where(Person.username == username))


def _town_operator(session: Session, town: OrgUnit, index: int):
    existing = session.scalar(select(Person).where(Person.org_unit_id == town.id, Person.username.is_not(None)))
    person = existing or create_person(session, name=f"{town.name}专干", unit=town, roles=["operator"],
                                       post="operator")
    return actor_of(session, person)

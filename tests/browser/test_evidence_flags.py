"""The verifier's view of a doctored after-photo at phone width (375 px), in Debian's Chromium.

The after photo is the finding photo cropped, shrunk and saved again, with GPS 20 km from the village:
the verification queue outlines it and says why; the inspector adds their own photo (the third set)
from the ticket page, and 验收 goes through only with a line of justification, which the event keeps.
"""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from tests.browser.conftest import shoot
from tests.conftest import START
from tests.photos import camera_photo, doctored_copy, exif, jpeg, scene
from workflow.accounts.models import Person
from workflow.accounts.service import actor_of
from workflow.db import transaction
from workflow.orgs.models import OrgUnit
from workflow.provenance.models import EvidencePhoto
from workflow.tickets.evidence import Upload, attach_evidence
from workflow.tickets.filing import file_ticket
from workflow.tickets.models import Evidence, TicketEvent
from workflow.tickets.moves import MoveInput, apply_trigger
from workflow.tickets.schemas import TicketCreate

TITLE = "村道两侧垃圾清运不及时"


def _flagged_submission(app) -> int:
    store = app.state.store
    with transaction(app.state.sessions) as s:
        village = s.scalar(select(OrgUnit).where(OrgUnit.name == "龙江东风村"))
        here = (village.latitude, village.longitude)
        inspector, operator = (actor_of(s, s.scalar(select(Person).where(Person.username == u)))
                               for u in ("inspector", "village"))
        found_at = START - timedelta(days=3)
        ticket = file_ticket(s, actor=inspector, now=found_at, data=TicketCreate(
            title=TITLE, place_id=village.id, lead_unit_id=village.id, source="covert", due_on=START.date()))
        attach_evidence(s, actor=inspector, ticket_id=ticket.id, stage="found", comment="暗访照片", now=found_at,
                        store=store, uploads=[Upload("发现.jpg", "image/jpeg", camera_photo(31, taken=found_at,
                                                                                            gps=here))])

        def move(actor, trigger, at, **kw):
            apply_trigger(s, actor=actor, ticket_id=ticket.id, now=at, data=MoveInput(trigger, ticket.version, **kw))

        move(inspector, "assign", found_at + timedelta(hours=1))
        move(operator, "accept", found_at + timedelta(hours=2), plan="组织清运")
        far = (here[0] + 0.18, here[1])
        copy = jpeg(doctored_copy(scene(31)), quality=60,
                    exif_bytes=exif(taken=START - timedelta(hours=5), gps=far, make="OPPO", model="PDEM10"))
        attach_evidence(s, actor=operator, ticket_id=ticket.id, stage="rectified", comment="整改后", store=store,
                        now=START - timedelta(hours=4), uploads=[Upload("整改后.jpg", "image/jpeg", copy)])
        move(operator, "submit", START - timedelta(hours=3), comment="已清运完毕")
        return ticket.id


def test_the_verifier_sees_the_flags_adds_a_photo_and_justifies_the_verification(open_as, live_server, tmp_path):
    ticket_id = _flagged_submission(live_server.app)
    inspector = open_as("inspector")
    inspector.goto("/verify")
    card = inspector.locator(".verify-item", has_text=TITLE)
    flags = card.locator(".flags").inner_text()
    assert "整改前后相同" in flags and "拍摄地点偏远" in flags and "龙江东风村 20.0 公里" in flags
    assert card.locator(".evidence-rounds li.flagged").count() == 1
    assert card.locator(".flag-match img").first.evaluate("img => img.complete && img.naturalWidth > 0")
    assert inspector.evaluate("document.documentElement.scrollWidth") <= 375  # nothing runs off the phone
    card.scroll_into_view_if_needed()
    shoot(inspector, "evidence-flags-phone")

    card.locator("form.move-verify input[name=comment]").fill("现场复核")
    card.locator("form.move-verify button").click()
    assert card.locator("form.move-verify input[name=justification]").evaluate("e => !e.validity.valid")

    # The third set: the inspector's own photo, from the ticket page's upload form.
    inspector.goto(f"/tickets/{ticket_id}")
    form = inspector.locator("form.upload")
    form.locator('select[name="stage"]').select_option("verification")
    mine = tmp_path / "验收.jpg"  # camera-sized: the page shrinks it, and must keep its EXIF
    here = (19.154, 110.360)  # 龙江东风村 in the demo data
    mine.write_bytes(jpeg(scene(32, size=(3200, 2400)), exif_bytes=exif(taken=START - timedelta(hours=1), gps=here)))
    form.locator('input[type="file"]').set_input_files(str(mine))
    with inspector.expect_navigation():
        form.locator('button[type="submit"]').click()
    inspector.wait_for_load_state("networkidle")
    sets = inspector.locator(".evidence-rounds").first.locator("> div")
    sets.nth(2).locator("img").wait_for()  # the page after the upload has loaded
    assert [sets.nth(i).locator("img").count() for i in range(3)] == [1, 1, 1]

    inspector.goto("/verify")
    card = inspector.locator(".verify-item", has_text=TITLE)
    card.locator("form.move-verify input[name=justification]").fill("已到现场核实，垃圾已清运，照片为补传")
    card.locator("form.move-verify button").click()
    inspector.wait_for_url(re.compile(r"/verify$"))
    assert inspector.locator(".verify-item", has_text=TITLE).count() == 0
    with live_server.app.state.sessions() as s:
        last = s.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket_id)
                         .order_by(TicketEvent.id.desc())).first()
        assert last.trigger == "verify" and last.payload["justification"].startswith("已到现场核实")
        assert {f["kind"] for f in last.payload["flags_overruled"]} == {"after_like_before", "far_from_village"}
        rows = list(s.scalars(select(Evidence).where(Evidence.ticket_id == ticket_id).order_by(Evidence.id)))
        assert [e.stage for e in rows] == ["found", "rectified", "verification"]
        shrunk = s.get(EvidencePhoto, rows[-1].id)
        assert max(shrunk.width, shrunk.height) == 1600 and shrunk.device == "HUAWEI ELS-AN00"
        assert abs(shrunk.latitude - here[0]) < 1e-4 and shrunk.captured_at == START - timedelta(hours=1)
        assert shrunk.flags == []

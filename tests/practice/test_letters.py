"""督办函 (issue 13): the office issues one for a seriously overdue ticket as .docx (number, addressee, problem,
requirement, reply deadline), an event counted per unit; the unit's written reply, with an optional file,
is recorded and closes it. Wrong users change nothing."""

from __future__ import annotations

from sqlalchemy import select

from tests.deadline_fixtures import at, reference
from tests.docx_reading import open_docx, text_of
from tests.helpers import login, png
from tests.practice.support import assigned
from workflow.accounts.service import actor_for
from workflow.letters.service import letter_counts
from workflow.tickets.models import TicketEvent


def _issue(client, who, t, **body):
    return client.post(f"/api/v1/tickets/{t['id']}/supervision-letters",
                       json={"requirement": "立即整改到位，并书面说明逾期原因", **body}, headers=login(client, who))


def _overdue(client, world, sessions, clock):
    reference(sessions)
    t = assigned(client, world, due_on="2026-11-25")
    clock.move_to(at("2026-11-30", 10))  # three working days past the deadline (26, 27, 30)
    return t


def test_only_a_seriously_overdue_ticket_gets_a_letter(client, world, sessions, clock):
    reference(sessions)
    t = assigned(client, world, due_on="2026-11-25")
    clock.move_to(at("2026-11-27", 10))  # two working days late
    r = _issue(client, "office", t)
    assert r.status_code == 409 and "逾期满 3 个工作日" in r.json()["message"]
    clock.move_to(at("2026-11-30", 10))
    assert _issue(client, "office", t).status_code == 201


def test_the_letter_is_numbered_recorded_and_generated_as_docx(client, world, sessions, clock):
    reference(sessions)
    second = assigned(client, world, due_on="2026-11-24", title="河道漂浮物未清理")
    t = _overdue(client, world, sessions, clock)
    r = _issue(client, "office", t, reply_due_on="2026-12-04")
    assert r.status_code == 201, r.text
    letter = r.json()
    assert letter["number"] == "督办函〔2026〕1号" and letter["status"] == "open"
    assert letter["unit_id"] == world.units["dongfeng"] and letter["reply_due_on"] == "2026-12-04"
    assert _issue(client, "office", second).json()["number"] == "督办函〔2026〕2号"
    with sessions() as s:
        event = s.scalars(select(TicketEvent).where(TicketEvent.trigger == "supervision_letter",
                                                    TicketEvent.ticket_id == t["id"])).one()
        assert event.payload["unit_id"] == world.units["dongfeng"] and event.payload["number"] == letter["number"]
        assert letter_counts(s, actor_for(s, world.people["office"]), year=2026) == {world.units["dongfeng"]: 2}
    doc = client.get(f"/api/v1/supervision-letters/{letter['id']}/docx", headers=login(client, "office"))
    assert doc.status_code == 200
    text = text_of(open_docx(doc.content))
    for part in ("督办函〔2026〕1号", "督 办 函", "东风村：", t["number"], "村道垃圾未清理", "立即整改到位",
                 "2026年12月4日前", "领导小组办公室"):
        assert part in text, part


def test_the_units_reply_with_a_file_closes_the_letter_once(client, world, sessions, clock):
    t = _overdue(client, world, sessions, clock)
    letter = _issue(client, "office", t).json()
    url = f"/api/v1/supervision-letters/{letter['id']}/reply"
    village = login(client, "village")
    assert client.post(url, data={"text": " "}, headers=village).status_code == 422
    r = client.post(url, data={"text": "已清运完毕，逾期原因为车辆故障"}, headers=village,
                    files={"file": ("回复.png", png(3), "image/png")})
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "replied" and r.json()["reply_filename"] == "回复.png"
    again = client.post(url, data={"text": "再次回复"}, headers=village)
    assert again.status_code == 409 and "已回复" in again.json()["message"]
    with sessions() as s:
        [event] = s.scalars(select(TicketEvent).where(TicketEvent.trigger == "supervision_reply")).all()
        assert event.payload["letter_id"] == letter["id"] and event.payload["file"] == "回复.png"
    got = client.get(f"/api/v1/supervision-letters/{letter['id']}/reply-file", headers=login(client, "office"))
    assert got.status_code == 200 and got.content == png(3)


def test_wrong_users_cannot_issue_or_reply(client, world, sessions, clock):
    t = _overdue(client, world, sessions, clock)
    for who in ("town", "village", "inspector", "leader"):
        r = _issue(client, who, t)
        assert r.status_code == 403 and "领导小组办公室" in r.json()["message"], who
    assert _issue(client, "boao", t).status_code == 404
    letter = _issue(client, "office", t).json()
    url = f"/api/v1/supervision-letters/{letter['id']}/reply"
    for who in ("office", "inspector", "xinhe"):
        assert client.post(url, data={"text": "x"}, headers=login(client, who)).status_code in (403, 404), who
    assert client.post(url, data={"text": "x"}, headers=login(client, "boao")).status_code == 404
    assert client.get(f"/api/v1/supervision-letters/{letter['id']}/docx",
                      headers=login(client, "boao")).status_code == 404
    assert client.get(f"/api/v1/tickets/{t['id']}/supervision-letters", headers=login(client, "boao")).status_code \
        == 404
    assert client.get(f"/api/v1/tickets/{t['id']}/supervision-letters",
                      headers=login(client, "village")).json()[0]["status"] == "open"

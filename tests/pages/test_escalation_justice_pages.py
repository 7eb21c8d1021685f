"""Pages for issue 10: the strikes page names who bears each consequence; a department's 约谈 page; the
重新整改 form sets a new deadline and links the look-back campaign."""

from __future__ import annotations

from datetime import date

from tests.deadline_fixtures import add_posts, at, file_assigned, interviews, move, reference, sweep, ticket
from tests.helpers import PNG
from tests.pages.conftest import post_form
from workflow.accounts.service import actor_for, create_person
from workflow.campaigns.schemas import CampaignCreate
from workflow.campaigns.service import create_campaign
from workflow.db import transaction
from workflow.deadlines.local_time import local_date
from workflow.orgs.models import OrgUnit
from workflow.tickets.evidence import Upload, attach_evidence
from workflow.tickets.storage import EvidenceStore

WD5 = {"kind": "working_days", "days": 5}


def test_the_strikes_page_shows_who_bears_each_consequence(browser_as, world, sessions):
    reference(sessions)
    add_posts(sessions, world)
    file_assigned(sessions, world, when=at("2026-03-02"), deadline=WD5, title="第一个问题")
    file_assigned(sessions, world, when=at("2026-06-01"), deadline=WD5, title="第二个问题")
    sweep(sessions, at("2026-06-09"))
    office = browser_as("office")
    page = office.get(f"/units/{world.units['dongfeng']}/strikes?year=2026").text
    for shown in ("后盾单位 琼海市农业农村局", "驻村工作队员 王队员", "工作队长 黄队长", "村党组织书记 符书记",
                  "书记抓基层党建工作述职评议考核", "单位绩效考核", "本单位年内约谈 2 次"):
        assert shown in page, shown
    listing = office.get("/interviews?year=2026").text
    assert "后盾单位 琼海市农业农村局" in listing and "驻村工作队员 王队员" in listing
    backer = office.get(f"/units/{world.units['backer']}/strikes?year=2026").text
    assert "已取消资格" in backer and "东风村年内多次被约谈" in backer
    assert browser_as("boao").get(f"/units/{world.units['dongfeng']}/strikes?year=2026").status_code == 404


def test_a_department_interview_page_names_its_leaders_and_the_interviewer_once(browser_as, world, sessions):
    reference(sessions)
    add_posts(sessions, world)
    with transaction(sessions) as s:
        create_person(s, name="陈副局长", unit=s.get(OrgUnit, world.units["education"]), post="unit_leader_in_charge",
                      mobile=None)
    file_assigned(sessions, world, when=at("2026-11-02"), deadline=WD5, title="朝烈村小学围墙破损", place="chaolie",
                  lead="education")
    sweep(sessions, at("2026-11-10"))
    (interview,) = interviews(sessions)
    page = browser_as("office").get(f"/interviews/{interview.id}").text
    assert "分管领导 陈副局长" in page and "琼海市教育局主要负责人（未登记）" in page
    assert "村党组织书记" not in page and "乡镇街道联点班子成员" not in page
    assert "市级分管领导 赵副市长" in page and "（赵副市长）" not in page


def _closed_ticket(sessions, world, tmp_path) -> int:
    reference(sessions)
    tid = file_assigned(sessions, world, when=at("2026-09-01"), deadline={"kind": "fixed_date",
                                                                          "due_on": "2026-09-30"})
    move(sessions, world, tid, "village", "accept", when=at("2026-09-10", 10), plan="清理")
    with transaction(sessions) as s:
        attach_evidence(s, actor=actor_for(s, world.people["village"]), ticket_id=tid, stage="rectified",
                        uploads=[Upload("after.png", "image/png", PNG)], comment="", now=at("2026-09-10", 11),
                        store=EvidenceStore(tmp_path))
    move(sessions, world, tid, "village", "submit", when=at("2026-09-10", 12), comment="已清理")
    move(sessions, world, tid, "inspector", "verify", when=at("2026-09-10", 15), comment="复核属实")
    move(sessions, world, tid, "office", "close", when=at("2026-09-10", 16))
    return tid


def test_the_reopen_form_sets_a_new_deadline_and_links_the_look_back(browser_as, world, sessions, tmp_path):
    tid = _closed_ticket(sessions, world, tmp_path)
    with transaction(sessions) as s:
        look_back = create_campaign(s, actor=actor_for(s, world.people["office"]), data=CampaignCreate(
            name="11月回头看", kind="look_back", starts_on=date(2026, 11, 1), ends_on=date(2026, 11, 30))).id
    inspector = browser_as("inspector")
    page = inspector.get(f"/tickets/{tid}").text
    assert "新的整改期限" in page and "11月回头看" in page
    version = str(ticket(sessions, tid).version)
    # confirmed: the page's second step (「确认重新整改？」, tests/pages/test_next_step_pages.py) already taken.
    base = {"trigger": "reopen", "version": version, "comment": "回头看发现反弹", "campaign_id": str(look_back),
            "confirmed": "1"}
    # The old 9月30日 is past and the campaign has no default: a new deadline must be chosen.
    r = post_form(inspector, f"/tickets/{tid}/move", base | {"deadline_kind": "default"})
    assert r.status_code == 422 and "重新整改须指定新的整改期限" in r.text
    assert ticket(sessions, tid).state == "closed"
    r = post_form(browser_as("village"), f"/tickets/{tid}/move", base | {"deadline_kind": "working_days",
                                                                        "deadline_days": "5"})
    assert r.status_code in (403, 409) and ticket(sessions, tid).state == "closed"
    r = post_form(inspector, f"/tickets/{tid}/move", base | {"deadline_kind": "working_days", "deadline_days": "5"})
    assert r.status_code == 303
    t = ticket(sessions, tid)
    assert t.state == "rectifying" and local_date(t.due_at) == date(2026, 12, 1)  # 11月24日 + 5 working days
    assert local_date(t.original_due_at) == date(2026, 9, 30)
    assert "重新整改时确定" in inspector.get(f"/tickets/{tid}").text

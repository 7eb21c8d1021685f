"""Issue 16: photos that could be 纸面整改 are flagged for the verifier, with real JPEGs made here.

Each test drives tickets through the API on both databases; photos carry EXIF written with piexif.
"""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import pytest
from PIL import Image, ImageChops, ImageStat
from sqlalchemy import select

from tests.conftest import START
from tests.docx_reading import open_docx, text_of
from tests.helpers import file_via_api, login, move, session_cookie, upload
from tests.photos import FAR, NEAR, VILLAGE, camera_photo, doctored_copy, exif, jpeg, scene
from workflow.db import transaction
from workflow.orgs.models import OrgUnit
from workflow.provenance.models import EvidencePhoto
from workflow.tickets.models import TicketEvent

TAKEN = START + timedelta(hours=1)  # after 交办 (at START), before the upload


@pytest.fixture
def placed(sessions, world):
    """东风村 and 新和村 get coordinates, as the org import or the admin page would give them."""
    with transaction(sessions) as s:
        s.get(OrgUnit, world.units["dongfeng"]).latitude, s.get(OrgUnit, world.units["dongfeng"]).longitude = VILLAGE
        s.get(OrgUnit, world.units["xinhe"]).latitude, s.get(OrgUnit, world.units["xinhe"]).longitude = (19.17, 110.35)
    return world


def rectifying(client, world, clock, *, village="dongfeng", operator="village") -> dict:
    inspector = login(client, "inspector")
    clock.move_to(START)
    t = file_via_api(client, inspector, world, place_id=world.units[village], lead_unit_id=world.units[village])
    t = move(client, inspector, t, "assign", comment="请整改").json()
    t = move(client, login(client, operator), t, "accept", plan="清理").json()
    clock.move_to(START + timedelta(hours=2))
    return t


def put(client, who: str, ticket_id: int, content: bytes, *, stage="rectified", name="after.jpg") -> dict:
    r = upload(client, login(client, who), ticket_id, stage=stage, content=content, name=name, ctype="image/jpeg")
    assert r.status_code == 201, r.text
    return r.json()[0]


def kinds(item: dict) -> set[str]:
    return {f["kind"] for f in item["flags"]}


def test_a_recompressed_resized_cropped_copy_from_another_village_is_flagged_a_different_scene_is_not(
        client, placed, clock):
    first = rectifying(client, placed, clock)
    original = put(client, "village", first["id"], camera_photo(1, taken=TAKEN))
    assert original["flags"] == [] and original["photo"]["device"] == "HUAWEI ELS-AN00"
    assert original["photo"]["width"] == 1200 and abs(original["photo"]["latitude"] - VILLAGE[0]) < 1e-4

    other = rectifying(client, placed, clock, village="xinhe", operator="xinhe")
    copy = jpeg(doctored_copy(scene(1)), quality=55, exif_bytes=exif(taken=TAKEN, gps=(19.17, 110.35)))
    reused = put(client, "xinhe", other["id"], copy)
    flag = next(f for f in reused["flags"] if f["kind"] == "reused_other_village")
    assert flag["evidence_id"] == original["id"] and flag["ticket_number"] == first["number"]
    assert "东风村" in flag["reason"] and flag["url"] == f"/api/v1/evidence/{original['id']}/content"
    assert flag["distance"] <= 8

    fresh = put(client, "xinhe", other["id"], camera_photo(2, taken=TAKEN, gps=(19.17, 110.35)))
    assert fresh["flags"] == []
    listed = client.get(f"/api/v1/tickets/{other['id']}/evidence", headers=login(client, "inspector")).json()
    assert [kinds(e) for e in listed] == [{"reused_other_village"}, set()]


def test_an_after_photo_like_the_before_one_and_one_from_an_earlier_round_are_flagged(client, placed, clock):
    t = rectifying(client, placed, clock)
    before = put(client, "inspector", t["id"], camera_photo(3, taken=START - timedelta(hours=1)), stage="found")
    after = put(client, "village", t["id"], jpeg(doctored_copy(scene(3)), quality=60,
                                                   exif_bytes=exif(taken=TAKEN, gps=VILLAGE)))
    assert kinds(after) == {"after_like_before"} and after["flags"][0]["evidence_id"] == before["id"]
    assert "现场可能未整改" in after["flags"][0]["reason"]

    round_one = put(client, "village", t["id"], camera_photo(4, taken=TAKEN), name="r1.jpg")
    t = client.get(f"/api/v1/tickets/{t['id']}", headers=login(client, "village")).json()
    t = move(client, login(client, "village"), t, "submit", comment="已整改").json()
    t = move(client, login(client, "inspector"), t, "reject", comment="未整改到位").json()
    assert t["round"] == 2
    again = put(client, "village", t["id"], jpeg(doctored_copy(scene(4), crop=0.01), quality=70,
                                                   exif_bytes=exif(taken=TAKEN, gps=VILLAGE)))
    assert kinds(again) == {"reused_earlier_round"} and again["flags"][0]["evidence_id"] == round_one["id"]


def test_capture_time_before_assignment_after_upload_or_missing_is_flagged(client, placed, clock):
    t = rectifying(client, placed, clock)
    early = put(client, "village", t["id"], camera_photo(5, taken=START - timedelta(days=3)))
    assert kinds(early) == {"captured_before_assignment"} and "早于交办时间" in early["flags"][0]["reason"]
    late = put(client, "village", t["id"], camera_photo(6, taken=START + timedelta(days=2)))
    assert kinds(late) == {"captured_after_upload"}
    undated = put(client, "village", t["id"], camera_photo(7, taken=None))
    assert kinds(undated) == {"no_capture_time"}
    on_time = put(client, "village", t["id"], camera_photo(8, taken=TAKEN))
    assert on_time["flags"] == [] and on_time["photo"]["captured_at"].startswith("2026-11-24T02:00")


def test_a_photo_20_km_from_the_village_is_flagged_one_nearby_is_not(client, placed, clock):
    t = rectifying(client, placed, clock)
    far = put(client, "village", t["id"], camera_photo(9, taken=TAKEN, gps=FAR))
    assert kinds(far) == {"far_from_village"}
    assert 19.5 < far["flags"][0]["distance_km"] < 20.5 and "东风村" in far["flags"][0]["reason"]
    assert put(client, "village", t["id"], camera_photo(10, taken=TAKEN, gps=NEAR))["flags"] == []
    assert kinds(put(client, "village", t["id"], camera_photo(11, taken=TAKEN, gps=None))) == {"no_location"}


def test_an_edited_photo_or_one_without_exif_is_flagged_and_still_stored_untouched(client, placed, clock, settings):
    t = rectifying(client, placed, clock)
    edited = camera_photo(12, taken=TAKEN, software="Adobe Photoshop 25.0")
    assert kinds(put(client, "village", t["id"], edited)) == {"edited"}
    assert put(client, "village", t["id"], camera_photo(13, taken=TAKEN, software="17.1"))["flags"] == []
    bare = jpeg(scene(14))
    item = put(client, "village", t["id"], bare)
    assert kinds(item) == {"no_exif"} and item["photo"]["has_exif"] is False
    served = client.get(f"/api/v1/evidence/{item['id']}/content", headers=login(client, "office"))
    assert served.content == bare  # the original, byte for byte


def test_verifying_over_a_flag_needs_a_justification_recorded_in_the_event(client, placed, clock, sessions):
    t = rectifying(client, placed, clock)
    put(client, "village", t["id"], camera_photo(15, taken=START - timedelta(days=1)))
    t = client.get(f"/api/v1/tickets/{t['id']}", headers=login(client, "village")).json()
    t = move(client, login(client, "village"), t, "submit", comment="已整改").json()
    assert t["awaiting_verification"] is True  # flags never block a submission

    inspector = login(client, "inspector")
    refused = move(client, inspector, t, "verify")
    assert refused.status_code == 409 and "1 处疑点" in refused.json()["message"]
    with sessions() as s:
        assert [e.trigger for e in s.scalars(select(TicketEvent).where(TicketEvent.ticket_id == t["id"]))][-1] \
            == "submit"
    passed = move(client, inspector, t, "verify", justification="现场核实：照片为整改前一日试拍，现场已整改")
    assert passed.status_code == 200, passed.text
    events = client.get(f"/api/v1/tickets/{t['id']}/events", headers=inspector).json()
    verify = events[-1]
    assert verify["trigger"] == "verify" and verify["payload"]["justification"].startswith("现场核实")
    assert [f["kind"] for f in verify["payload"]["flags_overruled"]] == ["captured_before_assignment"]


def test_the_verifiers_own_photos_are_the_third_set_and_a_campaign_can_require_them(client, placed, clock):
    office, inspector = login(client, "office"), login(client, "inspector")
    campaign = client.post("/api/v1/campaigns", headers=office, json={
        "name": "人居环境整治督查", "kind": "open_check", "starts_on": "2026-11-01", "ends_on": "2026-12-31",
        "verifier_photo_areas": ["*"]}).json()
    assert campaign["verifier_photo_areas"] == ["*"]
    clock.move_to(START)
    t = file_via_api(client, inspector, placed, campaign_id=campaign["id"])
    t = move(client, inspector, t, "assign").json()
    t = move(client, login(client, "village"), t, "accept", plan="清理").json()
    clock.move_to(START + timedelta(hours=2))
    put(client, "village", t["id"], camera_photo(16, taken=TAKEN))
    t = move(client, login(client, "village"), t, "submit", comment="已整改").json()

    refused = move(client, inspector, t, "verify", comment="复核")
    assert refused.status_code == 409 and "验收人上传自己拍摄的现场照片" in refused.json()["message"]
    clock.move_to(START + timedelta(hours=5))
    mine = put(client, "inspector", t["id"], camera_photo(17, taken=START + timedelta(hours=4)),
               stage="verification", name="验收.jpg")
    assert mine["stage"] == "verification" and mine["round"] == 1 and mine["flags"] == []
    assert move(client, inspector, t, "verify", comment="复核属实").status_code == 200
    listed = client.get(f"/api/v1/tickets/{t['id']}/evidence", headers=office).json()
    assert [e["stage"] for e in listed] == ["rectified", "verification"]


def test_flags_are_stored_with_the_photo_row_and_the_hash_bands_index_it(client, placed, clock, sessions):
    t = rectifying(client, placed, clock)
    item = put(client, "village", t["id"], camera_photo(18, taken=TAKEN))
    with sessions() as s:
        photo = s.get(EvidencePhoto, item["id"])
        assert photo.phash == item["photo"]["phash"] and len(photo.phash) == 16
        assert (photo.phash_b0 << 48 | photo.phash_b1 << 32 | photo.phash_b2 << 16 | photo.phash_b3) \
            == int(photo.phash, 16)


def test_the_report_names_who_overruled_which_flags_and_the_bulletin_cites_the_confirmed_fake(
        client, placed, clock):
    office, inspector, village = login(client, "office"), login(client, "inspector"), login(client, "village")
    campaign = client.post("/api/v1/campaigns", headers=office, json={
        "name": "回头看督查", "kind": "look_back", "starts_on": "2026-11-01", "ends_on": "2026-12-31"}).json()
    clock.move_to(START)
    t = file_via_api(client, inspector, placed, campaign_id=campaign["id"], title="村道垃圾未清理")
    t = move(client, inspector, t, "assign").json()
    t = move(client, village, t, "accept", plan="清理").json()
    clock.move_to(START + timedelta(hours=2))
    put(client, "village", t["id"], camera_photo(19, taken=START - timedelta(days=30)))  # an old photo
    t = move(client, village, t, "submit", comment="已清理").json()
    t = move(client, inspector, t, "reject", comment="照片为一个月前所拍，现场未整改").json()
    put(client, "village", t["id"], camera_photo(20, taken=TAKEN, gps=FAR))
    t = move(client, village, t, "submit", comment="已重新清理").json()
    t = move(client, inspector, t, "verify", justification="已现场核实，照片为在镇上上传").json()
    assert t["state"] == "verified"
    unrelated = rectifying(client, placed, clock)  # outside the campaign: not counted
    put(client, "village", unrelated["id"], camera_photo(23, taken=None))

    report = client.get(f"/api/v1/evidence-flags/report?campaign_id={campaign['id']}", headers=office).json()
    assert report["total"]["photos"] == 2 and report["total"]["flagged"] == 2
    assert report["total"]["kinds"] == {"captured_before_assignment": 1, "far_from_village": 1}
    [overruled] = report["overruled"]
    assert overruled["by"] == "inspector-name" and overruled["text"].startswith("已现场核实")
    assert overruled["kinds"] == ["拍摄地点偏远"] and overruled["town"] == "龙江镇"
    [confirmed] = report["confirmed"]
    assert confirmed["number"] == t["number"] and confirmed["kinds"] == ["拍摄早于交办"]
    assert client.get("/api/v1/evidence-flags/report", headers=village).status_code == 403

    client.cookies.set("zhenggai_session", session_cookie(client.app, "leader"))
    page = client.get(f"/reports/evidence-flags?campaign_id={campaign['id']}").text
    client.cookies.clear()
    assert "照片疑点统计" in page and "已现场核实，照片为在镇上上传" in page and "照片为一个月前所拍" in page

    docx = client.get(f"/api/v1/ledger/bulletin.docx?campaign_id={campaign['id']}", headers=office)
    document = open_docx(docx.content)
    assert "虚假整改问题" in text_of(document)
    cells = [c.text for table in document.tables for row in table.rows for c in row.cells]
    assert t["number"] in cells and "拍摄早于交办" in cells


def test_the_display_copy_carries_the_watermark_and_the_original_stays_untouched(client, placed, clock):
    t = rectifying(client, placed, clock)
    original = camera_photo(24, taken=TAKEN)
    item = put(client, "village", t["id"], original)
    office = login(client, "office")
    shown = client.get(f"/api/v1/evidence/{item['id']}/display", headers=office)
    assert shown.status_code == 200 and shown.headers["content-type"] == "image/jpeg"
    stamped = Image.open(BytesIO(shown.content)).convert("RGB")
    plain = Image.open(BytesIO(original)).convert("RGB")
    assert stamped.size == plain.size == (1200, 900)
    band, top = ImageChops.difference(stamped, plain).crop((0, 820, 1200, 900)), \
        ImageChops.difference(stamped, plain).crop((0, 0, 1200, 700))
    assert ImageStat.Stat(band).mean[0] > 4 * ImageStat.Stat(top).mean[0]  # the band changed, the photo not
    assert client.get(f"/api/v1/evidence/{item['id']}/content", headers=office).content == original
    assert client.get(f"/api/v1/evidence/{item['id']}/display", headers=login(client, "boao")).status_code == 404


def test_a_bulk_verification_does_not_pass_flagged_photos_on_one_shared_comment(client, placed, clock):
    t = rectifying(client, placed, clock)
    put(client, "village", t["id"], camera_photo(25, taken=TAKEN, gps=FAR))
    t = client.get(f"/api/v1/tickets/{t['id']}", headers=login(client, "village")).json()
    t = move(client, login(client, "village"), t, "submit", comment="已整改").json()
    r = client.post("/api/v1/tickets/bulk-transitions", headers=login(client, "inspector"), json={
        "trigger": "verify", "items": [{"id": t["id"], "version": t["version"]}], "comment": "批量验收"})
    assert r.status_code == 200, r.text
    [refused] = r.json()["refused"]
    assert refused["ticket_id"] == t["id"] and "1 处疑点" in refused["message"]
    assert move(client, login(client, "inspector"), t, "verify", comment="已现场核实").status_code == 200


def test_a_mangled_exif_block_is_stored_and_flagged_not_refused(client, placed, clock):
    t = rectifying(client, placed, clock)
    broken = jpeg(scene(26), exif_bytes=b"Exif\x00\x00MM\x00\x2a\xff\xff\xff\x00")  # IFD offset past the end
    item = put(client, "village", t["id"], broken)
    assert item["flags"] and item["photo"]["captured_at"] is None and item["photo"]["latitude"] is None

"""A rectification round needs evidence never seen on the ticket before (rule 8, 纸面整改; issue 10): the photo a
rejection was about, or the finding photo, uploaded again as "new" evidence does not let the unit resubmit."""

from __future__ import annotations

from tests.helpers import PNG, file_via_api, login, move, upload

AFTER = PNG + b"after-first-round"
AFTER_AGAIN = PNG + b"after-second-round"


def _rejected_once(client, world) -> tuple[dict, dict]:
    inspector, village = login(client, "inspector"), login(client, "village")
    t = file_via_api(client, inspector, world)
    assert upload(client, inspector, t["id"], stage="found", content=PNG, name="found.png").status_code == 201
    t = move(client, inspector, t, "assign").json()
    t = move(client, village, t, "accept", plan="清运").json()
    assert upload(client, village, t["id"], content=AFTER, name="after.png").status_code == 201
    t = move(client, village, t, "submit", comment="已整改").json()
    t = move(client, inspector, t, "reject", comment="照片与现场不符，属纸面整改").json()
    return t, village


def test_the_same_photo_uploaded_again_after_a_rejection_does_not_allow_resubmitting(client, world):
    t, village = _rejected_once(client, world)
    assert upload(client, village, t["id"], content=AFTER, name="IMG_0002.png").status_code == 201  # renamed copy

    again = move(client, village, t, "submit", comment="再次提交")
    assert again.status_code == 409
    assert "与该问题此前的材料完全相同" in again.json()["message"]
    assert client.get(f"/api/v1/tickets/{t['id']}", headers=village).json()["awaiting_verification"] is False

    assert upload(client, village, t["id"], content=AFTER_AGAIN, name="after2.png").status_code == 201
    assert move(client, village, t, "submit", comment="重新整改后提交").status_code == 200


def test_the_finding_photo_does_not_count_as_rectification_evidence(client, world):
    inspector, village = login(client, "inspector"), login(client, "village")
    t = file_via_api(client, inspector, world)
    assert upload(client, inspector, t["id"], stage="found", content=PNG, name="found.png").status_code == 201
    t = move(client, inspector, t, "assign").json()
    t = move(client, village, t, "accept", plan="清运").json()
    assert upload(client, village, t["id"], content=PNG, name="after.png").status_code == 201

    refused = move(client, village, t, "submit", comment="已整改")
    assert refused.status_code == 409 and "完全相同" in refused.json()["message"]

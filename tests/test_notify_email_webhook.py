"""E-mail through a real SMTP server on loopback, and the HMAC-signed JSON webhook checked by a receiver."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from notifiers.base import SmtpSettings
from notifiers.email import EmailChannel
from notifiers.webhook import verify
from tests.fakes.loopback import LoopbackServer
from tests.fakes.receiver import FakeReceiver
from tests.fakes.smtp import FakeSmtp
from tests.notify_support import deliveries, digests, dispatch, escalation, make_channel, reminder
from workflow.clock import LOCAL_TZ
from workflow.db import transaction

SECRET = "s3cret-for-the-receiver-0123"


def test_an_escalation_by_email_arrives_as_plain_text_with_a_chinese_subject(world, sessions, clock):
    make_channel(sessions, world.units["longjiang"], kind="email",
                 config=EmailChannel.normalize({"to": "zhuanban@longjiang.gov.cn；shuji@longjiang.gov.cn"}))
    with transaction(sessions) as s:
        escalation(s, interview_id=3, unit_id=world.units["longjiang"], at=clock.now())
    with FakeSmtp() as smtp:
        report = dispatch(sessions, clock, "http://127.0.0.1:9", smtp=SmtpSettings(host="127.0.0.1", port=smtp.port))
    assert report.sent == 1
    (mail,) = smtp.messages
    assert mail["Subject"] == "【整改通】约谈通知：龙江镇"
    assert "约谈对象：村党组织书记、第一书记" in mail.get_content()
    assert smtp.envelopes[0][1] == ["zhuanban@longjiang.gov.cn", "shuji@longjiang.gov.cn"]


def test_a_digest_by_email_is_one_message_listing_every_ticket(world, sessions, clock):
    make_channel(sessions, world.units["longjiang"], kind="email", config={"to": ["zhuanban@longjiang.gov.cn"]})
    clock.move_to(datetime(2026, 11, 25, 8, 30, tzinfo=LOCAL_TZ))
    with transaction(sessions) as s:
        for i in range(1, 31):
            reminder(s, key=str(i), unit_id=world.units["longjiang"], at=clock.now(), number=f"LJ-2026-{i:04d}")
    digests(sessions, clock)
    with FakeSmtp() as smtp:
        dispatch(sessions, clock, "http://127.0.0.1:9", smtp=SmtpSettings(host="127.0.0.1", port=smtp.port))
    (mail,) = smtp.messages
    assert "逾期30" in mail["Subject"]
    assert all(f"LJ-2026-{i:04d}" in mail.get_content() for i in range(1, 31))


def test_a_refused_recipient_is_a_permanent_failure(world, sessions, clock):
    make_channel(sessions, world.units["longjiang"], kind="email", config={"to": ["gone@longjiang.gov.cn"]})
    with transaction(sessions) as s:
        escalation(s, interview_id=3, unit_id=world.units["longjiang"], at=clock.now())
    with FakeSmtp(refuse={"gone@longjiang.gov.cn"}) as smtp:
        assert dispatch(sessions, clock, "http://127.0.0.1:9",
                        smtp=SmtpSettings(host="127.0.0.1", port=smtp.port)).dead == 1
    assert "收件人被拒绝" in deliveries(sessions)[0].last_error


def webhook_run(world, sessions, clock, *, status=200, secret=SECRET):
    receiver = FakeReceiver(SECRET, status=status, now=clock.now())
    with LoopbackServer(receiver.app) as server:
        make_channel(sessions, world.units["longjiang"], kind="webhook",
                     config={"url": f"{server.url}/hook", "secret": secret})
        with transaction(sessions) as s:
            escalation(s, interview_id=5, unit_id=world.units["longjiang"], at=clock.now())
        report = dispatch(sessions, clock, "http://127.0.0.1:9")
    return receiver, report


def test_the_webhook_is_signed_so_the_receiver_can_verify_it_and_deduplicate(world, sessions, clock):
    receiver, report = webhook_run(world, sessions, clock)
    assert report.sent == 1
    (hook,) = receiver.hooks
    assert hook.signature_ok
    body = json.loads(hook.body)
    assert body["kind"] == "escalation" and body["data"]["interview_id"] == 5
    assert "约谈对象：村党组织书记、第一书记" in body["text"]
    assert hook.headers["x-zhenggai-delivery"] == body["delivery"] == deliveries(sessions)[0].dedupe_key
    timestamp, signature = hook.headers["x-zhenggai-timestamp"], hook.headers["x-zhenggai-signature"]
    assert not verify(SECRET, timestamp, hook.body + b" ", signature, now=clock.now())  # tampered
    assert not verify("another-secret-0123456", timestamp, hook.body, signature, now=clock.now())


def test_a_receiver_that_rejects_the_signature_fails_permanently(world, sessions, clock):
    receiver, report = webhook_run(world, sessions, clock, secret="not-the-receivers-secret")
    assert report.dead == 1 and not receiver.hooks[0].signature_ok
    assert "HTTP 401" in deliveries(sessions)[0].last_error


@pytest.mark.parametrize("status, result", [(500, "retried"), (503, "retried"), (429, "throttled"), (404, "dead")])
def test_webhook_answers_5xx_and_429_are_retried_other_4xx_are_permanent(world, sessions, clock, status, result):
    _, report = webhook_run(world, sessions, clock, status=status)
    assert getattr(report, result) == 1

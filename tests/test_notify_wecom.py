"""The WeCom robot channel against the fake robot server on loopback: what the robot receives, how each
answer is classified, and that a pasted URL is accepted and the key never shown or logged in full."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import httpx
import pytest

from notifiers.base import ChannelConfigError, Notice, Transport
from notifiers.jobs import make_transport
from notifiers.wecom import WeComChannel, parse_key
from tests.fakes.loopback import LoopbackServer
from tests.fakes.wecom import FakeWeCom
from tests.notify_support import KEY_LONGJIANG
from workflow.settings import Settings

NOW = datetime(2026, 11, 24, 1, 0, tzinfo=UTC)
NOTICE = Notice(kind="rejection", subject="验收不通过", markdown="**验收不通过**\n> 原因：照片不清晰",
                text="【验收不通过】原因：照片不清晰", mention_text="请责任人按验收意见重新整改。",
                mentions=("13900000005",))


@pytest.fixture
def robot():
    fake = FakeWeCom(keys={KEY_LONGJIANG})
    with LoopbackServer(fake.app) as server, httpx.Client(timeout=5) as http:
        yield fake, WeComChannel(Transport(http=http, wecom_base_url=server.url))


def send_all(channel, notice, config):
    return [channel.send(config, p, now=NOW, key=f"t:{i}") for i, p in enumerate(channel.prepare(notice, config))]


def test_it_posts_markdown_then_a_text_message_that_mentions_by_mobile(robot):
    fake, channel = robot
    outcomes = send_all(channel, NOTICE, {"key": KEY_LONGJIANG, "format": "markdown"})
    assert [o.result for o in outcomes] == ["sent", "sent"]
    assert [r.body for r in fake.delivered(KEY_LONGJIANG)] == [
        {"msgtype": "markdown", "markdown": {"content": "**验收不通过**\n> 原因：照片不清晰"}},
        {"msgtype": "text", "text": {"content": "请责任人按验收意见重新整改。",
                                     "mentioned_mobile_list": ["13900000005"]}},
    ]


def test_a_text_format_robot_gets_one_text_message_with_the_mentions(robot):
    fake, channel = robot
    send_all(channel, NOTICE, {"key": KEY_LONGJIANG, "format": "text"})
    assert [r.body for r in fake.delivered()] == [
        {"msgtype": "text", "text": {"content": "【验收不通过】原因：照片不清晰\n请责任人按验收意见重新整改。",
                                     "mentioned_mobile_list": ["13900000005"]}},
    ]


def test_errcode_93000_is_permanent_and_disables_the_channel(robot):
    _, channel = robot
    outcome = channel.send({"key": "ffffffff-0000-0000-0000-000000000000"}, {"msgtype": "text", "text":
                           {"content": "x"}}, now=NOW, key="t")
    assert (outcome.result, outcome.disable_channel) == ("permanent", True)
    assert "93000" in outcome.error


def test_errcode_45009_past_twenty_a_minute_means_try_later(robot):
    fake, channel = robot
    payload = {"msgtype": "text", "text": {"content": "测试"}}
    results = [channel.send({"key": KEY_LONGJIANG}, payload, now=NOW, key="t").result for _ in range(21)]
    assert results == ["sent"] * 20 + ["throttled"]
    assert len(fake.answered(45009)) == 1


def test_content_over_the_byte_limit_is_refused_by_the_server_and_is_permanent(robot):
    _, channel = robot
    too_long = {"msgtype": "text", "text": {"content": "镇" * 700}}  # 2,100 bytes
    assert channel.send({"key": KEY_LONGJIANG}, too_long, now=NOW, key="t").result == "permanent"


def test_an_unreachable_server_is_transient():
    with httpx.Client(timeout=1) as http:
        channel = WeComChannel(Transport(http=http, wecom_base_url="http://127.0.0.1:9"))
        outcome = channel.send({"key": KEY_LONGJIANG}, {"msgtype": "text", "text": {"content": "x"}}, now=NOW, key="t")
    assert outcome.result == "retry"
    assert KEY_LONGJIANG not in outcome.error


@pytest.mark.parametrize("pasted", [
    KEY_LONGJIANG,
    f"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={KEY_LONGJIANG}",
    f"  qyapi.weixin.qq.com/cgi-bin/webhook/send?key={KEY_LONGJIANG}&debug=1 ",
])
def test_practice_12_the_bare_key_or_the_whole_webhook_url_is_accepted(pasted):
    assert parse_key(pasted) == KEY_LONGJIANG


@pytest.mark.parametrize("pasted", ["", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send", "key with spaces"])
def test_something_that_is_not_a_key_is_refused_in_chinese(pasted):
    with pytest.raises(ChannelConfigError, match="key"):
        parse_key(pasted)


def test_the_key_is_masked_for_display_and_kept_when_the_masked_value_comes_back():
    masked = WeComChannel.masked({"key": KEY_LONGJIANG, "format": "markdown"})
    assert masked["key"] == "0a1b****6666"
    assert WeComChannel.normalize(masked, previous={"key": KEY_LONGJIANG, "format": "markdown"})["key"] == KEY_LONGJIANG


def test_the_key_never_reaches_the_logs_even_at_info_level(robot, caplog):
    fake, _ = robot
    server_url = f"http://127.0.0.1:{fake_port(robot)}"
    transport = make_transport(Settings(wecom_base_url=server_url))
    with caplog.at_level(logging.DEBUG), transport.http:
        WeComChannel(transport).send({"key": KEY_LONGJIANG}, {"msgtype": "text", "text": {"content": "x"}},
                                     now=NOW, key="t")
    assert fake.delivered(KEY_LONGJIANG)
    assert "key=0a1b****6666" in caplog.text
    assert KEY_LONGJIANG not in caplog.text


def fake_port(robot) -> int:
    return int(robot[1].base_url.rsplit(":", 1)[1])

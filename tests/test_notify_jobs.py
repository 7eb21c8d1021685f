"""The job functions the scheduler registers, and the ``zhenggai digest`` / ``dispatch`` commands, built
from settings alone (robot base URL, window, digest times)."""

from __future__ import annotations

from datetime import datetime

from typer.testing import CliRunner

from cli.main import app as cli
from notifiers.jobs import jobs_from_settings
from notifiers.window import weekdays_only
from tests.notify_support import KEY_LONGJIANG, escalation, fake_wecom, make_channel, reminder
from workflow.clock import LOCAL_TZ
from workflow.db import transaction
from workflow.settings import Settings


def test_jobs_built_from_settings_send_escalations_at_once_and_reminders_at_the_configured_digest_time(
        db_url, world, sessions, clock):
    make_channel(sessions, world.units["longjiang"])
    clock.move_to(datetime(2026, 11, 25, 9, 0, tzinfo=LOCAL_TZ))
    with transaction(sessions) as s:
        escalation(s, interview_id=1, unit_id=world.units["longjiang"], at=clock.now())
        reminder(s, key="1", unit_id=world.units["longjiang"], at=clock.now(), mobile=None)
    with fake_wecom(clock) as fake:
        settings = Settings(database_url=db_url, wecom_base_url=fake.url, notify_digest_times="08:30,14:00")
        jobs = jobs_from_settings(settings, sessions, clock, is_working_day=weekdays_only)
        assert jobs["digest"]().digests == 0  # the 08:30 run bundled what existed by 08:30: nothing
        assert jobs["dispatch"]().sent == 1
        clock.move_to(datetime(2026, 11, 25, 14, 0, tzinfo=LOCAL_TZ))
        assert jobs["digest"]().digests == 1
        assert jobs["dispatch"]().sent == 1
    assert ["约谈通知" in r.content for r in fake.delivered(KEY_LONGJIANG)] == [True, False]


def test_the_digest_and_dispatch_commands_print_what_they_did(db_url, world, sessions, clock, monkeypatch):
    make_channel(sessions, world.units["longjiang"])
    with transaction(sessions) as s:
        reminder(s, key="1", unit_id=world.units["longjiang"], at=datetime(2026, 11, 24, 8, 0, tzinfo=LOCAL_TZ),
                 mobile=None)
    with fake_wecom(clock) as fake:
        monkeypatch.setenv("ZHENGGAI_DATABASE_URL", db_url)
        monkeypatch.setenv("ZHENGGAI_WECOM_BASE_URL", fake.url)
        runner = CliRunner()
        digest = runner.invoke(cli, ["digest", "--now", "2026-11-24T08:30"])  # a Tuesday
        assert digest.exit_code == 0, digest.output
        assert "生成催办汇总 1 份，含提醒 1 条" in digest.output
        sent = runner.invoke(cli, ["dispatch", "--now", "2026-11-24T08:31"])
        assert sent.exit_code == 0 and "发送成功 1" in sent.output
    assert len(fake.delivered()) == 1

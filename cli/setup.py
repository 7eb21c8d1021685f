"""``zhenggai setup``: turn an empty database into a county (district, ticket-number code, first admin).

Interactive by default (typer prompts, the password typed twice); every answer can be given as a flag
for scripts. ``--one-time-link`` sets no password and prints a link, valid once for three days, where
the admin sets it.
"""

from __future__ import annotations

import typer

from cli.context import clock_at, run, settings


def register(app: typer.Typer) -> None:
    app.command("setup")(setup)


def setup(
    district_name: str = typer.Option(..., "--district-name", prompt="区/市名称（如 琼海市）", help="区/市名称"),
    code: str = typer.Option(..., "--code", prompt="问题编号代码（2–8 个英文字母，如 QH）",
                             help="问题编号前缀，编号形如 QH-2026-0001"),
    admin_username: str = typer.Option(..., "--admin-username", prompt="第一个管理员账号", help="管理员登录账号"),
    admin_name: str = typer.Option("系统管理员", "--admin-name", help="管理员姓名"),
    admin_password: str = typer.Option(None, "--admin-password", help="管理员密码（不填则交互输入两次）"),
    one_time_link: bool = typer.Option(False, "--one-time-link",
                                       help="不设密码，打印一次性链接（3 天内有效），打开后设置密码"),
    now: str = typer.Option(None, help="操作时间（默认现在）"),
) -> None:
    """Set up an empty install for a county: no demo data."""
    from workflow.migrate import upgrade_head

    config = settings()
    upgrade_head(config.database_url)
    if admin_password is None and not one_time_link:
        admin_password = _password_twice()
    result = run(lambda session: _set_up(session, district_name, code, admin_username, admin_name,
                                         None if one_time_link else admin_password, now, config.resolved_secret()))
    typer.echo(f"已初始化：{result[0]}，问题编号形如 {result[1]}-年份-序号。")
    typer.echo(f"管理员账号：{admin_username}")
    if result[2]:
        typer.echo("请在 3 天内打开以下一次性链接设置密码（只能使用一次）：")
        typer.echo(f"{config.base_url}/first-login/{result[2]}")
    typer.echo("下一步：zhenggai template org-units / zhenggai import-org，zhenggai template people / "
               "zhenggai import-people，然后 zhenggai serve。")


def _set_up(session, district_name, code, admin_username, admin_name, password, now, secret):
    from workflow.setup import set_up_county

    result = set_up_county(session, district_name=district_name, code=code, admin_username=admin_username,
                           admin_password=password, admin_name=admin_name, now=clock_at(now).now(), secret=secret)
    return result.district.name, result.district.code, result.link_token


def _password_twice() -> str:
    """Typed twice, hidden; click's own confirmation speaks English, so the check is ours."""
    while True:
        first = typer.prompt("管理员密码（至少 8 位）", hide_input=True)
        if first == typer.prompt("请再输入一次密码", hide_input=True):
            return first
        typer.echo("两次输入的密码不一致，请重新输入", err=True)

"""``zhenggai import-org | import-people`` and ``zhenggai template org-units | people``: the county's own
spreadsheets in, as a named admin or office user (``--as``), all rows or none."""

from __future__ import annotations

from pathlib import Path

import typer

from cli.context import actor_named, clock_at, run
from cli.ledger import AS_USER, NOW, template_app

FILE = typer.Argument(..., exists=True, dir_okay=False, help=".xlsx 文件")


def register(app: typer.Typer) -> None:
    app.command("import-org")(import_org)
    app.command("import-people")(import_people)


def import_org(file: Path = FILE, as_user: str = AS_USER, now: str = NOW) -> None:
    """Import the org tree (组织架构): towns, villages and their flags, departments, backer units, work teams."""
    from workflow.imports import org_units

    content = file.read_bytes()
    result = run(lambda s: org_units.import_org_units(s, actor=actor_named(s, as_user), content=content,
                                                      now=clock_at(now).now()))
    typer.echo(f"导入完成：共 {result.rows} 行，新建单位 {len(result.created)} 个，更新 {len(result.updated)} 个，"
               f"无变化 {result.unchanged} 行。")
    for line in result.created:
        typer.echo(f"  新建 {line}")
    for line in result.updated:
        typer.echo(f"  更新 {line}")


def import_people(file: Path = FILE, as_user: str = AS_USER, now: str = NOW) -> None:
    """Import the roster (人员名单): 姓名, 单位, 职务/岗位, 手机号, 账号, 角色."""
    from workflow.imports import people

    content = file.read_bytes()
    result = run(lambda s: people.import_people(s, actor=actor_named(s, as_user), content=content,
                                                now=clock_at(now).now()))
    typer.echo(f"导入完成：共 {result.rows} 行，新增人员 {result.created} 名，更新 {result.updated} 名，"
               f"无变化 {result.unchanged} 名。")
    for name, username, password in result.logins:
        typer.echo(f"  新账号 {username}（{name}）临时密码：{password}")
    for name, count in result.to_reassign:
        typer.echo(f"  {name} 调整了单位或职务，仍负责 {count} 个未销号问题，请改派")


@template_app.command("org-units")
def template_org_units(out: Path = typer.Argument(Path("组织架构导入模板.xlsx"), dir_okay=False),
                       example: bool = typer.Option(False, "--example", help="把示例行也填进表中（试用）")) -> None:
    """Write the org-tree import template (.xlsx)."""
    from workflow.imports import org_units

    out.write_bytes(org_units.template(filled=example))
    typer.echo(f"已生成组织架构导入模板：{out}")


@template_app.command("people")
def template_people(out: Path = typer.Argument(Path("人员名单导入模板.xlsx"), dir_okay=False),
                    example: bool = typer.Option(False, "--example", help="把示例行也填进表中（试用）")) -> None:
    """Write the roster import template (.xlsx)."""
    from workflow.imports import people

    out.write_bytes(people.template(filled=example))
    typer.echo(f"已生成人员名单导入模板：{out}")

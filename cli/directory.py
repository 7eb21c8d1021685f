"""``zhenggai units`` and ``zhenggai people``: find the IDs the other commands take, by name, kind or unit.

Without ``--as`` they list everything (whoever runs the shell already holds the database); with ``--as``
only what that account may see, as in the browser. Output is one tab-separated line per row, ID first,
or only the IDs with ``--quiet`` (``VILLAGE=$(zhenggai units --name 龙江东风村 -q)``).
"""

from __future__ import annotations

import typer

from cli.context import actor_named, one_of, refuse, run

AS_USER = typer.Option(None, "--as", help="只列出该账号可见的（用户名）；不填列出全部")
QUIET = typer.Option(False, "--quiet", "-q", help="只输出 ID")


def register(app: typer.Typer) -> None:
    app.command("units")(units)
    app.command("people")(people)


def units(
    kind: str = typer.Option(None, help="类型：district、town、village、department、backer_unit、work_team（或中文）"),
    name: str = typer.Option(None, help="单位全称（精确匹配，忽略空格）"),
    search: str = typer.Option(None, "--search", help="名称包含的文字"),
    under: str = typer.Option(None, help="只列出该单位（ID 或全称）及其下级"),
    as_user: str = AS_USER, quiet: bool = QUIET,
) -> None:
    """List org units: ID, kind, name, parent."""
    from workflow.orgs.models import UNIT_KINDS

    kind = one_of(kind, UNIT_KINDS, "--kind")

    def work(session):
        from sqlalchemy import select

        from workflow.orgs.models import OrgUnit

        query = select(OrgUnit).order_by(OrgUnit.path)
        if as_user:
            from workflow.orgs.scope import visible_unit_ids

            query = query.where(OrgUnit.id.in_(visible_unit_ids(actor_named(session, as_user))))
        if kind:
            query = query.where(OrgUnit.kind == kind)
        if under:
            query = query.where(OrgUnit.path.startswith(_unit(session, under, "--under").path))
        rows = list(session.scalars(query))
        if name:
            rows = [u for u in rows if _plain(u.name) == _plain(name)]
        if search:
            rows = [u for u in rows if _plain(search) in _plain(u.name)]
        parents = {u.id: u.name for u in session.scalars(select(OrgUnit).where(
            OrgUnit.id.in_({u.parent_id for u in rows if u.parent_id})))}
        return [(u.id, u.kind_label, u.name, parents.get(u.parent_id, "")) for u in rows]

    _print(run(work), quiet)


def people(
    unit: str = typer.Option(None, help="所在单位（ID 或全称）"),
    name: str = typer.Option(None, help="姓名（精确匹配）"),
    post: str = typer.Option(None, help="岗位，如 village_party_secretary（或中文：村党组织书记）"),
    role: str = typer.Option(None, help="登录角色：admin、office、inspector、operator、leader（或中文）"),
    as_user: str = AS_USER, quiet: bool = QUIET,
) -> None:
    """List people: ID, name, unit, post, login and roles."""
    from workflow.accounts.models import POSTS, ROLES

    post, role = one_of(post, POSTS, "--post"), one_of(role, ROLES, "--role")

    def work(session):
        from sqlalchemy import select

        from workflow.accounts.models import Person, PersonRole
        from workflow.orgs.models import OrgUnit

        query = (select(Person, OrgUnit.name).join(OrgUnit, OrgUnit.id == Person.org_unit_id)
                 .where(Person.is_active).order_by(OrgUnit.path, Person.id))
        if as_user:
            from workflow.orgs.scope import visible_unit_ids

            query = query.where(Person.org_unit_id.in_(visible_unit_ids(actor_named(session, as_user))))
        if unit:
            query = query.where(Person.org_unit_id == _unit(session, unit, "--unit").id)
        if name:
            query = query.where(Person.name == name.strip())
        if post:
            query = query.where(Person.post == post)
        if role:
            query = query.where(Person.id.in_(select(PersonRole.person_id).where(PersonRole.role == role)))
        return [(p.id, p.name, unit_name, p.post_label, p.username or "", "、".join(ROLES.get(r, r)
                 for r in sorted(p.roles))) for p, unit_name in session.execute(query)]

    _print(run(work), quiet)


def _unit(session, given: str, option: str):
    """A unit by ID or by its full name; a name shared by several units is refused with their IDs."""
    from sqlalchemy import select

    from workflow.orgs.models import OrgUnit

    if given.strip().isdigit():
        found = [u for u in [session.get(OrgUnit, int(given))] if u is not None]
    else:
        found = [u for u in session.scalars(select(OrgUnit)) if _plain(u.name) == _plain(given)]
    if not found:
        refuse(option, f"找不到单位：{given}（可用 zhenggai units --search 查找）")
    if len(found) > 1:
        refuse(option, f"有 {len(found)} 个单位名为“{given}”，请改用 ID：{'、'.join(str(u.id) for u in found)}")
    return found[0]


def _plain(text: str) -> str:
    from workflow.imports.matching import clean_name

    return clean_name(text)


def _print(rows: list[tuple], quiet: bool) -> None:
    for row in rows:
        typer.echo(row[0] if quiet else "\t".join(str(v) for v in row))

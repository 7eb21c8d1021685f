"""A small, fixed org tree with one person per role, for tests. Plain functions, fixed names."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from workflow.accounts.passwords import hash_password
from workflow.accounts.service import create_person
from workflow.db import transaction
from workflow.orgs.service import create_unit

PASSWORD = "pw-123456"


@dataclass
class World:
    units: dict[str, int] = field(default_factory=dict)
    people: dict[str, int] = field(default_factory=dict)
    password_hash: str = ""


@cache
def _password_hash() -> str:
    """Argon2 is slow on purpose; hash the shared test password once per run."""
    return hash_password(PASSWORD)


def build_world(sessions) -> World:
    """琼海市 → 龙江镇 → 东风村/新和村, 博鳌镇 → 朝烈村; a department; one login per role."""
    w = World(password_hash=_password_hash())
    with transaction(sessions) as s:
        city = create_unit(s, name="琼海市", kind="district", code="QH")
        longjiang = create_unit(s, name="龙江镇", kind="town", parent=city)
        dongfeng = create_unit(s, name="东风村", kind="village", parent=longjiang)
        xinhe = create_unit(s, name="新和村", kind="village", parent=longjiang)
        boao = create_unit(s, name="博鳌镇", kind="town", parent=city)
        chaolie = create_unit(s, name="朝烈村", kind="village", parent=boao)
        education = create_unit(s, name="琼海市教育局", kind="department", parent=city)
        for key, unit in dict(city=city, longjiang=longjiang, dongfeng=dongfeng, xinhe=xinhe, boao=boao,
                              chaolie=chaolie, education=education).items():
            w.units[key] = unit.id
        for username, unit, roles, mobile in [
            ("admin", city, ["admin"], "13900000000"),
            ("office", city, ["office"], "13900000001"),
            ("inspector", city, ["inspector"], "13900000002"),
            ("inspector2", city, ["inspector"], "13900000003"),
            ("leader", city, ["leader"], "13900000004"),
            ("town", longjiang, ["operator"], "13900000005"),
            ("village", dongfeng, ["operator"], "13900000006"),
            ("xinhe", xinhe, ["operator"], "13900000007"),
            ("boao", boao, ["operator"], "13900000008"),
            ("edu", education, ["operator"], "13900000009"),
        ]:
            person = create_person(s, name=f"{username}-name", unit=unit, roles=roles, mobile=mobile,
                                   username=username)
            person.password_hash = w.password_hash
            w.people[username] = person.id
    return w

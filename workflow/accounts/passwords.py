"""Password hashing with Argon2 via pwdlib, and the rules a new password must meet (issue 12).

Parameters: argon2id, m = 19 MiB, t = 2, p = 1, the first of OWASP's equivalent recommended settings
(Password Storage Cheat Sheet). pwdlib's default (RFC 9106's second choice, 64 MiB, t = 3, p = 4) took
~150 ms per check on the two-core server, 1–2 s under load; these take ~22 ms
(``benchmarks/login.py``). A hash made with other parameters is re-made at the next successful login
(``verify_and_update``), so the parameters can change without a reset.

Rules are sensible for cadres who type on a phone: at least 8 characters, two kinds of character
(letters, digits, symbols), not the account name, not one of the passwords everyone tries first.
"""

from __future__ import annotations

import secrets
from functools import cache

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from workflow.errors import InvalidInput

ARGON2 = {"time_cost": 2, "memory_cost": 19 * 1024, "parallelism": 1}  # OWASP: argon2id, 19 MiB, t=2, p=1
_HASHER = PasswordHash((Argon2Hasher(**ARGON2),))
MIN_LENGTH = 8
MAX_LENGTH = 128
COMMON = frozenset({
    "12345678", "123456789", "1234567890", "87654321", "password", "password1", "password123", "abc12345",
    "abcd1234", "a1234567", "aa123456", "qwe12345", "qwer1234", "qwerty123", "1qaz2wsx", "11223344",
    "admin123", "admin1234", "root1234", "zhenggai", "zhenggai123", "123qweasd",
})
_TEMP_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/l/I to misread


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(password: str, hashed: str) -> bool:
    return _HASHER.verify(password, hashed)


def verify_and_update(password: str, hashed: str) -> tuple[bool, str | None]:
    """Check the password; when it is right and ``hashed`` used other parameters, also return a new hash."""
    return _HASHER.verify_and_update(password, hashed)


@cache
def _dummy_hash() -> str:
    return hash_password(secrets.token_urlsafe(16))


def verify_nothing(password: str) -> None:
    """Spend the same Argon2 work as a real check, so an unknown account answers as slowly as a known one."""
    _HASHER.verify(password, _dummy_hash())


def warm_up() -> None:
    _dummy_hash()


def check_rules(password: str, *, username: str | None, current: str | None = None) -> None:
    """Raise InvalidInput with a Chinese message naming what is wrong with a new password."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"密码至少需要 {MIN_LENGTH} 位")
    if len(password) > MAX_LENGTH:
        problems.append(f"密码不能超过 {MAX_LENGTH} 位")
    kinds = sum((any(c.isalpha() for c in password), any(c.isdigit() for c in password),
                 any(not c.isalnum() for c in password)))
    if kinds < 2:
        problems.append("密码须包含字母、数字、符号中的至少两种")
    if username and len(username) >= 3 and username.lower() in password.lower():
        problems.append("密码不能包含账号名")
    if password.lower() in COMMON:
        problems.append("密码过于常见，容易被猜中")
    if current is not None and password == current:
        problems.append("新密码不能与原密码相同")
    if problems:
        raise InvalidInput("；".join(problems), detail={"field": "new_password", "problems": problems})


def temporary_password() -> str:
    """Ten readable characters with letters and digits, which meets the rules above."""
    while True:
        word = "".join(secrets.choice(_TEMP_ALPHABET) for _ in range(10))
        if any(c.isdigit() for c in word) and any(c.isalpha() for c in word):
            return word

"""Password hashing with Argon2 via pwdlib."""

from pwdlib import PasswordHash

_HASHER = PasswordHash.recommended()


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(password: str, hashed: str) -> bool:
    return _HASHER.verify(password, hashed)

"""Who is acting: a person's id, roles and place in the org tree, resolved once per request."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    person_id: int | None
    name: str
    roles: frozenset[str]
    unit_id: int
    unit_path: str
    extra_paths: tuple[str, ...] = ()
    must_change_password: bool = False  # after an admin's reset: only the password change is open
    # The actor's unit is the only root of the org tree: every ticket is visible, and the ticket queries
    # skip the visibility condition (issue 15) instead of testing it on every row.
    sees_all: bool = False

    @property
    def scope_paths(self) -> tuple[str, ...]:
        return (self.unit_path, *self.extra_paths)

    def has_any(self, *roles: str) -> bool:
        return bool(self.roles & set(roles))

    def covers(self, unit_path: str) -> bool:
        """True when the unit at ``unit_path`` is the actor's own unit or lies under it."""
        return any(unit_path.startswith(p) for p in self.scope_paths)

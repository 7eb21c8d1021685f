"""Reference data every database needs before deadlines work: the calendar and the seeds' policies.

Called by ``zhenggai init-db`` and ``seed-demo``, and by tests; idempotent, and it never overwrites
an admin's corrections or policy edits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from workflow.calendar.service import seed_from_package
from workflow.escalation.policies import ensure_default_policies


@dataclass
class ReferenceData:
    calendar_years_added: list[int]
    policies_added: int


def ensure_reference_data(session: Session, *, now: datetime, years: list[int] | None = None) -> ReferenceData:
    return ReferenceData(seed_from_package(session, now=now, years=years), ensure_default_policies(session))

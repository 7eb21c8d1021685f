"""Why an urging is refused: the ticket is not one a unit is working on (409), or today's cap is used (429)."""

from __future__ import annotations

from workflow.errors import DomainError


class UrgingRefused(DomainError):
    status = 409
    code = "urging_refused"
    message = "该问题当前不能催办"


class UrgingCapReached(DomainError):
    status = 429
    code = "urging_cap_reached"
    message = "该问题今日催办次数已达上限，请明日再催办"

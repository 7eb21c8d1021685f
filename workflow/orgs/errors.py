"""Refusals of the org tree administration."""

from workflow.errors import DomainError


class UnitInUse(DomainError):
    """A unit still carrying open tickets or active sub-units cannot be deactivated (or merged away) as is."""

    status = 409
    code = "unit_in_use"
    message = "该单位仍有未办结的问题或下属单位，不能停用"

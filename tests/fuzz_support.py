"""Schemathesis against the app served over loopback: every operation in the OpenAPI document, bounded.

Hypothesis is derandomized so CI is repeatable; ``ZHENGGAI_FUZZ_EXAMPLES`` and ``ZHENGGAI_FUZZ_SEED`` widen
or move the search when hunting by hand."""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field

import requests
import schemathesis
from hypothesis import HealthCheck, given, seed, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

EXAMPLES = int(os.environ.get("ZHENGGAI_FUZZ_EXAMPLES", "12"))
SEED = os.environ.get("ZHENGGAI_FUZZ_SEED")
# schemathesis waits 10 s by default; on a loaded 2-core machine an admin's backup or export can take longer
# (a timeout is reported as a flaky failure, not a finding). A server that hangs still fails, after a minute.
REQUEST_TIMEOUT = 60

RUNS: list[FuzzRun] = []
"""Every run of the session, for the summary printed at the end (tests/conftest.py)."""


@dataclass
class FuzzRun:
    label: str
    statuses: Counter = field(default_factory=Counter)
    operations: int = 0
    failures: list[str] = field(default_factory=list)

    def summary(self) -> str:
        classes = ", ".join(f"{k}xx {v}" for k, v in sorted(self.statuses.items()))
        return (f"API fuzz {self.label}: {self.operations} operations, {sum(self.statuses.values())} requests "
                f"({classes}); failures: {len(self.failures)}")


def fuzz(openapi: dict, base_url: str, headers: dict[str, str], label: str) -> FuzzRun:
    """Runs every operation; a server error or a response outside its declared schema is a failure."""
    run = FuzzRun(label)
    RUNS.append(run)
    schema = schemathesis.openapi.from_dict(openapi)
    http = requests.Session()  # one keep-alive connection: a 500 must not drop it either
    for result in schema.get_all_operations():
        operation = result.ok()
        run.operations += 1
        _fuzz_operation(operation, run, http, base_url, headers)
    return run


def _fuzz_operation(operation, run: FuzzRun, http, base_url: str, headers: dict[str, str]) -> None:
    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=SEED is None,
              suppress_health_check=list(HealthCheck), print_blob=False)
    @given(case=operation.as_strategy())
    def check(case):
        response = case.call(base_url=base_url, session=http, headers=headers, timeout=REQUEST_TIMEOUT)
        run.statuses[response.status_code // 100] += 1
        try:
            case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
        except Exception as exc:  # schemathesis raises a group of check failures
            run.failures.append(f"{operation.label} → {response.status_code}: {str(exc)[:300]}")

    if SEED is not None:
        check = seed(int(SEED))(check)
    check()


__all__ = ["RUNS", "FuzzRun", "fuzz"]

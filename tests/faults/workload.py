"""A scripted county day over HTTP: file, assign, accept, upload, submit, reject or verify, close — with
every acknowledged write (a 2xx answer) written down, because those are the writes a kill must not lose.

A request that fails (connection refused or cut by a kill) is not acknowledged: the ticket is read again
before its next step, since the write may or may not have committed."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import httpx
from PIL import Image

from workflow.clock import LOCAL_TZ


@dataclass
class Acked:
    tickets: set[int] = field(default_factory=set)
    moves: list[tuple[int, str, int]] = field(default_factory=list)  # ticket, trigger, version after
    evidence: dict[int, str] = field(default_factory=dict)  # evidence id → sha256

    @property
    def writes(self) -> int:
        return len(self.tickets) + len(self.moves) + len(self.evidence)


@dataclass
class Tally:
    requests: int = 0
    failed: int = 0  # no answer: the process died under it
    refused: int = 0  # 4xx, e.g. a stale version after an unacknowledged write committed
    refusals: list[str] = field(default_factory=list)  # the first few, to tell a broken workload from a kill


def photo(rng: random.Random) -> bytes:
    """A real PNG, different every time: each rectification round needs photos not seen before."""
    image = Image.new("RGB", (32, 32), tuple(rng.randrange(256) for _ in range(3)))
    image.putpixel((rng.randrange(32), rng.randrange(32)), tuple(rng.randrange(256) for _ in range(3)))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


class Workload:
    def __init__(self, base_url: str, tokens: dict[str, str], village_id: int, rng: random.Random,
                 in_flight: int = 4):
        self.http = httpx.Client(base_url=base_url, timeout=30)
        self.headers = {user: {"Authorization": f"Bearer {token}"} for user, token in tokens.items()}
        self.village_id = village_id
        self.rng = rng
        self.in_flight = in_flight
        self.open: dict[int, dict | None] = {}  # ticket id → last known JSON (None: unknown, read again)
        self.uploaded_rounds: dict[int, set[int]] = {}
        self.acked = Acked()
        self.tally = Tally()

    def step(self) -> None:
        if len(self.open) < self.in_flight:
            self._file()
            return
        ticket_id = self.rng.choice(sorted(self.open))
        ticket = self.open[ticket_id] or self._read(ticket_id)
        if ticket is not None:
            self._advance(ticket)

    # -- the steps ----------------------------------------------------------------------------------
    def _file(self) -> None:
        overdue = self.rng.random() < 0.3  # already late: the sweep has reminders and 约谈 to write
        today = datetime.now(LOCAL_TZ).date()
        body = {"title": f"故障注入问题{self.rng.randrange(10**6)}", "place_id": self.village_id,
                "lead_unit_id": self.village_id, "source": "inspection",
                "due_on": str(today - timedelta(days=3) if overdue else today + timedelta(days=30))}
        if overdue:
            body["found_at"] = (datetime.now(LOCAL_TZ) - timedelta(days=20)).isoformat()
        answer = self._send("POST", "/api/v1/tickets", "inspector", json=body)
        if answer is not None and answer.status_code == 201:
            ticket = answer.json()
            self.acked.tickets.add(ticket["id"])
            self.open[ticket["id"]] = ticket

    def _advance(self, t: dict) -> None:
        state, awaiting = t["state"], t["awaiting_verification"]
        if state == "closed":
            del self.open[t["id"]]
        elif state == "found":
            self._move(t, "inspector", "assign", comment="请限期整改")
        elif state == "assigned":
            self._move(t, "village", "accept", plan="立即组织整改")
        elif state == "rectifying" and awaiting:
            if self.rng.random() < 0.3:
                self._move(t, "office", "reject", comment="照片与现场不符，返工")
            else:
                self._move(t, "inspector", "verify", comment="复核属实")
        elif state == "rectifying" and t["round"] not in self.uploaded_rounds.get(t["id"], set()):
            self._upload(t)
        elif state == "rectifying":
            self._move(t, "village", "submit", comment="已整改，附照片")
        elif state == "verified":
            self._move(t, "office", "close", comment="同意销号")

    def _move(self, t: dict, user: str, trigger: str, **extra) -> None:
        body = {"trigger": trigger, "version": t["version"], **extra}
        answer = self._send("POST", f"/api/v1/tickets/{t['id']}/transitions", user, json=body)
        if answer is not None and answer.status_code == 200:
            ticket = answer.json()
            self.acked.moves.append((ticket["id"], trigger, ticket["version"]))
            self.open[ticket["id"]] = ticket
        else:
            self.open[t["id"]] = None

    def _upload(self, t: dict) -> None:
        files = [("files", ("after.png", photo(self.rng), "image/png"))]
        answer = self._send("POST", f"/api/v1/tickets/{t['id']}/evidence", "village", data={"stage": "rectified"},
                            files=files)
        if answer is not None and answer.status_code == 201:
            for row in answer.json():
                self.acked.evidence[row["id"]] = row["sha256"]
            self.uploaded_rounds.setdefault(t["id"], set()).add(t["round"])
        self.open[t["id"]] = None

    def _read(self, ticket_id: int) -> dict | None:
        answer = self._send("GET", f"/api/v1/tickets/{ticket_id}", "office")
        if answer is not None and answer.status_code == 200:
            self.open[ticket_id] = answer.json()
            return self.open[ticket_id]
        return None

    def _send(self, method: str, path: str, user: str, **kwargs) -> httpx.Response | None:
        self.tally.requests += 1
        try:
            answer = self.http.request(method, path, headers=self.headers[user], **kwargs)
        except httpx.HTTPError:
            self.tally.failed += 1
            return None
        if 400 <= answer.status_code < 500:
            self.tally.refused += 1
            if len(self.tally.refusals) < 10:
                self.tally.refusals.append(f"{method} {path} → {answer.status_code} {answer.text[:120]}")
        return answer

    def close(self) -> None:
        self.http.close()

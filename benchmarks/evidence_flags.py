"""Flag checks for a new photo against 100,000 stored ones (issue 16): the banded pHash index, measured.

    .venv/bin/python benchmarks/evidence_flags.py          # SQLite file (WAL) in a temp dir
    .venv/bin/python benchmarks/evidence_flags.py --pg     # a scratch PostgreSQL database on 127.0.0.1:5432

A migrated database gets 1,000 tickets in 30 villages and --photos evidence rows with their ``evidence_photo``
rows (random 64-bit pHashes, bulk-inserted). Then, for --probes new photos (half of them a stored photo with
1…max-distance bits flipped, i.e. a doctored copy; half fresh random hashes), it times

* ``near_duplicates``: the band query plus the exact Hamming distances (workflow/provenance/index.py), and
* ``flags_for``: every flag check a new photo gets at upload (look-alikes with their tickets, time, place,
  editing; workflow/provenance/flags.py), without the EXIF read and hashing, which do not depend on the store,

at the default threshold (8, band radius 2) and at 3 (radius 0) and 11 (radius 2). It checks that every
planted copy is found (recall) and prints median, 95th percentile and maximum, and a full scan for scale.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, select, text

from tests.databases import scratch_pg_database
from workflow.db import make_engine, make_sessionmaker, transaction
from workflow.migrate import upgrade_head
from workflow.orgs.models import OrgUnit
from workflow.orgs.service import create_unit
from workflow.provenance import hashes
from workflow.provenance.flags import flags_for
from workflow.provenance.index import near_duplicates
from workflow.provenance.models import EvidencePhoto
from workflow.provenance.reading import PhotoFacts
from workflow.provenance.rules import EvidenceRules
from workflow.tickets import events
from workflow.tickets.models import Evidence, Ticket, TicketEvent

START = datetime(2026, 11, 1, 1, 0, tzinfo=UTC)
CHUNK = 5000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg", action="store_true")
    parser.add_argument("--photos", type=int, default=100_000)
    parser.add_argument("--tickets", type=int, default=1000)
    parser.add_argument("--probes", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="zg-flags-bench-") as tmp, ExitStack() as stack:
        url = (stack.enter_context(scratch_pg_database("zg_flags_bench")) if args.pg
               else f"sqlite:///{Path(tmp) / 'bench.db'}")
        run(url, args)


def run(url: str, args) -> None:
    upgrade_head(url)
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    rnd = random.Random(16)
    started = time.perf_counter()
    stored = _generate(sessions, rnd, args.tickets, args.photos)
    with engine.connect() as conn:  # planner statistics, as autovacuum keeps them on PostgreSQL
        conn.execute(text("ANALYZE"))
        conn.commit()
    print(f"{engine.dialect.name}: stored {args.photos:,} photos on {args.tickets:,} tickets "
          f"in {time.perf_counter() - started:.1f} s")
    with make_sessionmaker(engine, write=False)() as s:
        ticket = s.scalar(select(Ticket).order_by(Ticket.id).limit(1))
        place = s.get(OrgUnit, ticket.place_id)
        for max_distance in (3, 8, 11):
            probes = _probes(rnd, stored, args.probes, max_distance)
            _measure(s, probes, max_distance, ticket, place)
        began = time.perf_counter()
        every = s.execute(select(EvidencePhoto.evidence_id, EvidencePhoto.phash)).all()
        near = [i for i, h in every if hashes.distance(h, probes[0][0]) <= 8]
        print(f"full scan for scale: {len(every):,} rows read and compared in "
              f"{(time.perf_counter() - began) * 1000:.0f} ms ({len(near)} within 8)")
    engine.dispose()


def _generate(sessions, rnd: random.Random, tickets: int, photos: int) -> list[str]:
    with transaction(sessions) as s:
        city = create_unit(s, name="琼海市", kind="district", code="QH")
        town = create_unit(s, name="龙江镇", kind="town", parent=city)
        villages = [create_unit(s, name=f"第{i}村", kind="village", parent=town) for i in range(30)]
        for v in villages:
            v.latitude, v.longitude = 19.14 + rnd.random() / 10, 110.35 + rnd.random() / 10
        s.flush()
        village_ids = [v.id for v in villages]
        rows = [{"number": f"QH-2026-{n:06d}", "title": f"问题{n}", "owner_unit_id": city.id,
                 "place_id": village_ids[n % 30], "lead_unit_id": village_ids[n % 30], "source": "inspection",
                 "found_at": START, "assigned_at": START, "state_changed_at": START, "created_at": START}
                for n in range(1, tickets + 1)]
        ticket_ids = s.scalars(insert(Ticket).returning(Ticket.id, sort_by_parameter_order=True), rows).all()
        events.record_many(s, [{"ticket_id": tid, "at": START, "actor_id": None, "trigger": "attach_evidence",
                                "from_state": None, "to_state": None, "comment": "", "payload": {}}
                               for tid in ticket_ids])
        event_of = dict(s.execute(select(TicketEvent.ticket_id, TicketEvent.id)).all())
    stored = [f"{rnd.getrandbits(64):016x}" for _ in range(photos)]
    for begin in range(0, photos, CHUNK):
        with transaction(sessions) as s:
            batch = range(begin, min(begin + CHUNK, photos))
            evidence = [{"ticket_id": ticket_ids[i % tickets], "event_id": event_of[ticket_ids[i % tickets]],
                         "stage": "rectified", "round": 1, "sha256": f"{i:064x}", "filename": f"{i}.jpg",
                         "content_type": "image/jpeg", "size": 1, "uploaded_at": START} for i in batch]
            ids = s.scalars(insert(Evidence).returning(Evidence.id, sort_by_parameter_order=True), evidence).all()
            s.execute(insert(EvidencePhoto), [
                {"evidence_id": eid, "ticket_id": row["ticket_id"], "width": 4000, "height": 3000, "has_exif": True,
                 "captured_at": START, "latitude": None, "longitude": None, "device": None, "software": None,
                 "phash": stored[i], "dhash": stored[i], "flags": [],
                 **{f"phash_b{k}": b for k, b in enumerate(hashes.bands(stored[i]))}}
                for eid, row, i in zip(ids, evidence, batch, strict=True)])
    return stored


def _probes(rnd: random.Random, stored: list[str], n: int, max_distance: int) -> list[tuple[str, bool]]:
    """Half doctored copies of stored photos (1…max_distance bits flipped), half fresh photos."""
    probes = []
    for k in range(n):
        if k % 2:
            probes.append((f"{rnd.getrandbits(64):016x}", False))
            continue
        value = int(rnd.choice(stored), 16)
        for bit in rnd.sample(range(64), rnd.randint(1, max_distance)):
            value ^= 1 << bit
        probes.append((f"{value:016x}", True))
    return probes


def _measure(s, probes, max_distance: int, ticket: Ticket, place: OrgUnit) -> None:
    rules = EvidenceRules(max_hash_distance=max_distance)
    search, full, found, candidates = [], [], 0, []
    for phash, planted in probes:
        began = time.perf_counter()
        matches = near_duplicates(s, phash, max_distance=max_distance)
        search.append((time.perf_counter() - began) * 1000)
        found += planted and bool(matches)
        evidence = Evidence(id=None, ticket_id=ticket.id, stage="rectified", round=1, uploaded_at=START + timedelta(
            hours=2))
        facts = PhotoFacts(width=4000, height=3000, has_exif=True, captured_at=START + timedelta(hours=1),
                           latitude=place.latitude, longitude=place.longitude, phash=phash, dhash=phash)
        began = time.perf_counter()
        flags_for(s, evidence=evidence, ticket=ticket, place=place, facts=facts, rules=rules)
        full.append((time.perf_counter() - began) * 1000)
        candidates.append(len(matches))
    planted = sum(p for _, p in probes)
    print(f"  distance ≤ {max_distance:>2} (band radius {hashes.band_radius(max_distance)}): "
          f"near_duplicates {_figures(search)}; flags_for {_figures(full)}; "
          f"planted copies found {found}/{planted}")


def _figures(ms: list[float]) -> str:
    ordered = sorted(ms)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    return f"median {statistics.median(ordered):.1f} ms, p95 {p95:.1f} ms, max {ordered[-1]:.1f} ms"


if __name__ == "__main__":
    main()

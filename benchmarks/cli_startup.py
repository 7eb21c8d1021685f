"""How long ``zhenggai`` takes to start: ``--help`` for the program and a few subcommands, and the time to
import ``cli.main``. Heavy modules (openpyxl, python-docx, SQLAlchemy, FastAPI, rich) are imported by the
commands that use them, not at start-up (typer itself brings pydantic for a subcommand's parameters); this
prints which of them a bare ``zhenggai --help`` still loads (should be none).

Run: .venv/bin/python benchmarks/cli_startup.py [--runs 15]
Exits 1 when the median ``zhenggai --help`` takes 0.5 s or more.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ZHENGGAI = Path(sys.prefix) / "bin" / "zhenggai"
HEAVY = ("openpyxl", "docx", "sqlalchemy", "fastapi", "alembic", "httpx", "apscheduler", "lxml", "rich")
LIMIT = 0.5
# Every other command, each importing its own heavy modules only when it runs (issue 15: < 0.5 s to start).
COMMANDS = [["sweep"], ["export-ledger"], ["bulletin"], ["town-report"], ["import-org"], ["import-people"],
            ["backup"], ["restore"], ["dispatch"], ["digest"], ["units"], ["people"], ["setup"], ["init-db"],
            ["seed-demo"], ["audit", "verify"], ["calendar"], ["template"]]


def timed(argv: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       env={"PATH": "/usr/bin:/bin", "ZHENGGAI_DATABASE_URL": "sqlite:////nonexistent/zg.db"})
        times.append(time.perf_counter() - start)
    return times


def loaded_at_start() -> list[str]:
    probe = ("import sys; from cli.main import app\n"
             "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
             f"print('HEAVY:' + ' '.join(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    return next(line for line in out.stdout.splitlines() if line.startswith("HEAVY:"))[6:].split()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    print(f"{'command':<44} {'min':>7} {'median':>7} {'max':>7}   ({runs} runs, no database)")
    rows = [
        ("python -c pass (interpreter alone)", [sys.executable, "-c", "pass"]),
        ("python -c 'import cli.main'", [sys.executable, "-c", "import cli.main"]),
        ("zhenggai --help", [str(ZHENGGAI), "--help"]),
        ("zhenggai ticket move --help", [str(ZHENGGAI), "ticket", "move", "--help"]),
        ("zhenggai import-xlsx --help", [str(ZHENGGAI), "import-xlsx", "--help"]),
        ("zhenggai serve --help", [str(ZHENGGAI), "serve", "--help"]),
        *((f"zhenggai {' '.join(cmd)} --help", [str(ZHENGGAI), *cmd, "--help"]) for cmd in COMMANDS),
    ]
    medians = {}
    for label, argv in rows:
        times = timed(argv, runs)
        medians[label] = statistics.median(times)
        print(f"{label:<44} {min(times):7.3f} {medians[label]:7.3f} {max(times):7.3f} s")
    heavy = loaded_at_start()
    print(f"heavy modules loaded by `zhenggai --help`: {', '.join(heavy) or 'none'}")
    slow = [label for label, median in medians.items() if label.startswith("zhenggai") and median >= LIMIT]
    ok = not slow and not heavy
    print(f"zhenggai --help median {medians['zhenggai --help']:.3f} s; slowest command "
          f"{max(v for k, v in medians.items() if k.startswith('zhenggai')):.3f} s (limit {LIMIT} s each): "
          f"{'OK' if ok else 'TOO SLOW: ' + ', '.join(slow)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""The three processes a county runs (web server, dispatcher, sweep), started as real ``zhenggai`` commands
so a SIGKILL hits exactly what production runs."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Processes:
    env: dict[str, str]
    port: int = field(default_factory=free_port)
    server: subprocess.Popen | None = None
    dispatcher: subprocess.Popen | None = None
    sweeper: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "cli.main", *args], cwd=ROOT, env=self.env, text=True,
                              capture_output=True, timeout=timeout, check=True)

    def _spawn(self, *args: str) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "cli.main", *args], cwd=ROOT, env=self.env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def start_server(self) -> None:
        self.server = self._spawn("serve", "--host", "127.0.0.1", "--port", str(self.port))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.05)
        raise RuntimeError("the server did not come up")

    def start_dispatcher(self) -> None:
        self.dispatcher = self._spawn("dispatch", "--loop", "--interval", "0.2")

    def start_sweep(self) -> None:
        """A sweep runs to its end unless killed; it starts again at the next kill point."""
        self.sweeper = self._spawn("sweep")

    def running(self) -> dict[str, subprocess.Popen]:
        procs = {"server": self.server, "dispatcher": self.dispatcher, "sweep": self.sweeper}
        return {name: p for name, p in procs.items() if p is not None and p.poll() is None}

    def kill(self, name: str) -> None:
        proc = self.running()[name]
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)

    def stop_all(self) -> None:
        for proc in self.running().values():
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)

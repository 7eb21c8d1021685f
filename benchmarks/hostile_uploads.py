"""Hostile uploads against a real server process: time and the server's peak memory (issue 14).

    .venv/bin/python benchmarks/hostile_uploads.py                      # this checkout
    .venv/bin/python benchmarks/hostile_uploads.py --checkout /work/main  # the code before the fix

Each scenario starts a fresh ``zhenggai serve`` (SQLite, demo data) from the given checkout with this
checkout's virtualenv, and samples the server's resident memory (/proc/PID/status) every 5 ms while it runs:

* ``bomb``: a 0.5 MB PNG claiming 12,600 × 12,600 pixels uploaded as evidence by the inspector, then its
  thumbnail viewed (before the fix, the thumbnail was decoded on view).
* ``bomb x4``: the same, with four thumbnail views at once.
* ``photo 48 MP``: an 8,000 × 6,000 JPEG (a phone photo's size), uploaded and its thumbnail viewed.
* ``anonymous 100 MB``: an anonymous client streams a 100 MB JSON body to ``POST /api/v1/tickets``; the
  time until the server answers and how much of the body it took first.
"""

from __future__ import annotations

import argparse
import os
import re
import select
import socket
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from io import BytesIO
from pathlib import Path

import httpx
from PIL import Image

HERE = Path(__file__).resolve().parent.parent
RUN = "import sys; sys.path.insert(0, sys.argv.pop(1)); from cli.main import app; app()"


def bomb_png(width: int = 12_600, height: int = 12_600) -> bytes:
    """A valid all-black RGB PNG: width × height × 3 bytes once decoded, about 0.5 MB on disk."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")

    compressor, row, body = zlib.compressobj(9), bytes(1 + 3 * width), []
    for _ in range(height):
        body.append(compressor.compress(row))
    body.append(compressor.flush())
    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 2, 0, 0, 0])
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", b"".join(body))
            + chunk(b"IEND", b""))


def phone_jpeg(width: int = 8000, height: int = 6000) -> bytes:
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    out = BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


class Server:
    def __init__(self, checkout: Path):
        self.tmp = tempfile.TemporaryDirectory(prefix="zhenggai-bench-")
        self.env = os.environ | {
            "ZHENGGAI_DATABASE_URL": f"sqlite:///{self.tmp.name}/bench.db",
            "ZHENGGAI_DATA_DIR": f"{self.tmp.name}/data", "ZHENGGAI_SECRET_KEY": "bench",
            "ZHENGGAI_RUN_SCHEDULER": "false", "PYTHONDONTWRITEBYTECODE": "1"}  # leave the checkout untouched
        self.checkout = str(checkout)
        for command in (["init-db"], ["seed-demo", "--now", "2026-11-24T09:00"]):
            subprocess.run([sys.executable, "-c", RUN, self.checkout, *command], env=self.env, check=True,
                           capture_output=True, cwd=self.tmp.name)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen([sys.executable, "-c", RUN, self.checkout, "serve", "--port", str(self.port)],
                                        env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        cwd=self.tmp.name)  # the working directory would shadow the checkout
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                httpx.get(f"{self.url}/login", timeout=1)
                return
            except httpx.TransportError:
                time.sleep(0.1)
        raise RuntimeError("server did not start")

    def memory_mb(self, field: str = "VmRSS") -> float:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(re.search(rf"{field}:\s+(\d+) kB", status).group(1)) / 1024

    def highest_rss_while(self, attack) -> tuple[float, str]:
        """The highest resident memory seen (sampled every 5 ms) while ``attack`` runs, and its outcome.

        The process's own peak (VmHWM) would hide anything below the 64 MB Argon2 spent at sign-in."""
        highest, done = [self.memory_mb()], threading.Event()

        def sample() -> None:
            while not done.is_set():
                highest.append(self.memory_mb())
                done.wait(0.005)

        sampler = threading.Thread(target=sample)
        sampler.start()
        try:
            outcome = attack()
            time.sleep(0.5)  # let the server finish reading what it was sent
        finally:
            done.set()
            sampler.join()
        return max(highest), outcome

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        self.tmp.cleanup()

    def bearer(self, username: str) -> dict[str, str]:
        r = httpx.post(f"{self.url}/api/v1/auth/token", data={"username": username, "password": "demo1234"})
        return {"Authorization": f"Bearer {r.json()['access_token']}"}

    def browser(self, username: str) -> httpx.Client:
        client = httpx.Client(base_url=self.url, timeout=120)
        token = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/login").text).group(1)
        client.post("/login", data={"username": username, "password": "demo1234", "csrf_token": token})
        return client


def upload_and_view(server: Server, content: bytes, name: str, views: int = 1):
    """Signed in first (Argon2 costs 64 MB of its own), then measured: the upload, then the views at once."""
    headers = server.bearer("inspector")
    browsers = [server.browser("inspector") for _ in range(views)]
    return lambda: _upload_and_view(server, headers, browsers, content, name)


def _upload_and_view(server: Server, headers: dict, browsers: list[httpx.Client], content: bytes, name: str) -> str:
    started = time.monotonic()
    r = httpx.post(f"{server.url}/api/v1/tickets/1/evidence", headers=headers, timeout=120,
                   data={"stage": "found"}, files=[("files", (name, content, "image/png"))])
    upload_s = time.monotonic() - started
    if r.status_code != 201:
        return f"upload {r.status_code} in {upload_s:.2f} s: {r.json()['message']}"
    evidence_id = r.json()[0]["id"]
    answers: list[int] = []
    started = time.monotonic()
    threads = [threading.Thread(target=lambda b=b: answers.append(b.get(f"/evidence/{evidence_id}/thumb").status_code))
               for b in browsers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    view_s = time.monotonic() - started
    return (f"upload 201 in {upload_s:.2f} s; {len(browsers)} thumbnail view(s) at once {sorted(set(answers))} "
            f"in {view_s:.2f} s")


def anonymous_body(server: Server):
    return lambda: _anonymous_body(server)


def _anonymous_body(server: Server, size: int = 100 << 20) -> str:
    """Stream ``size`` bytes of JSON anonymously; stop sending as soon as the server answers."""
    sent, chunk = 0, b"a" * (1 << 20)
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", server.port), timeout=60) as sock:
        sock.sendall(f"POST /api/v1/tickets HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     f"Content-Length: {size}\r\n\r\n".encode())
        try:
            while sent < size and not select.select([sock], [], [], 0)[0]:
                piece = chunk[: size - sent]
                sock.sendall(piece)
                sent += len(piece)
            reply = sock.recv(65536)
        except (BrokenPipeError, ConnectionResetError):
            reply = b""
    status = reply.split(b" ", 2)[1].decode() if reply else "closed"
    return f"answer {status} after {time.monotonic() - started:.2f} s; {sent / (1 << 20):.0f} MB of the body sent"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkout", type=Path, default=HERE, help="the code to serve (default: this checkout)")
    args = parser.parse_args()
    bomb, photo = bomb_png(), phone_jpeg()
    print(f"checkout {args.checkout}; bomb PNG {len(bomb) / 1e6:.2f} MB, photo JPEG {len(photo) / 1e6:.2f} MB")
    scenarios = [("bomb", lambda s: upload_and_view(s, bomb, "bomb.png")),
                 ("bomb x4", lambda s: upload_and_view(s, bomb, "bomb.png", views=4)),
                 ("photo 48 MP", lambda s: upload_and_view(s, photo, "photo.jpg")),
                 ("anonymous 100 MB", anonymous_body)]
    print("| scenario | server RSS before → highest during | peak RSS (VmHWM) after | what happened |\n"
          "|---|---|---|---|")
    for name, run in scenarios:
        server = Server(args.checkout)
        try:
            attack = run(server)
            before = server.memory_mb()
            highest, outcome = server.highest_rss_while(attack)
            print(f"| {name} | {before:.0f} → {highest:.0f} MB (+{highest - before:.0f}) | "
                  f"{server.memory_mb('VmHWM'):.0f} MB | {outcome} |")
        finally:
            server.close()


if __name__ == "__main__":
    main()

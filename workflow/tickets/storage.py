"""Evidence files on disk, named by SHA-256 so the same photo is stored once."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


class EvidenceStore:
    def __init__(self, root: Path):
        self.root = Path(root) / "evidence"

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def put(self, content: bytes) -> str:
        digest = hashlib.sha256(content).hexdigest()
        target = self.path_for(digest)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent)
            with os.fdopen(fd, "wb") as fh:
                fh.write(content)
            os.replace(tmp, target)
        return digest

    def read(self, sha256: str) -> bytes:
        return self.path_for(sha256).read_bytes()

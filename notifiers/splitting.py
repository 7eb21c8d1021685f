"""Split long messages into parts that fit a byte limit, at line boundaries, never mid-character.

WeCom counts content in bytes of UTF-8 (text 2048, markdown 4096; practice 12, errcode 40058), and a
Chinese character is three bytes. Parts after the first are numbered so a group sees they belong together.
"""

from __future__ import annotations


def utf8_len(text: str) -> int:
    return len(text.encode("utf-8"))


def split_utf8(text: str, limit: int) -> list[str]:
    """``text`` as one part if it fits, else parts of at most ``limit`` bytes each, headed "（2/3）"."""
    if utf8_len(text) <= limit:
        return [text]
    # Reserve room for the "（12/34）\n" header: 6 bytes of brackets + digits + slash + newline.
    body_limit = limit - 24
    if body_limit < 16:
        raise ValueError("limit too small to split")
    chunks = _pack(text.split("\n"), body_limit)
    n = len(chunks)
    return [f"（{i}/{n}）\n{chunk}" for i, chunk in enumerate(chunks, start=1)]


def _pack(lines: list[str], limit: int) -> list[str]:
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for line in lines:
        for piece in _cut_line(line, limit):
            need = utf8_len(piece) + (1 if current else 0)
            if current and size + need > limit:
                chunks.append("\n".join(current))
                current, size = [], 0
                need = utf8_len(piece)
            current.append(piece)
            size += need
    if current:
        chunks.append("\n".join(current))
    return [c for c in chunks if c.strip()] or [""]


def _cut_line(line: str, limit: int) -> list[str]:
    """A line longer than the limit is cut between characters (a last resort: lines are short)."""
    if utf8_len(line) <= limit:
        return [line]
    pieces, current, size = [], [], 0
    for char in line:
        width = utf8_len(char)
        if size + width > limit:
            pieces.append("".join(current))
            current, size = [], 0
        current.append(char)
        size += width
    if current:
        pieces.append("".join(current))
    return pieces

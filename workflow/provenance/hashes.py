"""Perceptual hashes as 16 hex digits, and the four 16-bit bands the index is built on.

Multi-index hashing: two 64-bit hashes at Hamming distance ≤ d differ by ≤ d // 4 bits in at least one of
four 16-bit bands (pigeonhole). So the candidates for a new hash are the stored ones whose band i lies
within radius d // 4 of the new band i, for some i: 1 value per band at d ≤ 3, 17 at d ≤ 7, 137 at d ≤ 11.
The exact distance is then computed on those few candidates only.
"""

from __future__ import annotations

from itertools import combinations

import imagehash
from PIL import Image

BANDS = 4
BAND_BITS = 16


def phash(image: Image.Image) -> str:
    return str(imagehash.phash(image))


def dhash(image: Image.Image) -> str:
    return str(imagehash.dhash(image))


def bands(hex_hash: str) -> list[int]:
    value = int(hex_hash, 16)
    return [(value >> (BAND_BITS * (BANDS - 1 - i))) & 0xFFFF for i in range(BANDS)]


def distance(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()


def band_radius(max_distance: int) -> int:
    return max_distance // BANDS


def neighbours(band: int, radius: int) -> list[int]:
    """Every 16-bit value within ``radius`` flipped bits of ``band``, itself included."""
    values = [band]
    for r in range(1, radius + 1):
        for bits in combinations(range(BAND_BITS), r):
            flipped = band
            for bit in bits:
                flipped ^= 1 << bit
            values.append(flipped)
    return values

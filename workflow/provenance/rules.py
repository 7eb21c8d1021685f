"""The thresholds the flags use; from Settings (ZHENGGAI_EVIDENCE_*), with defaults that suit a county."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class EvidenceRules:
    # pHash Hamming distance at or below which two photos count as the same picture. Measured on
    # recompressed, resized and 1–3 % cropped copies: 0–8; different scenes: 18 and more.
    max_hash_distance: int = 8
    # How far from the village's coordinates a photo may be taken (a village spans a few km).
    max_distance_km: float = 3.0
    # Camera clocks drift; a capture time this far past the upload is still believed.
    clock_slack: timedelta = timedelta(minutes=10)

    @classmethod
    def from_settings(cls, settings) -> EvidenceRules:
        return cls(max_hash_distance=settings.evidence_max_hash_distance,
                   max_distance_km=settings.evidence_max_distance_km)

"""The draw itself, pure: candidates in, picks out, the same picks for the same seed (rule 18, seed 004).

004: 「抽取4个镇，每个镇随机抽取2个行政村……其中4个脱贫村和4个非脱贫村」. Towns are drawn first, then in
each drawn town the villages of each stratum (脱贫村, 非脱贫村) with the counts asked for. Only towns that
can fill every stratum are eligible, so a draw never comes back short. Every list is ordered by id
before ``random.Random(seed).sample`` sees it, and the picks are ordered by id, so the result depends
only on the seed, the parameters and the candidates — which is what the verification recomputes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from workflow.errors import InvalidInput

VILLAGE_STRATA = ("poverty_alleviated", "not_poverty_alleviated")


@dataclass(frozen=True)
class Candidate:
    unit_id: int
    town_id: int
    poverty_alleviated: bool

    @property
    def stratum(self) -> str:
        return VILLAGE_STRATA[0] if self.poverty_alleviated else VILLAGE_STRATA[1]


@dataclass(frozen=True)
class Pick:
    unit_id: int
    stratum: str  # "town" or a village stratum
    town_id: int


def draw(candidates: list[Candidate], *, towns: int, per_stratum: dict[str, int], seed: int,
         excluded: set[int] = frozenset()) -> list[Pick]:
    pools: dict[int, dict[str, list[int]]] = {}
    for c in sorted(candidates, key=lambda c: c.unit_id):
        if c.unit_id not in excluded:
            pools.setdefault(c.town_id, {s: [] for s in VILLAGE_STRATA})[c.stratum].append(c.unit_id)
    eligible = sorted(t for t, pool in pools.items() if all(len(pool[s]) >= per_stratum.get(s, 0)
                                                            for s in VILLAGE_STRATA))
    if len(eligible) < towns:
        raise InvalidInput(f"能按要求抽足各类村的乡镇只有 {len(eligible)} 个，少于要抽取的 {towns} 个"
                           "（可减少抽取的乡镇数或每镇的村数，或少排除近期已抽过的村）",
                           detail={"field": "towns", "eligible": len(eligible)})
    rng = random.Random(seed)
    picks: list[Pick] = []
    for town_id in sorted(rng.sample(eligible, towns)):
        picks.append(Pick(town_id, "town", town_id))
        for stratum in VILLAGE_STRATA:
            chosen = rng.sample(pools[town_id][stratum], per_stratum.get(stratum, 0))
            picks.extend(Pick(uid, stratum, town_id) for uid in sorted(chosen))
    return picks

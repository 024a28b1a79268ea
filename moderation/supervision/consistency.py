"""Is the policy applied consistently? Two checks a supervisor reads together.

1. Removal rate per category per moderator. Of the flagged comments a moderator answered in a
   category, the share they hid or removed. A moderator is marked when they answered at least
   MIN_SAMPLE such comments and the pooled rate of everyone else in that category lies outside
   the 95 % Wilson score interval of the moderator's own rate. The Wilson interval stays honest
   at small counts and near 0 % or 100 %, where a normal approximation (mean ± 2 SD) does not;
   comparing with everyone else (not with a pool that includes the moderator) keeps a busy
   moderator from hiding in an average they dominate. A mark is a question, not a finding:
   moderators on different sites see different comments.

2. Near-identical comments decided both ways. Comments are compared by MinHash (datasketch's
   MinHashLSH) over character shingles of their normalised text; a pair whose estimated
   Jaccard similarity is at least SIMILARITY, one hidden or removed by one moderator and the
   other kept by another, is listed with links to both.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from datasketch import MinHash, MinHashLSH
from django.db.models import Count, F, Q

from moderation.models import DecisionAction, Flag
from moderation.supervision.forms import Period
from moderation.supervision.selectors import TAKEN_DOWN, decisions_in, staff_name
from moderation.supervision.tables import Table

MIN_SAMPLE = 10
Z_95 = 1.96
SIMILARITY = 0.7
NUM_PERM = 128
SHINGLE = 4
MIN_TEXT = 20  # shorter texts ("Thank you!") match everything and say nothing
MAX_COMMENTS = 4000  # the most recent decisions compared, to bound the page's time
MAX_PAIRS = 50
ANSWERED = (DecisionAction.KEEP, DecisionAction.HIDE, DecisionAction.REMOVE)


def wilson_interval(successes: int, trials: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval for a proportion, as (low, high) between 0 and 1."""
    if trials <= 0:
        return (0.0, 1.0)
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    return (max(0.0, centre - half), min(1.0, centre + half))


@dataclass
class RateRow:
    category: str
    moderator: str
    answered: int
    taken_down: int
    rate: float
    low: float
    high: float
    others_rate: float | None
    outlier: str  # "", "higher" or "lower"


def removal_rates(site_ids, period: Period) -> list[RateRow]:
    """One query: per category and moderator, flagged comments answered and taken down."""
    answered = decisions_in(site_ids, period).filter(action__in=ANSWERED, undone_by__isnull=True)
    found = list(
        # Flags raised before the decision: not the staff flag a removal itself writes.
        Flag.objects.filter(
            resolved_by_decision__in=answered.values("pk"),
            created_at__lte=F("resolved_by_decision__decided_at"),
        )
        .values(
            "category__position",
            "category__name",
            "resolved_by_decision__actor__full_name",
            "resolved_by_decision__actor__email",
        )
        .annotate(
            answered=Count("resolved_by_decision", distinct=True),
            taken_down=Count(
                "resolved_by_decision",
                distinct=True,
                filter=Q(resolved_by_decision__action__in=TAKEN_DOWN),
            ),
        )
        .order_by("category__position", "resolved_by_decision__actor__full_name")
    )
    totals: dict[str, list[int]] = {}
    for r in found:
        t = totals.setdefault(r["category__name"], [0, 0])
        t[0] += r["answered"]
        t[1] += r["taken_down"]
    rows = []
    for r in found:
        n, k = r["answered"], r["taken_down"]
        all_n, all_k = totals[r["category__name"]]
        others_n, others_k = all_n - n, all_k - k
        others = others_k / others_n if others_n else None
        low, high = wilson_interval(k, n)
        outlier = ""
        if n >= MIN_SAMPLE and others is not None:
            outlier = "higher" if others < low else "lower" if others > high else ""
        rows.append(
            RateRow(
                category=r["category__name"],
                moderator=staff_name(
                    r["resolved_by_decision__actor__full_name"],
                    r["resolved_by_decision__actor__email"],
                ),
                answered=n,
                taken_down=k,
                rate=k / n if n else 0.0,
                low=low,
                high=high,
                others_rate=others,
                outlier=outlier,
            )
        )
    return rows


def rates_table(rows: list[RateRow]) -> Table:
    def pct(value: float | None) -> float | None:
        return None if value is None else round(100 * value, 1)

    return Table(
        key="removal-rates",
        title="Removal rate per category and moderator",
        columns=[
            "Category",
            "Moderator",
            "Flagged comments answered",
            "Hidden or removed",
            "Rate (%)",
            "95 % interval low (%)",
            "95 % interval high (%)",
            "Everyone else (%)",
            "Marked",
        ],
        rows=[
            [
                r.category,
                r.moderator,
                r.answered,
                r.taken_down,
                pct(r.rate),
                pct(r.low),
                pct(r.high),
                pct(r.others_rate),
                {"higher": "Higher than everyone else", "lower": "Lower than everyone else"}.get(
                    r.outlier, ""
                ),
            ]
            for r in rows
        ],
    )


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", "", text.casefold())).strip()


def minhash_of(text: str) -> MinHash:
    shingles = {text[i : i + SHINGLE] for i in range(max(1, len(text) - SHINGLE + 1))}
    m = MinHash(num_perm=NUM_PERM, seed=13)
    m.update_batch([s.encode() for s in shingles])
    return m


@dataclass
class DisagreementPair:
    similarity: float
    taken_down: dict[str, Any]
    kept: dict[str, Any]


def disagreements(site_ids, period: Period) -> list[DisagreementPair]:
    """Pairs of near-identical comments, one hidden or removed and one kept, by two
    different moderators (one query, then MinHash in memory)."""
    decided = list(
        decisions_in(site_ids, period)
        .filter(action__in=ANSWERED, undone_by__isnull=True)
        .order_by("-decided_at", "-id")
        .values(
            "id",
            "action",
            "actor_id",
            "actor__full_name",
            "actor__email",
            "decided_at",
            "comment_id",
            "comment__body",
            "comment__site__name",
        )[:MAX_COMMENTS]
    )
    lsh = MinHashLSH(threshold=SIMILARITY, num_perm=NUM_PERM)
    hashes: dict[int, MinHash] = {}
    by_id: dict[int, dict[str, Any]] = {}
    for row in decided:
        text = normalised(row["comment__body"] or "")
        if len(text) < MIN_TEXT:
            continue
        hashes[row["id"]] = minhash_of(text)
        by_id[row["id"]] = row
        lsh.insert(str(row["id"]), hashes[row["id"]])
    pairs: dict[tuple[int, int], DisagreementPair] = {}
    for pk, row in by_id.items():
        if row["action"] not in TAKEN_DOWN:
            continue
        for other_key in lsh.query(hashes[pk]):
            other = by_id[int(other_key)]
            if other["action"] != DecisionAction.KEEP or other["actor_id"] == row["actor_id"]:
                continue
            if other["comment_id"] == row["comment_id"]:
                continue
            similarity = hashes[pk].jaccard(hashes[int(other_key)])
            if similarity < SIMILARITY:
                continue
            key = (row["comment_id"], other["comment_id"])
            if key not in pairs:
                pairs[key] = DisagreementPair(
                    similarity=round(similarity, 2),
                    taken_down=_side(row),
                    kept=_side(other),
                )
    return sorted(pairs.values(), key=lambda p: (-p.similarity, p.taken_down["comment_id"]))[
        :MAX_PAIRS
    ]


def _side(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "comment_id": row["comment_id"],
        "decision_id": row["id"],
        "action": DecisionAction(row["action"]).label.split(" (")[0],
        "moderator": staff_name(row["actor__full_name"], row["actor__email"]),
        "decided_at": row["decided_at"],
        "site": row["comment__site__name"],
        "body": row["comment__body"],
    }


def pairs_table(pairs: list[DisagreementPair]) -> Table:
    return Table(
        key="disagreements",
        title="Near-identical comments decided both ways",
        columns=[
            "Similarity",
            "Hidden or removed: comment",
            "By",
            "Kept: comment",
            "By",
        ],
        rows=[
            [
                p.similarity,
                p.taken_down["comment_id"],
                p.taken_down["moderator"],
                p.kept["comment_id"],
                p.kept["moderator"],
            ]
            for p in pairs
        ],
    )

"""The random sample of decisions supervisors review (flow 4), drawn when a decision is made.

Each draw takes a fresh seed from the operating system (`secrets`), and the draw is the first
number of Python's Mersenne Twister seeded with it. The seed, the draw and the rate in force
are stored on the decision, so anyone can check why a decision was or was not sampled:

    random.Random(decision.review_sample_seed).random() == decision.review_sample_draw
    sampled == (decision.review_sample_draw < decision.review_sample_rate)

Nobody can steer a decision into or out of the sample (an id-based rule such as `id % 10` can be
predicted, and gamed by whoever sees the next id), and the record shows the draw was fair.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass

from django.conf import settings

# Seeds fit a signed 64-bit column (PostgreSQL bigint).
SEED_BITS = 63


@dataclass(frozen=True)
class SampleDraw:
    seed: int
    draw: float
    rate: float

    @property
    def sampled(self) -> bool:
        return self.draw < self.rate


def review_sample_rate() -> float:
    """The share of decisions drawn for review (settings.REVIEW_SAMPLE_RATE, 0.10 = 10%)."""
    return float(settings.REVIEW_SAMPLE_RATE)


def draw_from_seed(seed: int) -> float:
    """The draw a seed gives: the one function both drawing and checking use."""
    return random.Random(seed).random()  # noqa: S311 - a reproducible draw, not a secret


def review_sample_draw(*, rate: float | None = None) -> SampleDraw:
    """A new draw with a fresh unpredictable seed, at `rate` (default: the configured rate)."""
    seed = secrets.randbits(SEED_BITS)
    return SampleDraw(
        seed=seed,
        draw=draw_from_seed(seed),
        rate=review_sample_rate() if rate is None else rate,
    )


def sample_draw_reproduces(*, seed: int | None, draw: float | None) -> bool | None:
    """Whether a recorded draw is the one its seed gives (None: nothing was drawn)."""
    if seed is None or draw is None:
        return None
    return draw_from_seed(seed) == draw

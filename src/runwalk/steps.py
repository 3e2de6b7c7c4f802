"""The step list: the one representation between workout files and every writer.

Immutable and in SI units: seconds, metres, metres per second, beats per minute.
Loaders and importers produce it; writers only read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

# Step kinds and how a watch should treat them.
KINDS = ("warmup", "run", "walk", "recover", "cooldown", "rest")
KIND_LABELS = {"warmup": "Warm up", "run": "Run", "walk": "Walk", "recover": "Recover",
               "cooldown": "Cool down", "rest": "Rest"}


@dataclass(frozen=True)
class Time:
    seconds: float


@dataclass(frozen=True)
class Distance:
    metres: float


@dataclass(frozen=True)
class Lap:
    """Open: the step ends when the runner presses lap."""


@dataclass(frozen=True)
class OtherDuration:
    """A duration only a foreign file uses (calories, heart rate...), kept as text."""

    text: str


Duration = Union[Time, Distance, Lap, OtherDuration]


@dataclass(frozen=True)
class NoTarget:
    pass


@dataclass(frozen=True)
class Speed:
    """A pace window: ``low`` is the slower bound (m/s), ``high`` the faster."""

    low: float
    high: float
    label: str | None = None  # the named pace it came from, e.g. "marathon"
    ceiling: bool = False  # only "no faster than high" matters; low is just slow walking


@dataclass(frozen=True)
class HeartRate:
    low: int
    high: int


@dataclass(frozen=True)
class HeartRateZone:
    zone: int
    low: int | None = None  # bpm from the profile's max heart rate, when known
    high: int | None = None


@dataclass(frozen=True)
class OtherTarget:
    """A target only a foreign file uses (power, cadence...), kept as text."""

    text: str


Target = Union[NoTarget, Speed, HeartRate, HeartRateZone, OtherTarget]


@dataclass(frozen=True)
class Step:
    kind: str
    duration: Duration
    target: Target = NoTarget()
    name: str | None = None
    # The speed the runner is expected to hold (m/s), to turn time into distance
    # and back; None when unknown (foreign files).
    expected_speed: float | None = None
    line: int | None = None

    @property
    def label(self) -> str:
        return self.name or KIND_LABELS.get(self.kind, self.kind.title())


@dataclass(frozen=True)
class Repeat:
    count: int
    steps: tuple
    until: str | None = None  # foreign repeat kinds ("HR > 80 bpm") instead of a count
    line: int | None = None


Item = Union[Step, Repeat]


@dataclass(frozen=True)
class Workout:
    name: str
    steps: tuple
    notes: str = ""
    sport: str = "running"
    short_name: str | None = None
    units: str = "mi"
    source: str | None = None
    warnings: tuple = field(default=())

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


def leaf_steps(items) -> list:
    """Every Step in order of the list as written (repeats not unrolled)."""
    out = []
    for item in items:
        if isinstance(item, Repeat):
            out.extend(leaf_steps(item.steps))
        else:
            out.append(item)
    return out


def flat_count(items) -> int:
    """How many FIT step messages the list needs: each step and each repeat once."""
    return sum(flat_count(i.steps) + 1 if isinstance(i, Repeat) else 1 for i in items)


def has_nested_repeat(items, depth: int = 0) -> bool:
    return any(isinstance(i, Repeat) and (depth >= 1 or has_nested_repeat(i.steps, depth + 1))
               for i in items)


def step_seconds(step: Step) -> float | None:
    d = step.duration
    if isinstance(d, Time):
        return d.seconds
    if isinstance(d, Distance) and step.expected_speed:
        return d.metres / step.expected_speed
    return None


def step_metres(step: Step) -> float | None:
    d = step.duration
    if isinstance(d, Distance):
        return d.metres
    if isinstance(d, Time) and step.expected_speed:
        return d.seconds * step.expected_speed
    return None


def totals(items) -> tuple:
    """(seconds, metres) over the whole list, repeats unrolled; None where unknown."""
    seconds, metres = 0.0, 0.0
    for item in items:
        if isinstance(item, Repeat):
            s, m = totals(item.steps)
            n = item.count if item.until is None else None
            seconds = None if seconds is None or s is None or n is None else seconds + s * n
            metres = None if metres is None or m is None or n is None else metres + m * n
        else:
            s, m = step_seconds(item), step_metres(item)
            seconds = None if seconds is None or s is None else seconds + s
            metres = None if metres is None or m is None else metres + m
    return seconds, metres


def unnest(items) -> tuple:
    """(items, changed): repeats inside repeats written out, for formats without nesting."""
    changed = False
    out = []
    for item in items:
        if isinstance(item, Repeat):
            body = []
            for inner in item.steps:
                if isinstance(inner, Repeat):
                    flat, _ = unnest(inner.steps)
                    body.extend(list(flat) * inner.count)
                    changed = True
                else:
                    body.append(inner)
            out.append(Repeat(item.count, tuple(body), item.until, item.line))
        else:
            out.append(item)
    return tuple(out), changed

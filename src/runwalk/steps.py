"""The step list: the one representation between workout files and every writer.

Immutable and in SI units: seconds, metres, metres per second, beats per minute.
Loaders and importers produce it; writers only read it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Union

from .errors import RunwalkError
from .limits import (MAX_DEPTH, MAX_REPEAT, MAX_STEP_METRES, MAX_STEP_SECONDS,
                     MAX_UNROLLED_STEPS, MAX_WORKOUT_SECONDS)

# Step kinds and how a watch should treat them.
KINDS = ("warmup", "run", "walk", "recover", "cooldown", "rest")
KIND_LABELS = {"warmup": "Warm up", "run": "Run", "walk": "Walk", "recover": "Recover",
               "cooldown": "Cool down", "rest": "Rest"}

_KIND_WORDS = {"warmup": "warmup", "warm up": "warmup", "warm-up": "warmup", "run": "run",
               "walk": "walk", "recover": "recover", "recovery": "recover", "cooldown": "cooldown",
               "cool down": "cooldown", "cool-down": "cooldown", "rest": "rest"}


def kind_by_name(name: str | None, default: str | None) -> str | None:
    """The step kind a step's name says: the longest run of its first words that names
    one (``Warm Up`` and ``Walk down`` -> warmup and walk), else ``default``."""
    words = (name or "").lower().split()
    for end in range(min(len(words), 2), 0, -1):
        kind = _KIND_WORDS.get(" ".join(words[:end]))
        if kind:
            return kind
    return default


# What a step may ask for: the range a person runs or walks in, and a watch can time.
MIN_SECONDS = 1.0
MIN_METRES = 1.0
MAX_SPEED = 12.5  # m/s, 1:20/km: faster than anyone has run
HR_RANGE = (30, 240)  # bpm
HR_FLOOR = HR_RANGE[0]  # the low end of a heart-rate ceiling: no living runner goes under it
# A pace ceiling's slow end where a format needs one: 45:00/mi, slower than anyone walks
CEILING_OPEN_END = 1609.344 / (45 * 60)

# Characters no output format carries: control characters, line and paragraph
# separators, surrogates and the Unicode non-characters (U+FFFE, U+FFFF, U+FDD0...).
_NONCHARACTERS = "".join(chr(p + d) for p in range(0, 0x110000, 0x10000) for d in (0xFFFE, 0xFFFF))
_BAD_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufdd0-\ufdef"
                           + re.escape(_NONCHARACTERS) + "]")
_BAD_MULTILINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff"
                            "\ufdd0-\ufdef" + re.escape(_NONCHARACTERS) + "]")


def bad_character(text: str, multiline: bool = False) -> str | None:
    """The first character of ``text`` no format can carry (newlines only in one-line
    text), else None."""
    found = (_BAD_MULTILINE if multiline else _BAD_ONE_LINE).search(text)
    return found.group() if found else None


def clean_text(text: str, multiline: bool = False) -> str:
    """``text`` without the characters no format carries (for text read from foreign files)."""
    if multiline:
        return _BAD_MULTILINE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return " ".join(_BAD_ONE_LINE.sub(" ", text).split())


def _invalid(message: str, line: int | None = None):
    raise RunwalkError(message, line=line)


@dataclass(frozen=True)
class Time:
    seconds: float

    def __post_init__(self):
        if not MIN_SECONDS <= self.seconds <= MAX_STEP_SECONDS:  # NaN fails both
            _invalid(f"a step lasts from {MIN_SECONDS:g} s to {MAX_STEP_SECONDS // 3600} hours, "
                     f"not {self.seconds:g} s")


@dataclass(frozen=True)
class Distance:
    metres: float
    unit: str | None = field(default=None, compare=False)  # as written (m, km, mi), for text

    def __post_init__(self):
        if not MIN_METRES <= self.metres <= MAX_STEP_METRES:
            _invalid(f"a step covers from {MIN_METRES:g} m to {MAX_STEP_METRES // 1000} km, "
                     f"not {self.metres:g} m")


@dataclass(frozen=True)
class Lap:
    """Open: the step ends when the runner presses lap."""


@dataclass(frozen=True)
class OtherDuration:
    """A duration only a foreign file uses (calories, heart rate...), kept as text: one
    line, without the characters no file carries (it came from a stranger's file)."""

    text: str

    def __post_init__(self):
        object.__setattr__(self, "text", clean_text(str(self.text)))


Duration = Union[Time, Distance, Lap, OtherDuration]


@dataclass(frozen=True)
class NoTarget:
    pass


@dataclass(frozen=True)
class Speed:
    """A pace window: ``low`` is the slower bound (m/s), ``high`` the faster.

    A ceiling ("no faster than") has only a faster bound: ``low`` is 0.
    """

    low: float
    high: float
    label: str | None = None  # the named pace it came from, e.g. "marathon"
    ceiling: bool = False

    def __post_init__(self):
        if self.ceiling:
            if self.low != 0 or not 0 < self.high <= MAX_SPEED:
                _invalid(f"a pace ceiling needs a pace slower than {MAX_SPEED} m/s")
        elif not 0 < self.low <= self.high <= MAX_SPEED:
            _invalid(f"a pace window goes from a slower to a faster pace, both above 0 and "
                     f"slower than 1:20/km (got {self.low:.3f}-{self.high:.3f} m/s)")

    @classmethod
    def around(cls, speed: float, window: float, label: str | None = None) -> "Speed":
        """A single pace with ``window`` seconds per km either side (never faster than
        the fastest speed a step may ask for)."""
        per_km = 1000.0 / speed
        return cls(1000.0 / (per_km + window),
                   min(1000.0 / max(per_km - window, 1e-9), MAX_SPEED), label)

    @classmethod
    def from_ends(cls, one: float, other: float, tolerance: float = 0.001) -> "Speed":
        """A window from its two ends in either order; a slow end at the open one
        (``CEILING_OPEN_END``) makes it a ceiling."""
        slow, fast = sorted((one, other))
        if abs(slow - CEILING_OPEN_END) < tolerance:
            return cls(0.0, fast, ceiling=True)
        return cls(slow, fast)

    @property
    def slow_end(self) -> float:
        """The slower end, or for a ceiling the open one (for formats that need two)."""
        return CEILING_OPEN_END if self.ceiling else self.low

    @property
    def middle(self) -> float:
        """The speed runwalk aims at: the middle of the window in pace terms (a ceiling's
        only end)."""
        return self.high if self.ceiling else 2.0 / (1.0 / self.low + 1.0 / self.high)


@dataclass(frozen=True)
class HeartRate:
    """A heart-rate range in bpm; a ceiling ("no more than") has ``low`` at HR_FLOOR."""

    low: int
    high: int
    ceiling: bool = False
    label: str | None = None  # the zone a ceiling came from, e.g. "z2"

    def __post_init__(self):
        low, high = HR_RANGE
        if not low <= self.low <= self.high <= high:
            _invalid(f"a heart-rate range goes low-high within {low}-{high} bpm, "
                     f"not {self.low}-{self.high}")
        if self.ceiling and self.low != HR_FLOOR:
            _invalid("a heart-rate ceiling has no low end")


@dataclass(frozen=True)
class HeartRateZone:
    zone: int
    low: int | None = None  # bpm from the profile's max heart rate, when known
    high: int | None = None

    def __post_init__(self):
        if not 1 <= self.zone <= 5:
            _invalid(f"heart-rate zones are 1 to 5, not {self.zone}")


@dataclass(frozen=True)
class OtherTarget:
    """A target only a foreign file uses (power, cadence...), kept as text: one line,
    without the characters no file carries (it came from a stranger's file)."""

    text: str

    def __post_init__(self):
        object.__setattr__(self, "text", clean_text(str(self.text)))


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
    notes: str | None = None

    def __post_init__(self):
        if self.kind not in KINDS:
            _invalid(f"unknown step kind '{self.kind}'; steps are {', '.join(KINDS)}", self.line)
        if not isinstance(self.duration, (Time, Distance, Lap, OtherDuration)):
            _invalid(f"not a duration: {self.duration!r}", self.line)
        if not isinstance(self.target, (NoTarget, Speed, HeartRate, HeartRateZone, OtherTarget)):
            _invalid(f"not a target: {self.target!r}", self.line)
        for what, text, multiline in (("step name", self.name, False),
                                      ("step notes", self.notes, True)):
            if text is not None and bad_character(text, multiline) is not None:
                _invalid(f"{what} {text!r} has a character no watch file can carry "
                         f"({bad_character(text, multiline)!r})", self.line)
        if self.expected_speed is not None and not 0 <= self.expected_speed <= MAX_SPEED:
            _invalid(f"expected speed {self.expected_speed} m/s is not a running speed", self.line)

    @property
    def label(self) -> str:
        return self.name or KIND_LABELS.get(self.kind, self.kind.title())


@dataclass(frozen=True)
class Repeat:
    count: int
    steps: tuple
    until: str | None = None  # foreign repeat kinds ("HR > 80 bpm") instead of a count
    line: int | None = None

    def __post_init__(self):
        if self.until is not None:
            object.__setattr__(self, "until", clean_text(str(self.until)))
        if not self.steps:
            _invalid("a repeat needs at least one step", self.line)
        if not isinstance(self.count, int) or not 1 <= self.count <= MAX_REPEAT:
            _invalid(f"a repeat runs from 1 to {MAX_REPEAT} times, not {self.count!r} times "
                     "(more are consecutive repeats)", self.line)
        for item in self.steps:
            if not isinstance(item, (Step, Repeat)):
                _invalid(f"not a step: {item!r}", self.line)


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
    identity: str | None = None  # what makes it the same workout across builds
    date: object = None  # the day a plan puts it on (datetime.date), when it has one
    derived: tuple = field(default=())  # how targets were worked out, for show and check
    indoor: bool = False  # on a treadmill

    def __post_init__(self):
        if not self.steps:
            _invalid("a workout needs at least one step")
        for what, text, multiline in (("name", self.name, False),
                                      ("short_name", self.short_name, False),
                                      ("notes", self.notes, True)):
            if text is None:
                continue
            if not isinstance(text, str):
                _invalid(f"{what} must be text")
            if bad_character(text, multiline) is not None:
                _invalid(f"{what} {text!r} has a character no watch file can carry "
                         f"({bad_character(text, multiline)!r})")
        if not self.name.strip():
            _invalid("a workout needs a name")
        # what any watch can run: the loader says these first, with its own lines
        if depth(self.steps) > MAX_DEPTH:
            _invalid(f"repeats nest more than {MAX_DEPTH} deep")
        count = unrolled_count(self.steps)
        if count > MAX_UNROLLED_STEPS:
            _invalid(f"the workout runs {count:,} steps once its repeats are written out; at "
                     f"most {MAX_UNROLLED_STEPS:,} fit any format")
        seconds = totals(self.steps)[0]
        if seconds is not None and seconds > MAX_WORKOUT_SECONDS:
            _invalid(f"the workout lasts more than {MAX_WORKOUT_SECONDS // 3600} hours")

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


def repeats(count: int, steps: tuple, line: int | None = None, once: bool = False) -> list:
    """``count`` times ``steps`` as items a watch runs: repeats of at most 99, one after
    another (a single run of the steps is just the steps, or a repeat of 1 with ``once``,
    as a file that says so reads)."""
    if count == 1 and once:
        return [Repeat(count=1, steps=tuple(steps), line=line)]
    if not 1 <= count <= MAX_UNROLLED_STEPS:  # no watch runs more: refuse before making them
        _invalid(f"a repeat of {count:,} times is more than any watch runs "
                 f"({MAX_UNROLLED_STEPS:,} steps)", line)
    blocks = [MAX_REPEAT] * (count // MAX_REPEAT) + ([count % MAX_REPEAT] if count % MAX_REPEAT else [])
    out: list = []
    for block in blocks:
        out += list(steps) if block == 1 else [Repeat(count=block, steps=tuple(steps), line=line)]
    return out


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


def step_speed(step: Step) -> float:
    """The speed a step is run at: the middle of its pace window, else its expected speed."""
    t = step.target
    if isinstance(t, Speed) and not t.ceiling:
        return t.middle
    return step.expected_speed or 0.0


def ramp_start(step: Step, walk_speed: float | None, fraction: float = 0.8) -> float:
    """Where a warm-up ramps up from (and a cool-down down to): ``fraction`` of the step's
    speed, never slower than a brisk walk (the profile's walk pace)."""
    speed = step_speed(step)
    return max(speed * fraction, min(walk_speed or 0.0, speed))


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


def unrolled(items) -> list:
    """Every step in the order it is run: repeats written out at every depth."""
    out = []
    for item in items:
        if isinstance(item, Repeat):
            out.extend(unrolled(item.steps) * (item.count if item.until is None else 1))
        else:
            out.append(item)
    return out


def unrolled_count(items) -> int:
    """How many steps ``unrolled`` would give, without writing them out."""
    return sum(unrolled_count(i.steps) * (i.count if i.until is None else 1)
               if isinstance(i, Repeat) else 1 for i in items)


def depth(items) -> int:
    """How deep repeats nest: 0 for plain steps, 1 for repeats of steps, ..."""
    return max((1 + depth(i.steps) for i in items if isinstance(i, Repeat)), default=0)


def unnest(items) -> tuple:
    """(items, changed): repeats inside repeats written out (at any depth), for formats
    without nesting; top-level repeats stay."""
    changed = False
    out = []
    for item in items:
        if isinstance(item, Repeat) and depth(item.steps):
            changed = True
            out.append(Repeat(item.count, tuple(unrolled(item.steps)), item.until, item.line))
        else:
            out.append(item)
    return tuple(out), changed

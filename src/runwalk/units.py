"""Units at the edges: parsing and printing times, distances and paces.

Inside runwalk everything is seconds, metres and metres per second; the
runner's spellings (``1:30``, ``400m``, ``8:30/mi``) exist only here.
"""

from __future__ import annotations

import re

METRES_PER = {"m": 1.0, "km": 1000.0, "mi": 1609.344}

# Race distances a runner names instead of measuring.
NAMED_DISTANCES = {
    "mile": 1609.344,
    "5k": 5000.0,
    "10k": 10000.0,
    "10mi": 16093.44,
    "half": 21097.5,
    "marathon": 42195.0,
}

_CLOCK = re.compile(r"^(?:(\d+):)?(\d+):(\d{2}(?:\.\d+)?)$")
_HOURS = re.compile(r"^(\d+)h(?:(\d{1,2})(?:min|m)?)?$")
_UNIT_TIME = re.compile(r"^(\d+(?:\.\d+)?)\s*(s|sec|secs|seconds?|min|mins|minutes?|h|hr|hrs|hours?)$")
_DISTANCE = re.compile(r"^(\d+(?:\.\d+)?)\s*(m|km|mi)$")
# 8:30/mi, and the spellings people write: 8:30/mile, 8:30 min/mi, 5:10 min/km, 5:10/kms
_PACE_UNIT = re.compile(r"^(.*?)\s*(?:min(?:s|utes?)?)?\s*/\s*(km|mi)(?:les?|s)?$")

_SECONDS_PER = {"s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1,
                "min": 60, "mins": 60, "minute": 60, "minutes": 60,
                "h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600}


def parse_clock(text: str) -> float | None:
    """``1:30`` -> 90, ``1:05:00`` -> 3900; None when it is not a clock time."""
    m = _CLOCK.match(text.strip())
    if not m:
        return None
    hours, minutes, seconds = m.groups()
    if float(seconds) >= 60 or (hours is not None and int(minutes) >= 60):
        return None
    value = int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds)
    return int(value) if value == int(value) else value


def parse_time(text: str) -> float | None:
    """A duration in seconds from ``90s``, ``5min``, ``1:30``, ``1h05``; None if not a time."""
    text = text.strip().lower()
    clock = parse_clock(text)
    if clock is not None:
        return float(clock)
    m = _HOURS.match(text)
    if m:
        return int(m.group(1)) * 3600.0 + int(m.group(2) or 0) * 60.0
    m = _UNIT_TIME.match(text)
    if m:
        return float(m.group(1)) * _SECONDS_PER[m.group(2)]
    return None


def distance_unit(text: str) -> str | None:
    """The unit a distance was written in (``m``, ``km``, ``mi``); None for race names."""
    m = _DISTANCE.match(text.strip().lower())
    return m.group(2) if m else None


def parse_distance(text: str) -> float | None:
    """A distance in metres from ``400m``, ``2km``, ``1mi`` or a race name; None if not one."""
    text = text.strip().lower()
    if text in NAMED_DISTANCES:
        return NAMED_DISTANCES[text]
    m = _DISTANCE.match(text)
    if m:
        return float(m.group(1)) * METRES_PER[m.group(2)]
    return None


def split_pace_unit(text: str) -> tuple[str, str] | None:
    """``5:10-5:25/km`` -> (``5:10-5:25``, ``km``); None without a /km or /mi unit."""
    m = _PACE_UNIT.match(text.strip().lower())
    return (m.group(1), m.group(2)) if m else None


def pace_to_speed(seconds_per_unit: float, unit: str) -> float:
    return METRES_PER[unit] / seconds_per_unit


def speed_to_pace(speed: float, unit: str) -> float:
    """Seconds per km or mile at ``speed`` m/s."""
    return METRES_PER[unit] / speed


def format_clock(seconds: float) -> str:
    """90 -> ``1:30``; 3900 -> ``1:05:00``."""
    total = int(round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def exact_pace(speed: float, unit: str, resolution: float = 0.001) -> str:
    """The pace of ``speed`` per unit, with the fewest decimals of a second that read back
    as the same speed to ``resolution`` m/s (a watch keeps mm/s): ``9:07.4``."""
    seconds = METRES_PER[unit] / speed
    for decimals in range(0, 6):
        text = _clock_decimals(seconds, decimals)
        back = METRES_PER[unit] / parse_clock(text)
        if round(back / resolution) == round(speed / resolution):
            return text
    return _clock_decimals(seconds, 6)


def _clock_decimals(seconds: float, decimals: int) -> str:
    scale = 10 ** decimals
    total = round(seconds * scale)
    whole, fraction = divmod(total, scale)
    minutes, secs = divmod(whole, 60)
    hours, minutes = divmod(minutes, 60)
    text = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
    return text + (f".{fraction:0{decimals}d}".rstrip("0").rstrip(".") if decimals else "")


def format_pace(speed: float, unit: str, suffix: bool = True) -> str:
    """3.156 m/s -> ``8:30/mi``."""
    text = format_clock(speed_to_pace(speed, unit))
    return f"{text}/{unit}" if suffix else text


def format_distance(metres: float, unit: str) -> str:
    """Metres in the runner's units: ``400m``, ``2.5km``, ``0.25mi``."""
    # Track distances (400m, 800m) read best in metres whatever the units.
    if metres < 1000 and abs(metres - round(metres)) < 0.05:
        return f"{round(metres):d}m"
    if unit == "mi":
        return f"{round(metres / 1609.344, 2):g}mi"
    return f"{round(metres / 1000, 2):g}km"


def parse_pace(text: str) -> tuple[float, float]:
    """``8:30/mi`` or ``5:10-5:25/km`` -> (slower, faster) speeds in m/s.

    Raises ValueError with a runner-readable reason.
    """
    parts = split_pace_unit(text)
    if not parts:
        raise ValueError(f"'{text}' is not a pace: write it with its unit, like 8:30/mi or 5:10-5:25/km")
    body, unit = parts
    bounds = [b.strip() for b in body.split("-")]
    if len(bounds) > 2:
        raise ValueError(f"'{text}' is not a pace range: write fast-slow, like 5:10-5:25/km")
    seconds = []
    for bound in bounds:
        value = parse_clock(bound)
        if value is None or value <= 0:
            raise ValueError(f"'{bound}' in '{text}' is not a pace: write minutes:seconds, like 8:30")
        seconds.append(value)
    per_mile = [s * METRES_PER["mi"] / METRES_PER[unit] for s in seconds]
    if any(p < 179.5 or p > 3600.5 for p in per_mile):
        raise ValueError(f"'{text}' is not a pace a person runs or walks "
                         "(between 3:00/mi and 60:00/mi)")
    if len(seconds) == 2 and seconds[0] > seconds[1]:
        raise ValueError(f"pace range '{text}' is upside down: "
                         f"write the faster pace first, like {bounds[1]}-{bounds[0]}/{unit}")
    return pace_to_speed(seconds[-1], unit), pace_to_speed(seconds[0], unit)

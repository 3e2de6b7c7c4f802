"""Pace rules as data: magic-mile factors, derived training paces, heart-rate zones.

Sources: Galloway's magic mile factors and training-pace rules, Riegel's formula
for distances the factors lack, Tanaka's max heart rate (see the README).
All paces are seconds per mile here; the profile turns them into speeds.
"""

from __future__ import annotations

from .units import NAMED_DISTANCES

MILE = 1609.344

# Race pace per mile from the magic mile pace M: (multiplier, seconds added).
MAGIC_MILE_FACTORS = {
    "mile": (1.0, 0.0),
    "5k": (1.0, 33.0),
    "10k": (1.15, 0.0),
    "10mi": (1.175, 0.0),
    "half": (1.2, 0.0),
    "marathon": (1.3, 0.0),
}

RIEGEL_EXPONENT = 1.06

# Training paces from race paces, seconds per mile: name -> (base pace, slow end, fast end)
# as offsets added to the base; a range when the two differ.
TRAINING_PACES = {
    "long": ("marathon", 120.0, 120.0),
    "easy": ("marathon", 90.0, 60.0),
    "recovery": ("half", 120.0, 120.0),
    "mile_repeats": ("goal", -30.0, -30.0),
}
WALK_PACE = (20 * 60.0, 15 * 60.0)  # slow end, fast end, per mile: the default walk band
WALK_GAP = 60.0  # a derived walk band starts this much slower than the slowest run pace
RECOVERY_NO_FASTER_THAN = ("long", "easy")  # source [004]: slower still than these

HR_ZONES = {1: (0.50, 0.60), 2: (0.60, 0.70), 3: (0.70, 0.80), 4: (0.80, 0.90), 5: (0.90, 1.00)}


def tanaka_max_hr(age: float) -> int:
    return round(208 - 0.7 * age)


def hr_zone(max_hr: int, zone: int) -> tuple:
    low, high = HR_ZONES[zone]
    return round(max_hr * low), round(max_hr * high)


def magic_mile_from_race(metres: float, seconds: float) -> float:
    """The magic mile pace (s/mi) a race result implies: its distance's factor inverted.

    A race at a distance without a factor is first carried by Riegel's formula to the
    nearest distance that has one (nearest by ratio), so that the paces derived from it
    keep the order of distances (a 15K never predicts a 10K slower than itself).
    """
    import math

    name = min(MAGIC_MILE_FACTORS, key=lambda n: abs(math.log(NAMED_DISTANCES[n] / metres)))
    target = NAMED_DISTANCES[name]
    if abs(target - metres) >= 1.0:
        seconds = seconds * (target / metres) ** RIEGEL_EXPONENT
    factor, add = MAGIC_MILE_FACTORS[name]
    return (seconds / (target / MILE) - add) / factor


def derive_paces(magic_mile: float, goal: float | None = None) -> dict:
    """Race and training paces as (slow, fast) seconds per mile from a magic mile pace
    (recovery before ``ordered``; walk comes from ``walk_band``)."""
    paces = {name: (magic_mile * f + add,) * 2 for name, (f, add) in MAGIC_MILE_FACTORS.items()}
    paces["goal"] = (goal,) * 2 if goal else paces["marathon"]
    for name, (base, slow, fast) in TRAINING_PACES.items():
        b = paces[base][0]
        paces[name] = (b + slow, b + fast)
    return paces


def slower_recovery(paces: dict) -> tuple:
    """(recovery pace, why): half + 2:00/mi, but never faster than the long-run pace nor
    the slow end of the easy pace."""
    recovery = paces["recovery"]
    slowest = max([recovery[0]] + [paces[n][0] for n in RECOVERY_NO_FASTER_THAN if n in paces])
    if slowest <= recovery[0]:
        return recovery, "half marathon + 2:00/mi"
    which = next(n for n in RECOVERY_NO_FASTER_THAN if n in paces and paces[n][0] == slowest)
    return (slowest, slowest), f"as slow as {which} (half marathon + 2:00/mi would be faster)"


def walk_band(paces: dict) -> tuple:
    """((slow, fast) per mile, why): the walk band starts 1:00/mi slower than the slowest
    run pace (easy, long, recovery), and no faster than 15:00/mi; it is 5:00/mi wide."""
    band = WALK_PACE[0] - WALK_PACE[1]
    runs = {n: paces[n][0] for n in ("easy", "long", "recovery") if n in paces}
    if not runs:
        return WALK_PACE, "the usual walking band"
    name = max(runs, key=runs.get)
    fast = max(WALK_PACE[1], runs[name] + WALK_GAP)
    why = (f"from 1:00/mi slower than {name} ({_clock(runs[name])}/mi)" if fast > WALK_PACE[1]
           else f"the usual band, all slower than {name} ({_clock(runs[name])}/mi)")
    return (fast + band, fast), why


def _clock(seconds: float) -> str:
    from .units import format_clock
    return format_clock(seconds)


# Galloway's run/walk chart by overall pace per mile: (slowest pace of the row in s/mi,
# run s, walk s). Lookup: the first row whose bound is at or above the pace.
GALLOWAY_CHART = (
    (7 * 60, 360, 30),
    (7 * 60 + 30, 300, 30),
    (8 * 60, 240, 30),
    (8 * 60 + 30, 180, 30),
    (9 * 60, 120, 30),
    (10 * 60 + 45, 90, 30),
    (12 * 60 + 15, 60, 30),
    (14 * 60 + 30, 30, 30),
    (15 * 60 + 45, 15, 30),
    (17 * 60, 10, 30),
    (18 * 60 + 30, 8, 30),
    (20 * 60, 5, 30),
)


def galloway_ratio(pace_per_mile: float) -> tuple | None:
    """(run s, walk s) for an overall pace per mile; None when slower than the chart (walk)."""
    for bound, run, walk in GALLOWAY_CHART:
        if pace_per_mile <= bound + 1e-9:
            return run, walk
    return None


def run_walk_average(run_s: float, walk_s: float, run_speed: float, walk_speed: float) -> float:
    """Average speed (m/s) of a run/walk cycle: by distance covered, not by time."""
    return (run_s * run_speed + walk_s * walk_speed) / (run_s + walk_s)


def run_walk_run_speed(run_s: float, walk_s: float, average: float, walk_speed: float) -> float:
    """The run speed (m/s) at which a run/walk cycle averages ``average`` (by distance)."""
    return (average * (run_s + walk_s) - walk_s * walk_speed) / run_s

"""Pace rules as data: magic-mile factors, derived training paces, heart-rate zones.

Sources: Galloway's magic mile factors and training-pace rules, Riegel's formula
for distances the factors lack, Tanaka's max heart rate (see the README).
All paces are seconds per mile here; the profile turns them into speeds.
"""

from __future__ import annotations

from dataclasses import dataclass

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
# Walking, per mile: the brisk walk [002] is the fastest walk runwalk assumes, and walks are
# "no slower than about a 20-minute mile" [003]; faster than 14:00 is a jog, not a walk.
WALK_FASTEST, WALK_BRISK, WALK_SLOWEST = 14 * 60.0, 15 * 60.0, 20 * 60.0
WALK_GAP = 60.0  # assumed walks are this much slower than the long-run pace (when they can be)
NEAR_WALK = 60.0  # run parts closer than this to the walk pace are run by feel, not alerted
FASTEST_HUMAN = 3 * 60 + 40.0  # a run pace faster than this per mile is taken for a typo
LONG_RUN_RATIO = (30, 30)  # Galloway's long run [003]: what ``paces`` shows for long runs
# The run parts of a run/walk that averages a race pace are never faster than a shorter
# race: marathon (and goal) runs no faster than 10-mile race pace, a half's no faster than
# 10K pace, long runs no faster than race day's run parts ("race_run").
SUSTAINABLE = {"marathon": "10mi", "goal": "10mi", "half": "10k", "long": "race_run"}
RECOVERY_NO_FASTER_THAN = ("easy",)  # source [004]: slower still than easy runs (and long-run runs)

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


def assumed_walk(per_mile: dict, units: str = "mi") -> tuple:
    """(walk pace s/mi, why): a brisk walk (15:00/mi), slower for runners whose long-run
    pace comes near it (1:00/mi slower than the long-run pace), never slower than 20:00."""
    long = per_mile.get("long", (None,))[0]
    if long is None or long + WALK_GAP <= WALK_BRISK:
        return WALK_BRISK, "a brisk walk"
    walk = min(long + WALK_GAP, WALK_SLOWEST)
    if walk == WALK_SLOWEST:
        return walk, "the slowest walk that is still a walk (20:00/mi)"
    return walk, f"1:00/mi slower than long runs ({_pace(long, units)})"


def run_part_pace(run_s: float, walk_s: float, average: float, walk: float) -> float | None:
    """The run-part pace (s/mi) at which run and walk together average ``average`` (by
    distance), with walks at ``walk``; None when no run pace can (average not faster than
    the walks)."""
    miles = (run_s + walk_s) / average - walk_s / walk
    return run_s / miles if miles > 1e-12 else None


def overall_pace(run_s: float, walk_s: float, run: float, walk: float) -> float:
    """The pace of run and walk together (s/mi): total time over total distance."""
    return (run_s + walk_s) / (run_s / run + walk_s / walk)


@dataclass(frozen=True)
class RunWalk:
    """A run/walk that averages a pace: the ratio, the run-part pace the watch asks for
    (None: run by feel, no alert), and how it came about. Paces in s/mi."""

    run_s: float
    walk_s: float
    run: float | None
    walk: float
    overall: float
    asked: float | None  # the run pace the average alone would need
    chart: tuple | None = None  # the chart's own row, when ``ratio: auto`` moved from it
    held: bool = False  # run parts held at ``cap``: the whole is slower than asked
    by_feel: str | None = None  # why the run parts carry no pace alert


def run_walk(average: float, walk: float, cap: float, ratio: tuple | None = None,
             units: str = "mi") -> RunWalk:
    """Run and walk that average ``average`` (s/mi) with walks at ``walk``, run parts no
    faster than ``cap``.

    ``ratio`` None takes it from Galloway's chart (auto): the row for the average, or
    the nearest row with more running whose run parts are no faster than ``cap``. Run
    parts the average would need faster than ``cap`` are held at it (the whole then
    averages slower, never faster). When the run parts come within 1:00/mi of the walk
    (or no run pace can reach the average), they carry no alert: the safe session.
    """
    rows = [(run, walk_) for _, run, walk_ in GALLOWAY_CHART]
    chart = None
    if ratio is None:
        found = galloway_ratio(round(average))  # looked up as printed
        at = rows.index(found) if found else len(rows) - 1
        chart = rows[at]
        ratio = rows[0]
        for candidate in reversed(rows[:at + 1]):
            pace = run_part_pace(*candidate, average, walk)
            if pace is not None and pace >= cap - 1e-6:
                ratio = candidate
                break
    run_s, walk_s = ratio
    asked = run_part_pace(run_s, walk_s, average, walk)
    run, held = asked, False
    if run is not None and run < cap:
        run, held = cap, True
    if run is None or run > walk - NEAR_WALK:
        own = chart or ratio
        why = (f"{_pace(average, units)} overall is no faster than walking at {_pace(walk, units)}"
               if run is None or run >= walk else
               f"its run parts ({_pace(run, units)}) would be within 1:00/mi of walking at "
               f"{_pace(walk, units)}")
        return RunWalk(*own, None, walk, average, asked, chart, False, why)
    return RunWalk(run_s, walk_s, run, walk, overall_pace(run_s, walk_s, run, walk), asked,
                   chart if chart != ratio else None, held)


def run_walk_model(per_mile: dict, walk: float, units: str = "mi") -> dict:
    """What the watch asks of this runner on race day (and the weekly rehearsal) and on a
    0:30/0:30 long run: name -> RunWalk, from the derived paces."""
    model = {}
    mile = per_mile["mile"][1]
    if "marathon" in per_mile:
        model["race day"] = run_walk(per_mile["marathon"][1], walk,
                                     max(per_mile["10mi"][1], mile, FASTEST_HUMAN), units=units)
    if "long" in per_mile:
        race = model.get("race day")
        cap = race.run if race and race.run else per_mile.get("10mi", (mile,))[1]
        model["long run"] = run_walk(per_mile["long"][1], walk, max(cap, mile, FASTEST_HUMAN),
                                     LONG_RUN_RATIO, units)
    return model


def slower_recovery(per_mile: dict, long_run: RunWalk | None) -> tuple:
    """(recovery pace, why): half + 2:00/mi [004], but never faster than the slow end of
    the easy pace nor a long run's run parts."""
    recovery = per_mile["recovery"][0]
    candidates = [(recovery, "half marathon + 2:00/mi")]
    candidates += [(per_mile[n][0], f"as slow as {n} (half marathon + 2:00/mi would be faster)")
                   for n in RECOVERY_NO_FASTER_THAN if n in per_mile]
    if long_run and long_run.run:
        candidates.append((long_run.run, "as slow as a long run's run parts (half marathon "
                                         "+ 2:00/mi would be faster)"))
    pace, why = max(candidates, key=lambda c: c[0])
    return (pace, pace), why


def _pace(per_mile: float, units: str) -> str:
    """A pace in seconds per mile as the runner reads it: ``17:36/mi`` or ``10:56/km``."""
    from .units import format_pace
    return format_pace(MILE / per_mile, units)


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

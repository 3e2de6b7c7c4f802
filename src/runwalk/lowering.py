"""Lowering a step list to what one format can say: small shared passes, each loss reported.

Each writer declares what its format can say as data (a ``Can`` row: nesting, repeat
counts, the kinds of duration and target it knows, the longest step). ``lower`` runs
the passes below in order, turning whatever the format cannot say into the nearest
thing it can and adding one loss per kind of change to the writer's ``Losses``; the
writer then only prints what is left. A duration or target a format has no entry for
(power, cadence, calories from a foreign file) is a reported loss, never a crash.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from .steps import (Distance, HeartRate, HeartRateZone, Lap, NoTarget, Repeat, Speed, Time, depth, unrolled)

LAP_SECONDS = 300  # a lap step in a format without one: this long, then the next step


@dataclass(frozen=True)
class Can:
    """What a format can say."""

    nesting: bool = True  # repeats inside repeats
    durations: frozenset = frozenset({"time", "distance", "lap"})
    targets: frozenset = frozenset({"speed", "ceiling", "hr", "hr_ceiling", "zone"})
    repeat_min: int = 1
    step_seconds: float | None = None  # the longest step it holds, in s and m
    step_metres: float | None = None
    sports: tuple = ("running", "walking")
    step_name: tuple | None = None  # ("bytes", 15) or ("chars", 15): the longest step name


def duration_kind(duration) -> str:
    return {Time: "time", Distance: "distance", Lap: "lap"}.get(type(duration), "other")


def target_kind(target) -> str:
    if isinstance(target, Speed):
        return "ceiling" if target.ceiling else "speed"
    if isinstance(target, HeartRate):
        return "hr_ceiling" if target.ceiling else "hr"
    return {NoTarget: "none", HeartRateZone: "zone"}.get(type(target), "other")


def cut_utf8(text: str, limit: int) -> str:
    """The longest prefix of ``text`` within ``limit`` UTF-8 bytes, never splitting a character."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", errors="ignore")


def cut_name(text: str, limit: tuple) -> str:
    """``text`` within a format's name limit: ("bytes", n) or ("chars", n), spaces collapsed."""
    unit, size = limit
    if unit == "bytes":
        return cut_utf8(text, size).rstrip()
    return " ".join(text.split())[:size].rstrip()


def lower(workout, can: Can, losses) -> tuple:
    """The workout's items as ``can`` can say them; every change reported to ``losses``."""
    items = _repeats(workout.steps, can, losses)
    items = _steps(items, lambda step: _step(step, can, losses))
    if can.step_name:
        items = _steps(items, lambda step: [_named(step, can.step_name, losses)])
    if not can.nesting and depth(items) > 1:
        losses.add("nested repeats are written out in full", kind="nested repeats written out")
        items = tuple(Repeat(i.count, tuple(unrolled(i.steps)), i.until, i.line)
                      if isinstance(i, Repeat) and depth(i.steps) else i for i in items)
    return tuple(items)


def sport(workout, can: Can, losses) -> str:
    """The workout's sport, or running where the format has no such sport."""
    if workout.sport in can.sports:
        return workout.sport
    losses.add(f"sport '{workout.sport}' written as running", kind="other sports written as running")
    return "running"


def _steps(items, change) -> list:
    """``items`` with ``change(step) -> [steps]`` applied to every step, repeats kept."""
    out = []
    for item in items:
        if isinstance(item, Repeat):
            out.append(dataclasses.replace(item, steps=tuple(_steps(item.steps, change))))
        else:
            out.extend(change(item))
    return out


def _repeats(items, can: Can, losses) -> list:
    """Foreign repeat kinds run once; repeats the format cannot count are written out."""
    out = []
    for item in items:
        if not isinstance(item, Repeat):
            out.append(item)
            continue
        inner = _repeats(item.steps, can, losses)
        if item.until is not None:
            losses.add(f"a repeat until {item.until} is run once", item.steps[0],
                       kind="repeats until a condition run once")
            item = Repeat(1, tuple(inner), line=item.line)
        else:
            item = dataclasses.replace(item, steps=tuple(inner))
        if item.count < can.repeat_min:
            losses.add(f"a repeat of {item.count} is written as its steps", item.steps[0],
                       kind=f"repeats of {item.count} written as their steps")
            out.extend(item.steps)
        else:
            out.append(item)
    return out


def _step(step, can: Can, losses) -> list:
    duration, target = step.duration, step.target
    kind = duration_kind(duration)
    if kind == "other":
        duration = Lap()
        losses.add(f"a duration of '{step.duration.text}' ends on the lap button instead", step,
                   kind="foreign durations end on lap")
        kind = "lap"
    if kind == "distance" and kind not in can.durations:
        if step.expected_speed:
            duration = Time(max(1.0, round(duration.metres / step.expected_speed)))
            losses.add("distance written as the time it takes at the step's pace", step,
                       kind="distance steps written as the time they take")
            kind = "time"
        else:
            duration = Lap()
            losses.add("a distance with no pace to time it ends on the lap button", step,
                       kind="distance steps end on lap")
            kind = "lap"
    if kind == "lap" and kind not in can.durations:
        duration = Time(LAP_SECONDS)
        losses.add(f"a lap step is written as {LAP_SECONDS // 60} minutes", step,
                   kind=f"lap steps written as {LAP_SECONDS // 60} minutes")
    what = target_kind(target)
    if what == "other":
        losses.add(f"target '{target.text}' is left out", step, kind="foreign targets left out")
        target = NoTarget()
    elif what not in ("none", *can.targets):
        losses.add("heart-rate targets are written at the step's usual pace", step,
                   kind="heart-rate targets written as pace")
        target = NoTarget()
    if (duration, target) != (step.duration, step.target):
        step = dataclasses.replace(step, duration=duration, target=target)
    return _split(step, can, losses)


def _named(step, limit: tuple, losses):
    """A step whose name is longer than the format shows, with the name cut."""
    label = step.label
    cut = cut_name(label, limit)
    if cut == " ".join(label.split()):
        return step
    unit, size = limit
    losses.add(f"step name '{label}' cut to '{cut}' ({size} {unit})", step,
               kind=f"step names cut to {size} {unit}")
    return dataclasses.replace(step, name=cut or None)


def _split(step, can: Can, losses) -> list:
    """A step longer than the format holds, as equal steps that each fit."""
    duration = step.duration
    if isinstance(duration, Time) and can.step_seconds:
        value, cap, make, unit = duration.seconds, can.step_seconds, Time, "s"
    elif isinstance(duration, Distance) and can.step_metres:
        value, cap, make, unit = duration.metres, can.step_metres, Distance, "m"
    else:
        return [step]
    if round(value) <= cap:
        return [step]
    pieces = math.ceil(round(value) / cap)
    losses.add(f"a step longer than {cap:g} {unit} is split into {pieces} steps", step,
               kind="long steps split")
    return [dataclasses.replace(step, duration=make(round(value / pieces)))] * pieces

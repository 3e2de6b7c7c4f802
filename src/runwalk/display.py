"""The step list as a runner reads it: ``Repeat 6x: Run 1:00 @ 10:00-10:30/mi, Walk 2:00``."""

from __future__ import annotations

from .steps import (Distance, HeartRate, HeartRateZone, Lap, NoTarget, OtherDuration,
                    OtherTarget, Repeat, Speed, Time, Workout, flat_count, totals)
from .units import format_clock, format_distance, format_pace


def duration_text(duration, units: str) -> str:
    if isinstance(duration, Time):
        return format_clock(duration.seconds)
    if isinstance(duration, Distance):
        return format_distance(duration.metres, units)
    if isinstance(duration, Lap):
        return "until lap"
    if isinstance(duration, OtherDuration):
        return duration.text
    return "?"


def target_text(target, units: str) -> str:
    if isinstance(target, NoTarget):
        return ""
    if isinstance(target, Speed) and target.ceiling:
        return "no faster than " + format_pace(target.high, units)
    if isinstance(target, Speed):
        fast, slow = format_pace(target.high, units, False), format_pace(target.low, units)
        return fast + "/" + units if fast + "/" + units == slow else f"{fast}-{slow}"
    if isinstance(target, HeartRate):
        return f"{target.low}-{target.high} bpm"
    if isinstance(target, HeartRateZone):
        bpm = f" ({target.low}-{target.high} bpm)" if target.low else ""
        return f"HR zone {target.zone}{bpm}"
    if isinstance(target, OtherTarget):
        return target.text
    return "?"


def item_text(item, units: str, nested: bool = False) -> str:
    if isinstance(item, Repeat):
        inner = ", ".join(item_text(i, units, True) for i in item.steps)
        head = f"Repeat until {item.until}" if item.until else f"Repeat {item.count}x"
        return f"{head}: [{inner}]" if nested else f"{head}: {inner}"
    text = f"{item.label} {duration_text(item.duration, units)}"
    target = target_text(item.target, units)
    return f"{text} @ {target}" if target else text


def workout_lines(workout: Workout) -> list:
    """One line per top-level item, then the totals."""
    lines = [workout.name + (f"  ({workout.short_name})" if workout.short_name else "")]
    lines += ["  " + item_text(i, workout.units) for i in workout.steps]
    lines.append("  " + summary(workout))
    return lines


def summary(workout: Workout) -> str:
    """``15 steps, 28:00, ~1.9mi``: FIT steps, total time, distance when known."""
    seconds, metres = totals(workout.steps)
    count = flat_count(workout.steps)
    parts = [f"{count} step{'s' if count != 1 else ''}"]
    if seconds is not None:
        parts.append(format_clock(seconds))
    if metres:
        parts.append("~" + format_distance(metres, workout.units))
    return ", ".join(parts)

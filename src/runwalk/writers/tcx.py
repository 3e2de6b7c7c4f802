"""Garmin TCX workouts (.tcx), rendered from templates/workout.tcx.

Valid against Garmin's TrainingCenterDatabase v2 schema: names are 1..15 characters,
StepIds run 1..20 counting repeats (a longer workout is split into numbered parts in
the same file), repeats run 2..99 times (a repeat of 1 is written as its steps), and
Seconds/Meters stay within 65535 (a longer step is split). Pace windows are custom
speed zones viewed as pace; walks, rests and recoveries are Resting.
"""

from __future__ import annotations

import re

from ..limits import LIMITS
from ..lowering import Can, lower, sport
from ..steps import Distance, HeartRate, HeartRateZone, Lap, Repeat, Speed, Time
from . import Losses, Options, template_writer, xml_text

LIMIT = LIMITS["tcx"]
CAN = Can(repeat_min=LIMIT["repeat_min"], step_seconds=LIMIT["seconds_max"],
          step_metres=LIMIT["metres_max"], step_name=("chars", LIMIT["name_chars"]))
RESTING = ("walk", "rest", "recover")
SPORTS = {"running": "Running", "walking": "Other"}



def token(text: str, limit: int) -> str:
    """Text as a TCX name: spaces collapsed, at most ``limit`` characters, never empty."""
    collapsed = re.sub(r"\s+", " ", xml_text(text)).strip() or "Workout"
    return collapsed[:limit].rstrip()


def _convert(workout, options: Options):
    losses = Losses("TCX", workout)
    nodes = [node for item in lower(workout, CAN, losses) for node in _nodes(item, losses)]
    parts, current, used = [], [], 0
    for node in nodes:
        size = _size(node)
        if size > LIMIT["steps"]:
            losses.add(f"a repeat of {size} steps is more than a TCX workout holds "
                       f"({LIMIT['steps']}); its steps past that are left out")
            node = _trim(node, LIMIT["steps"])
            size = _size(node)
        if used + size > LIMIT["steps"] and current:
            parts.append(current)
            current, used = [], 0
        current.append(node)
        used += size
    parts.append(current)
    if len(parts) > 1:
        losses.add(f"more than {LIMIT['steps']} steps: written as {len(parts)} workouts "
                   "in one file, one after another")
    full = re.sub(r"\s+", " ", workout.display_name).strip()
    workouts = []
    for number, part in enumerate(parts, 1):
        suffix = f" {number}/{len(parts)}" if len(parts) > 1 else ""
        base = token(workout.display_name, LIMIT["name_chars"] - len(suffix))
        if number == 1 and base != full:
            losses.add(f"workout name '{full}' cut to '{base}' ({LIMIT['name_chars']} characters)")
        _number(part, iter(range(1, LIMIT["steps"] + 1)))
        workouts.append({"name": base + suffix, "steps": part})
    scheduled = workout.date.isoformat() if workout.date else None
    context = {"workouts": workouts, "sport": SPORTS[sport(workout, CAN, losses)],
               "notes": xml_text(workout.notes), "scheduled": scheduled,
               "version": _version()}
    return context, losses.warnings()


def _nodes(item, losses: Losses) -> list:
    if isinstance(item, Repeat):
        children = [node for inner in item.steps for node in _nodes(inner, losses)]
        return [{"type": "repeat", "count": item.count, "children": children}]
    name = token(item.label, LIMIT["name_chars"])  # cut already: this only makes it XML-safe
    d = item.duration
    if isinstance(d, Time):
        duration = {"kind": "time", "value": round(d.seconds)}
    elif isinstance(d, Distance):
        duration = {"kind": "distance", "value": round(d.metres)}
    else:
        duration = {"kind": "lap"}
    return [{"type": "step", "name": name, "duration": duration,
             "intensity": "Resting" if item.kind in RESTING else "Active",
             "target": _target(item.target)}]


def _version() -> tuple:
    """(major, minor) of runwalk, for the file's Author."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        parts = version("runwalk").split(".")
        return int(parts[0]), int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
    except (PackageNotFoundError, ValueError):
        return 0, 0


# The schema wants speeds above 0: a ceiling's open slow end is the slowest speed a
# watch resolves (1 mm/s), which only a runner standing still goes under.
CEILING_LOW = 0.001


def _target(target) -> dict:
    if isinstance(target, Speed):
        return {"kind": "speed", "low": f"{max(target.low, CEILING_LOW):.3f}",
                "high": f"{target.high:.3f}"}
    if isinstance(target, HeartRate):
        return {"kind": "hr", "low": target.low, "high": target.high}
    if isinstance(target, HeartRateZone):
        return {"kind": "zone", "zone": target.zone}
    return {"kind": "none"}


def _size(node) -> int:
    return 1 + sum(_size(c) for c in node.get("children", ()))


def _trim(node, budget: int) -> dict:
    children, used = [], 1
    for child in node["children"]:
        if used + _size(child) > budget:
            break
        children.append(child)
        used += _size(child)
    return dict(node, children=children)


def _number(nodes, ids) -> None:
    """StepIds in document order: a repeat before its children, as Garmin's files do."""
    for node in nodes:
        node["id"] = next(ids)
        if node["type"] == "repeat":
            _number(node["children"], ids)


problems, render = template_writer("workout.tcx", _convert)

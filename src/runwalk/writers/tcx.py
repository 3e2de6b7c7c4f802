"""Garmin TCX workouts (.tcx), rendered from templates/workout.tcx.

Valid against Garmin's TrainingCenterDatabase v2 schema: names are 1..15 characters,
StepIds run 1..20 counting repeats (a longer workout is split into numbered parts in
the same file), repeats run 2..99 times (a repeat of 1 is written as its steps), and
Seconds/Meters stay within 65535 (a longer step is split). Pace windows are custom
speed zones viewed as pace; walks, rests and recoveries are Resting.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from ..limits import LIMITS
from ..lowering import Can, lower, sport
from ..steps import Distance, HeartRate, HeartRateZone, Lap, Repeat, Speed, Time
from ..errors import RunwalkError
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


@functools.lru_cache(maxsize=1)
def _version() -> tuple:
    """(major, minor) of runwalk, for the file's Author (looked up once: it costs ~1 ms)."""
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


# --- Reading: TCX workout files back into step lists (several workouts in one file
# become several workouts; a file of activities is refused).

NS = "{http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2}"
XSI = "{http://www.w3.org/2001/XMLSchema-instance}type"
SPEED_RESOLUTION = 0.001  # speeds are written to 3 decimals of m/s


def read(data: bytes, file: str, profile=None) -> list:
    """Every workout in TCX ``data``."""
    from xml.etree import ElementTree

    from ..steps import Workout, clean_text

    try:
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, LookupError, ValueError) as exc:  # LookupError: its encoding
        raise RunwalkError(f"not a TCX file: {exc}", file) from None
    workouts = root.findall(f"{NS}Workouts/{NS}Workout")
    if not workouts:
        what = ("activities (recorded runs), not workouts" if root.find(f"{NS}Activities") is not None
                else "no workouts")
        raise RunwalkError(f"this TCX file holds {what}: runwalk imports workout files", file)
    units = profile.units if profile is not None else "mi"
    out = []
    for element in workouts:
        sport = element.get("Sport", "Running")
        if sport not in ("Running", "Other"):
            raise RunwalkError(f"this is a {sport.lower()} workout: runwalk imports running and "
                               "walking workouts", file)
        try:
            steps = [_read_step(step) for step in element.findall(f"{NS}Step")]
        except (ValueError, TypeError) as exc:
            raise RunwalkError(f"a step of this TCX workout cannot be read ({exc})", file) from None
        name = clean_text(element.findtext(f"{NS}Name") or "") or Path(file).stem
        notes = clean_text(element.findtext(f"{NS}Notes") or "", multiline=True)
        out.append(Workout(name=name, steps=tuple(steps), notes=notes, source=file, units=units,
                           sport="walking" if sport == "Other" else "running"))
    return out


def _read_step(element):
    from ..steps import KIND_LABELS, NoTarget, OtherDuration, OtherTarget, Step, clean_text, kind_by_name

    if element.get(XSI, "").endswith("Repeat_t"):
        count = int(element.findtext(f"{NS}Repetitions") or 1)
        return Repeat(count=max(1, count),
                      steps=tuple(_read_step(child) for child in element.findall(f"{NS}Child")))
    name = clean_text(element.findtext(f"{NS}Name") or "")
    resting = element.findtext(f"{NS}Intensity") == "Resting"
    kind = kind_by_name(name, "walk" if resting else "run")
    duration_element = element.find(f"{NS}Duration")
    kind_of = (duration_element.get(XSI, "") if duration_element is not None else "").split(":")[-1]
    if kind_of == "Time_t":
        duration = Time(float(duration_element.findtext(f"{NS}Seconds")))
    elif kind_of == "Distance_t":
        duration = Distance(float(duration_element.findtext(f"{NS}Meters")))
    elif kind_of in ("UserInitiated_t", ""):
        duration = Lap()
    else:
        value = " ".join(t.strip() for t in duration_element.itertext() if t.strip())
        duration = OtherDuration(f"{kind_of.replace('_t', '')} {value}".strip())
    target = NoTarget()
    target_element = element.find(f"{NS}Target")
    target_kind = (target_element.get(XSI, "") if target_element is not None else "").split(":")[-1]
    if target_kind == "Speed_t":
        low = target_element.findtext(f".//{NS}LowInMetersPerSecond")
        high = target_element.findtext(f".//{NS}HighInMetersPerSecond")
        if low and high:
            slow, fast = sorted((float(low), float(high)))
            target = Speed(0.0, fast, ceiling=True) if slow <= CEILING_LOW else Speed(slow, fast)
        else:
            target = OtherTarget("speed zone " + (target_element.findtext(f".//{NS}Number") or "?"))
    elif target_kind == "HeartRate_t":
        number = target_element.findtext(f".//{NS}Number")
        values = [int(v.text) for v in target_element.iter(f"{NS}Value")]
        percent = any(e.get(XSI, "").endswith("PercentOfMax_t") for e in target_element.iter())
        if number:
            target = HeartRateZone(int(number))
        elif len(values) == 2 and not percent:
            low, high = sorted(values)
            target = HeartRate(low, high, ceiling=low == 30)
        else:
            target = OtherTarget(f"heart rate {'-'.join(map(str, values))}{'% max' if percent else ''}")
    elif target_kind not in ("None_t", ""):
        target = OtherTarget(target_kind.replace("_t", "").lower())
    default = KIND_LABELS.get(kind)
    return Step(kind=kind, duration=duration, target=target,
                name=name if name and name != default else None)

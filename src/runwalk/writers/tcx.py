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

from ..errors import RunwalkError
from ..lowering import Can, duration_kind, lower, target_kind
from ..steps import HR_FLOOR, Distance, HeartRate, HeartRateZone, Repeat, Speed, Time
from . import Losses, Options, template_writer, xml_text

# TCX has two intensities: Active and Resting; a step's Name tells warm-ups, rests and
# recoveries apart (a warm-up named otherwise reads back as a run, a rest as a walk).
CAN = Can(
    "TCX",
    kinds=(("run", "Active"), ("warmup", "Active"), ("cooldown", "Active"),
           ("walk", "Resting"), ("rest", "Resting"), ("recover", "Resting")),
    durations=(("time", "Time_t"), ("distance", "Distance_t"), ("lap", "UserInitiated_t")),
    targets=(("none", "None_t"), ("speed", "Speed_t"), ("ceiling", "Speed_t"),
             ("hr", "HeartRate_t"), ("hr_ceiling", "HeartRate_t"), ("zone", "HeartRate_t")),
    steps=20, parts=True,  # StepId 1..20, repeats counted: more are parts in one file
    repeat_min=2,  # Repetitions 2..99
    step_seconds=65535, step_metres=65535,  # Seconds and Meters are 16-bit
    step_name=("chars", 15), workout_name=("chars", 15), step_notes=False, whole_seconds=True,
    speed_resolution=0.001)  # speeds are written to 3 decimals of m/s
REPEAT = "Repeat_t"
FIELDS = {"time": "Seconds", "distance": "Meters"}  # a duration's value element
SPORTS = {"running": "Running", "walking": "Other"}
# The schema wants speeds above 0: a ceiling's open slow end is the slowest speed a
# watch resolves (1 mm/s), which only a runner standing still goes under.
CEILING_LOW = 0.001


def token(text: str, limit: int) -> str:
    """Text as a TCX name: spaces collapsed, at most ``limit`` characters, never empty."""
    collapsed = re.sub(r"\s+", " ", xml_text(text)).strip() or "Workout"
    return collapsed[:limit].rstrip()


def _convert(workout, options: Options):
    losses = Losses("TCX", workout)
    lowered = lower(workout, CAN, losses, options.profile)
    workouts = []
    for name, items in lowered.parts:
        nodes = [_node(item) for item in items]
        _number(nodes, iter(range(1, CAN.steps + 1)))
        workouts.append({"name": token(name, CAN.workout_name[1]), "steps": nodes})
    workout = lowered.workout
    scheduled = workout.date.isoformat() if workout.date else None
    context = {"workouts": workouts, "sport": SPORTS[workout.sport],
               "notes": xml_text(workout.notes), "scheduled": scheduled,
               "version": _version(), "repeat": REPEAT}
    return context, losses.warnings()


def _node(item) -> dict:
    if isinstance(item, Repeat):
        return {"type": "repeat", "count": item.count, "children": [_node(i) for i in item.steps]}
    d = item.duration
    kind = duration_kind(d)
    value = round(d.seconds) if isinstance(d, Time) else round(d.metres) if isinstance(d, Distance) else None
    return {"type": "step", "name": token(item.label, CAN.step_name[1]),
            "duration": {"code": CAN.code("durations", kind), "field": FIELDS.get(kind),
                         "value": value},
            "intensity": CAN.code("kinds", item.kind), "target": _target(item.target)}


@functools.lru_cache(maxsize=1)
def _version() -> tuple:
    """(major, minor) of runwalk, for the file's Author (looked up once: it costs ~1 ms)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        parts = version("runwalk").split(".")
        return int(parts[0]), int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
    except (PackageNotFoundError, ValueError):
        return 0, 0


def _target(target) -> dict:
    kind = target_kind(target)
    out = {"code": CAN.code("targets", kind), "shape": {"ceiling": "speed", "hr_ceiling": "hr"}.get(kind, kind)}
    if isinstance(target, Speed):
        out.update(low=f"{max(target.low, CEILING_LOW):.3f}", high=f"{target.high:.3f}")
    elif isinstance(target, HeartRate):
        out.update(low=target.low, high=target.high)
    elif isinstance(target, HeartRateZone):
        out["zone"] = target.zone
    return out


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
            steps = [item for step in element.findall(f"{NS}Step") for item in _read_step(step)]
        except (ValueError, TypeError, OverflowError) as exc:
            raise RunwalkError(f"a step of this TCX workout cannot be read ({exc})", file) from None
        name = clean_text(element.findtext(f"{NS}Name") or "") or Path(file).stem
        notes = clean_text(element.findtext(f"{NS}Notes") or "", multiline=True)
        out.append(Workout(name=name, steps=tuple(steps), notes=notes, source=file, units=units,
                           sport="walking" if sport == "Other" else "running"))
    return out


def _read_step(element) -> list:
    from ..steps import KIND_LABELS, NoTarget, OtherDuration, OtherTarget, Step, Lap, clean_text, repeats

    if element.get(XSI, "").endswith(REPEAT):
        count = int(element.findtext(f"{NS}Repetitions") or 1)
        return repeats(max(1, count), tuple(step for child in element.findall(f"{NS}Child")
                                            for step in _read_step(child)), once=True)
    name = clean_text(element.findtext(f"{NS}Name") or "")
    kind = CAN.kind_of(element.findtext(f"{NS}Intensity") or "Active", name)
    duration_element = element.find(f"{NS}Duration")
    code = (duration_element.get(XSI, "") if duration_element is not None else "").split(":")[-1]
    what = CAN.name_of("durations", code or "UserInitiated_t")
    if what in FIELDS:
        value = float(duration_element.findtext(f"{NS}{FIELDS[what]}"))
        duration = Time(value) if what == "time" else Distance(value)
    elif what == "lap":
        duration = Lap()
    else:
        value = " ".join(t.strip() for t in duration_element.itertext() if t.strip())
        duration = OtherDuration(f"{code.replace('_t', '')} {value}".strip())
    target = NoTarget()
    target_element = element.find(f"{NS}Target")
    code = (target_element.get(XSI, "") if target_element is not None else "").split(":")[-1]
    what = CAN.name_of("targets", code or "None_t")
    if what == "speed":
        low = target_element.findtext(f".//{NS}LowInMetersPerSecond")
        high = target_element.findtext(f".//{NS}HighInMetersPerSecond")
        if low and high:
            slow, fast = sorted((float(low), float(high)))
            target = Speed(0.0, fast, ceiling=True) if slow <= CEILING_LOW else Speed(slow, fast)
        else:
            target = OtherTarget("speed zone " + (target_element.findtext(f".//{NS}Number") or "?"))
    elif what == "hr":
        number = target_element.findtext(f".//{NS}Number")
        values = [int(v.text) for v in target_element.iter(f"{NS}Value")]
        percent = any(e.get(XSI, "").endswith("PercentOfMax_t") for e in target_element.iter())
        if number:
            target = HeartRateZone(int(number))
        elif len(values) == 2 and not percent:
            low, high = sorted(values)
            target = HeartRate(low, high, ceiling=low == HR_FLOOR)
        else:
            target = OtherTarget(f"heart rate {'-'.join(map(str, values))}{'% max' if percent else ''}")
    elif what != "none":
        target = OtherTarget(code.replace("_t", "").lower())
    default = KIND_LABELS.get(kind)
    return [Step(kind=kind, duration=duration, target=target,
                 name=name if name and name != default else None)]

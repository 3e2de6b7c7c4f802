"""Garmin Connect workout JSON (.json): what Garmin Connect's workout service takes.

One running segment of ExecutableStepDTO steps and RepeatGroupDTO groups. Garmin reads
the numeric ids and ignores the keys, so every type carries both, as in Garmin's own
workouts: step types warmup 1, cooldown 2, interval 3 (runs), recovery 4 (walks and
recoveries), rest 5, repeat 6; end conditions lap.button 1, time 2 (s), distance 3
(m), iterations 7 (a repeat group's count); targets no.target 1, heart.rate.zone 4
(a zone number, or a custom range in bpm), pace.zone 6 (m/s, the faster end first, as
Garmin's own running workouts keep it). ``stepOrder`` counts from 1 through groups,
depth first; each repeat group and its steps share a ``childStepId``.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import RunwalkError
from ..lowering import Can, duration_kind, lower, refuse_too_many, target_kind
from ..steps import HR_FLOOR, HeartRate, HeartRateZone, Repeat, Speed, repeats
from . import Losses, Options, Rendered

# The codes are ids (Garmin reads them and ignores the keys); KEYS names each for the
# file. Walks and recoveries are both recovery (4), which reads back as a walk.
CAN = Can(
    "Garmin Connect",
    kinds=(("warmup", 1), ("cooldown", 2), ("run", 3), ("walk", 4), ("recover", 4), ("rest", 5),
           ("run", 7)),
    durations=(("lap", 1), ("time", 2), ("distance", 3)),
    targets=(("none", 1), ("hr", 4), ("hr_ceiling", 4), ("zone", 4), ("speed", 6),
             ("ceiling", 6), ("speed", 5)),
    steps=50,  # as FIT: Garmin Connect keeps at most 50 (repeat groups count)
    sports=("running",), step_names=False,  # steps have a description, not a name
    speed_resolution=0.0001)  # speeds are written to 4 decimals of m/s
REPEAT, ITERATIONS = 6, 7  # a repeat group's step type and end condition
KEYS = {
    "stepType": {1: "warmup", 2: "cooldown", 3: "interval", 4: "recovery", 5: "rest",
                 REPEAT: "repeat", 7: "other"},
    "endCondition": {1: "lap.button", 2: "time", 3: "distance", ITERATIONS: "iterations"},
    "targetType": {1: "no.target", 2: "power.zone", 3: "cadence.zone", 4: "heart.rate.zone",
                   5: "speed.zone", 6: "pace.zone"},
}
ID_KEY = {"stepType": ("stepTypeId", "stepTypeKey"),
          "endCondition": ("conditionTypeId", "conditionTypeKey"),
          "targetType": ("workoutTargetTypeId", "workoutTargetTypeKey")}
SPORT = {"sportTypeId": 1, "sportTypeKey": "running"}


def _typed(field: str, code: int) -> dict:
    """``{"stepTypeId": 3, "stepTypeKey": "interval"}``: a type as Garmin writes it."""
    id_name, key_name = ID_KEY[field]
    return {id_name: code, key_name: KEYS[field][code]}


def problems(workout, options: Options = Options()) -> tuple:
    """What a Garmin Connect workout cannot say as written."""
    losses = Losses("Garmin Connect", workout)
    lower(workout, CAN, losses, options.profile)
    return losses.warnings()


def render(workout, options: Options = Options()) -> Rendered:
    data, losses = _json(workout, options)
    # compact: json's C encoder (an indented file costs a millisecond a workout more)
    return Rendered(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode() + b"\n",
                    losses.warnings())


def workout_json(workout, options: Options = Options()) -> dict:
    """The workout as Garmin Connect's workout service takes it (a dict, ready for JSON)."""
    return _json(workout, options)[0]


def _json(workout, options: Options) -> tuple:
    """(the workout as a dict, its losses), lowered once."""
    losses = Losses("Garmin Connect", workout)
    lowered = lower(workout, CAN, losses, options.profile)
    refuse_too_many(lowered, CAN, "a Garmin Connect workout")
    workout = lowered.workout
    counter = {"order": 0, "group": 0}
    steps = [_item(item, counter, None) for item in workout.steps]
    data = {"workoutName": workout.name, "description": workout.notes or None,
            "sportType": dict(SPORT),
            "workoutSegments": [{"segmentOrder": 1, "sportType": dict(SPORT),
                                 "workoutSteps": steps}]}
    if data["description"] is None:
        del data["description"]
    return data, losses


def _item(item, counter: dict, group: int | None) -> dict:
    counter["order"] += 1
    order = counter["order"]
    if isinstance(item, Repeat):
        counter["group"] += 1
        child = counter["group"]
        return {"type": "RepeatGroupDTO", "stepOrder": order, "stepType": _typed("stepType", REPEAT),
                "childStepId": child, "numberOfIterations": item.count,
                "endCondition": _typed("endCondition", ITERATIONS),
                "endConditionValue": float(item.count), "smartRepeat": False,
                "workoutSteps": [_item(inner, counter, child) for inner in item.steps]}
    step = {"type": "ExecutableStepDTO", "stepOrder": order,
            "stepType": _typed("stepType", CAN.code("kinds", item.kind))}
    if group is not None:
        step["childStepId"] = group
    step["endCondition"] = _typed("endCondition", CAN.code("durations", duration_kind(item.duration)))
    value = getattr(item.duration, "seconds", getattr(item.duration, "metres", None))
    if value is not None:
        step["endConditionValue"] = float(value)
    step.update(_target(item.target))
    if item.notes:
        step["description"] = item.notes
    return step


def _target(target) -> dict:
    out = {"targetType": _typed("targetType", CAN.code("targets", target_kind(target)))}
    if isinstance(target, Speed):
        out.update(targetValueOne=round(target.high, 4), targetValueTwo=round(target.slow_end, 4))
    elif isinstance(target, HeartRate):
        out.update(targetValueOne=float(target.low), targetValueTwo=float(target.high))
    elif isinstance(target, HeartRateZone):
        out["zoneNumber"] = target.zone
    return out


# --- Reading: Garmin Connect workout JSON back into a step list (Garmin's order of pace
# bounds and the other order are both accepted).

def read(data: bytes, file: str, profile=None) -> list:
    """The workout in Garmin Connect JSON ``data``."""
    from ..steps import Workout, clean_text

    try:
        workout = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise RunwalkError(f"not Garmin Connect workout JSON: {exc}", file) from None
    if not isinstance(workout, dict) or "workoutSegments" not in workout:
        raise RunwalkError("not a Garmin Connect workout (no workoutSegments)", file)
    sport = workout.get("sportType")
    sport_key = sport.get("sportTypeKey", "running") if isinstance(sport, dict) else "running"
    if sport_key not in ("running", "walking"):
        raise RunwalkError(f"this is a {sport_key} workout: runwalk imports running and walking "
                           "workouts", file)
    steps = []
    try:
        for segment in workout["workoutSegments"]:
            for step in segment.get("workoutSteps", []):
                steps += _read_step(step)
    except (KeyError, TypeError, ValueError, OverflowError, AttributeError, RunwalkError) as exc:
        raise RunwalkError(f"a step of this Garmin Connect workout cannot be read ({exc})", file) \
            from None
    name = clean_text(str(workout.get("workoutName") or "")) or Path(file).stem
    return [Workout(name=name, steps=tuple(steps), sport=sport_key, source=file,
                    notes=clean_text(str(workout.get("description") or ""), multiline=True),
                    units=profile.units if profile is not None else "mi")]


def _code(step: dict, field: str):
    return (step.get(field) or {}).get(ID_KEY[field][0])


def _read_step(step: dict) -> list:
    from ..steps import NoTarget, OtherDuration, OtherTarget, Step, Time, Distance, Lap, clean_text

    if step.get("type") == "RepeatGroupDTO" or _code(step, "stepType") == REPEAT:
        count = int(step.get("numberOfIterations") or step.get("endConditionValue") or 1)
        return repeats(max(1, count), tuple(i for s in step["workoutSteps"] for i in _read_step(s)),
                       once=True)
    kind = CAN.kind_of(_code(step, "stepType"), None)
    end = CAN.name_of("durations", _code(step, "endCondition"))
    value = step.get("endConditionValue")
    if end == "time" and value is not None:
        duration = Time(float(value))
    elif end == "distance" and value is not None:
        duration = Distance(float(value))
    elif end == "lap":
        duration = Lap()
    else:
        key = (step.get("endCondition") or {}).get("conditionTypeKey", "?")
        duration = OtherDuration(f"until {key} {value}" if value is not None else f"until {key}")
    target_kind = CAN.name_of("targets", _code(step, "targetType") or 1)
    one, two = step.get("targetValueOne"), step.get("targetValueTwo")
    if target_kind == "speed" and one and two:
        target = Speed.from_ends(float(one), float(two))  # Garmin's order or the other
    elif target_kind == "hr" and step.get("zoneNumber"):
        target = HeartRateZone(int(step["zoneNumber"]))
    elif target_kind == "hr" and one and two:
        low, high = sorted((int(one), int(two)))
        target = HeartRate(low, high, ceiling=low == HR_FLOOR)
    elif target_kind == "none":
        target = NoTarget()
    else:
        key = (step.get("targetType") or {}).get("workoutTargetTypeKey", "?")
        target = OtherTarget(f"{key} {one}-{two}" if one is not None else key)
    description = clean_text(str(step.get("description") or ""), multiline=True)
    return [Step(kind=kind, duration=duration, target=target, notes=description or None)]

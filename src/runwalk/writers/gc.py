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

from ..errors import RunwalkError
from ..limits import LIMITS
from ..lowering import Can, lower, sport
from pathlib import Path

from ..steps import Distance, HeartRate, HeartRateZone, Lap, Repeat, Speed, Time, flat_count
from ..units import pace_to_speed
from . import Losses, Options, Rendered

LIMIT = LIMITS["gc"]
# Garmin Connect keeps a repeat group inside a repeat group (its editor makes them)
CAN = Can(sports=("running",))
SPORT = {"sportTypeId": 1, "sportTypeKey": "running"}
STEP_TYPES = {"warmup": (1, "warmup"), "cooldown": (2, "cooldown"), "run": (3, "interval"),
              "walk": (4, "recovery"), "recover": (4, "recovery"), "rest": (5, "rest")}
REPEAT_TYPE = {"stepTypeId": 6, "stepTypeKey": "repeat"}
END_LAP = {"conditionTypeId": 1, "conditionTypeKey": "lap.button"}
END_TIME = {"conditionTypeId": 2, "conditionTypeKey": "time"}
END_DISTANCE = {"conditionTypeId": 3, "conditionTypeKey": "distance"}
END_ITERATIONS = {"conditionTypeId": 7, "conditionTypeKey": "iterations"}
NO_TARGET = {"workoutTargetTypeId": 1, "workoutTargetTypeKey": "no.target"}
HR_TARGET = {"workoutTargetTypeId": 4, "workoutTargetTypeKey": "heart.rate.zone"}
PACE_TARGET = {"workoutTargetTypeId": 6, "workoutTargetTypeKey": "pace.zone"}
# Garmin Connect has no one-sided pace: a ceiling's slow end is 45:00/mi, slower than
# anyone walks (as in the intervals.icu text).
CEILING_SLOWEST = pace_to_speed(45 * 60, "mi")
SPEED_RESOLUTION = 0.0001  # speeds are written to 4 decimals of m/s


def _lowered(workout) -> tuple:
    losses = Losses("Garmin Connect", workout)
    items = lower(workout, CAN, losses)
    count = flat_count(items)
    if count > LIMIT["steps"]:
        losses.add(f"{count} steps (repeat groups count once each): a Garmin Connect workout "
                   f"holds at most {LIMIT['steps']}", kind="too many steps for Garmin Connect")
    sport(workout, CAN, losses)
    return items, losses


def problems(workout, options: Options = Options()) -> tuple:
    """What a Garmin Connect workout cannot say as written."""
    return _lowered(workout)[1].warnings()


def render(workout, options: Options = Options()) -> Rendered:
    data, losses = _json(workout)
    return Rendered(json.dumps(data, indent=1, ensure_ascii=False).encode() + b"\n",
                    losses.warnings())


def workout_json(workout) -> dict:
    """The workout as Garmin Connect's workout service takes it (a dict, ready for JSON)."""
    return _json(workout)[0]


def _json(workout) -> tuple:
    """(the workout as a dict, its losses), lowered once."""
    items, losses = _lowered(workout)
    count = flat_count(items)
    if count > LIMIT["steps"]:
        raise RunwalkError(f"the workout has {count} steps (repeat groups count once each); a "
                           f"Garmin Connect workout holds at most {LIMIT['steps']}: use repeats, "
                           "split it, or leave gc out with --format", workout.source)
    counter = {"order": 0, "group": 0}
    steps = [_item(item, counter, None) for item in items]
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
        return {"type": "RepeatGroupDTO", "stepOrder": order, "stepType": dict(REPEAT_TYPE),
                "childStepId": child, "numberOfIterations": item.count,
                "endCondition": dict(END_ITERATIONS), "endConditionValue": float(item.count),
                "smartRepeat": False,
                "workoutSteps": [_item(inner, counter, child) for inner in item.steps]}
    type_id, type_key = STEP_TYPES[item.kind]
    step = {"type": "ExecutableStepDTO", "stepOrder": order,
            "stepType": {"stepTypeId": type_id, "stepTypeKey": type_key}}
    if group is not None:
        step["childStepId"] = group
    duration = item.duration
    if isinstance(duration, Time):
        step["endCondition"], step["endConditionValue"] = dict(END_TIME), float(duration.seconds)
    elif isinstance(duration, Distance):
        step["endCondition"], step["endConditionValue"] = dict(END_DISTANCE), float(duration.metres)
    else:
        assert isinstance(duration, Lap)
        step["endCondition"] = dict(END_LAP)
    step.update(_target(item.target))
    # Garmin Connect's steps have a description, not a name: a step's own name goes first.
    text = ": ".join(t for t in (item.name, item.notes) if t)
    if text:
        step["description"] = text
    return step


def _target(target) -> dict:
    if isinstance(target, Speed):
        slow = target.low if not target.ceiling else CEILING_SLOWEST
        return {"targetType": dict(PACE_TARGET), "targetValueOne": round(target.high, 4),
                "targetValueTwo": round(slow, 4)}
    if isinstance(target, HeartRate):
        return {"targetType": dict(HR_TARGET), "targetValueOne": float(target.low),
                "targetValueTwo": float(target.high)}
    if isinstance(target, HeartRateZone):
        return {"targetType": dict(HR_TARGET), "zoneNumber": target.zone}
    return {"targetType": dict(NO_TARGET)}


# --- Reading: Garmin Connect workout JSON back into a step list (Garmin's order of pace
# bounds and the other order are both accepted).

KIND_BY_TYPE = {1: "warmup", 2: "cooldown", 3: "run", 4: "walk", 5: "rest", 7: "run"}


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
            steps += [_read_step(step) for step in segment.get("workoutSteps", [])]
    except (KeyError, TypeError, ValueError, AttributeError, RunwalkError) as exc:
        raise RunwalkError(f"a step of this Garmin Connect workout cannot be read ({exc})", file) \
            from None
    name = clean_text(str(workout.get("workoutName") or "")) or Path(file).stem
    return [Workout(name=name, steps=tuple(steps), sport=sport_key, source=file,
                    notes=clean_text(str(workout.get("description") or ""), multiline=True),
                    units=profile.units if profile is not None else "mi")]


def _read_step(step: dict):
    from ..steps import NoTarget, OtherDuration, OtherTarget, Step, clean_text

    if step.get("type") == "RepeatGroupDTO" or (step.get("stepType") or {}).get("stepTypeId") == 6:
        count = int(step.get("numberOfIterations") or step.get("endConditionValue") or 1)
        return Repeat(count=max(1, count), steps=tuple(_read_step(s) for s in step["workoutSteps"]))
    kind = KIND_BY_TYPE.get((step.get("stepType") or {}).get("stepTypeId"), "run")
    end = (step.get("endCondition") or {}).get("conditionTypeId")
    value = step.get("endConditionValue")
    if end == 2 and value:
        duration = Time(float(value))
    elif end == 3 and value:
        duration = Distance(float(value))
    elif end == 1:
        duration = Lap()
    else:
        key = (step.get("endCondition") or {}).get("conditionTypeKey", "?")
        duration = OtherDuration(f"until {key} {value}" if value is not None else f"until {key}")
    target_id = (step.get("targetType") or {}).get("workoutTargetTypeId", 1)
    one, two = step.get("targetValueOne"), step.get("targetValueTwo")
    if target_id in (5, 6) and one and two:
        slow, fast = sorted((float(one), float(two)))
        target = (Speed(0.0, fast, ceiling=True) if abs(slow - CEILING_SLOWEST) < 0.0001
                  else Speed(slow, fast))
    elif target_id == 4 and step.get("zoneNumber"):
        target = HeartRateZone(int(step["zoneNumber"]))
    elif target_id == 4 and one and two:
        low, high = sorted((int(one), int(two)))
        target = HeartRate(low, high, ceiling=low == 30)
    elif target_id == 1:
        target = NoTarget()
    else:
        key = (step.get("targetType") or {}).get("workoutTargetTypeKey", "?")
        target = OtherTarget(f"{key} {one}-{two}" if one is not None else key)
    description = clean_text(str(step.get("description") or ""), multiline=True)
    return Step(kind=kind, duration=duration, target=target, notes=description or None)

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
from ..steps import Distance, HeartRate, HeartRateZone, Lap, Repeat, Speed, Time, flat_count
from ..units import pace_to_speed
from . import Losses, Options, Rendered

LIMIT = LIMITS["gc"]
CAN = Can(nesting=False, sports=("running",))
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
    data = workout_json(workout)
    return Rendered(json.dumps(data, indent=1, ensure_ascii=False).encode() + b"\n",
                    problems(workout, options))


def workout_json(workout) -> dict:
    """The workout as Garmin Connect's workout service takes it (a dict, ready for JSON)."""
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
    return data


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

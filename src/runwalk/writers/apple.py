"""Apple Workout app custom workouts (.workout): WorkoutKit's ``WorkoutPlan`` as its
binary protobuf, the file the iPhone opens and syncs to the Apple Watch.

A run/walk is a custom running (or walking) workout, outdoor (indoor with ``location:
indoor``, for a treadmill): a warm-up step, interval blocks
(each a list of work and recovery steps repeated ``iterations`` times; a block holds
steps, never blocks) and a cool-down step. Runs are work steps; walks, recoveries and
rests are recovery steps. A step's display name is written when it has a name of its
own, or when its kind would otherwise read back as another (a recovery named "Recover"
is a recover step, one without a name a walk): Apple shows "Work" and "Recovery" for
the rest, as its own files do. Goals: time in seconds, distance in the unit it was
written in, lap as an open goal. Alerts: a pace window is a current-speed range (the
range's min the slower speed), a ceiling that range from 45:00/mi (as in Garmin
Connect), heart-rate ranges and zones heart-rate alerts.

The layout (field numbers and enums) is the one two independent projects checked byte
for byte against Apple's encoder; the reference id is a UUID from the workout's
identity, so builds are reproducible and a rebuilt workout keeps its id. Apple's own
files read back: custom workouts step by step, a single-goal workout as its one step,
a pacer as one step at its pace.
"""

from __future__ import annotations

import struct
import uuid
from pathlib import Path

from ..errors import RunwalkError
from ..lowering import Can, duration_kind, lower, target_kind
from ..steps import (HR_FLOOR, KIND_LABELS, Distance, HeartRate, HeartRateZone, Lap, NoTarget,
                     Repeat, Speed, Step, Time, Workout, clean_text, repeats)
from ..units import METRES_PER
from . import Losses, Options, Rendered

WORK, RECOVERY = 1, 2  # an interval step's purpose
WARMUP, COOLDOWN = "warmup", "cooldown"  # the custom workout's own steps (fields 4 and 6)
CAN = Can(
    "Apple Workout",
    kinds=(("run", WORK), ("walk", RECOVERY), ("recover", RECOVERY), ("rest", RECOVERY),
           ("warmup", WARMUP), ("cooldown", COOLDOWN)),
    durations=(("time", 1), ("distance", 3), ("lap", 4)),  # goal types (2 is energy)
    targets=(("none", None), ("speed", 2), ("ceiling", 2), ("hr", 5), ("hr_ceiling", 5),
             ("zone", 5)),  # alert target types: current speed 2, current heart rate 5
    nesting=False,  # a block holds steps, not blocks
    repeat_min=2,  # a block of 1 is how Apple writes a step on its own
    edges=True,  # a warm-up only first, a cool-down only last
    default_names=False, step_notes=False, notes=False,
    speed_resolution=0.0001, quantize=True)  # doubles: speeds to 0.1 mm/s
ACTIVITIES = {"running": 37, "walking": 52}  # HealthKit's activity types
OTHER_ACTIVITIES = {13: "cycling", 24: "hiking", 35: "rowing", 46: "swimming", 57: "yoga",
                    59: "core training", 63: "high-intensity interval training",
                    16: "elliptical", 20: "strength training", 50: "strength training",
                    66: "pilates", 82: "a triathlon (swim, bike, run)"}
OUTDOOR, INDOOR = 3, 2
SPEED_ALERT, AVERAGE_SPEED_ALERT, HR_ALERT = 2, 1, 5
SINGLE, RANGE, ZONE = 1, 2, 3  # an alert's kind
SECONDS, MINUTES, HOURS = 1, 2, 3  # time units
LENGTH_UNITS = {"m": 1, "km": 2, "ft": 3, "yd": 4, "mi": 5}
LENGTHS = {1: 1.0, 2: 1000.0, 3: 0.3048, 4: 0.9144, 5: METRES_PER["mi"]}
TIMES = {SECONDS: 1.0, MINUTES: 60.0, HOURS: 3600.0}
CUSTOM, SINGLE_GOAL, PACER, SWIM_BIKE_RUN = 11, 10, 13, 14  # a plan's kinds
VERSION = ((1000, 1), (1002, 5))  # always written after the workout
NAMESPACE = uuid.UUID("a5d7e0f2-6b1c-5d3e-9f40-72756e77616c")  # runwalk's, for reference ids


# --- protobuf's wire format: varints, doubles and length-delimited fields

def _varint(number: int) -> bytes:
    out = bytearray()
    while True:
        byte = number & 0x7F
        number >>= 7
        if number:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _int(field: int, number: int) -> bytes:
    return _varint(field << 3) + _varint(number)


def _double(field: int, value: float) -> bytes:
    return _varint(field << 3 | 1) + struct.pack("<d", float(value))


def _bytes(field: int, data: bytes) -> bytes:
    return _varint(field << 3 | 2) + _varint(len(data)) + data


def _fields(data: bytes) -> dict:
    """field -> [values] of one message: ints, floats (doubles) and bytes."""
    out: dict = {}
    at = 0

    def varint() -> int:
        nonlocal at
        value = shift = 0
        while True:
            if at >= len(data) or shift > 63:
                raise ValueError("a number runs past the end")
            byte = data[at]
            at += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                return value

    while at < len(data):
        key = varint()
        field, wire = key >> 3, key & 7
        if wire == 0:
            value = varint()
        elif wire == 1:
            if at + 8 > len(data):
                raise ValueError("a number runs past the end")
            value = struct.unpack("<d", data[at:at + 8])[0]
            at += 8
        elif wire == 2:
            size = varint()
            if at + size > len(data):
                raise ValueError("a field runs past the end")
            value = data[at:at + size]
            at += size
        elif wire == 5:
            at += 4
            continue
        else:
            raise ValueError(f"wire type {wire}")
        out.setdefault(field, []).append(value)
    return out


def _one(message: dict, field: int, kind=bytes, default=None):
    values = message.get(field)
    if not values:
        return default
    if not isinstance(values[-1], kind):
        raise ValueError(f"field {field} is not what it should be")
    return values[-1]


# --- writing

def reference_id(workout: Workout) -> str:
    """The plan's reference id: kept from an Apple file (``id: uuid:...``), else a UUID
    from the workout's identity (as the FIT serial number), the same on every build."""
    key = workout.identity or repr((workout.name, workout.short_name, workout.sport))
    if key.startswith("uuid:"):
        try:
            return str(uuid.UUID(key[5:])).upper()
        except ValueError:
            pass
    return str(uuid.uuid5(NAMESPACE, key)).upper()


def problems(workout: Workout, options: Options = Options()) -> tuple:
    """What an Apple custom workout cannot say as written."""
    losses = Losses(CAN.format, workout)
    lower(workout, CAN, losses, options.profile)
    return losses.warnings()


def render(workout: Workout, options: Options = Options()) -> Rendered:
    losses = Losses(CAN.format, workout)
    lowered = lower(workout, CAN, losses, options.profile).workout
    items = list(lowered.steps)
    location = INDOOR if lowered.indoor else OUTDOOR
    body = _int(1, ACTIVITIES[lowered.sport]) + _int(2, location) + _bytes(3, lowered.name.encode())
    if items and isinstance(items[0], Step) and items[0].kind == WARMUP:
        body += _bytes(4, _step(items.pop(0)))
    cooldown = items.pop() if items and isinstance(items[-1], Step) and items[-1].kind == COOLDOWN else None
    for item in items:
        steps = item.steps if isinstance(item, Repeat) else (item,)
        block = b"".join(_bytes(1, _int(1, CAN.code("kinds", s.kind)) + _bytes(2, _step(s)))
                         for s in steps)
        body += _bytes(5, block + _int(2, item.count if isinstance(item, Repeat) else 1))
    if cooldown is not None:
        body += _bytes(6, _step(cooldown))
    data = _bytes(9, reference_id(workout).encode()) + _bytes(CUSTOM, body)
    data += b"".join(_int(field, value) for field, value in VERSION)
    return Rendered(data, losses.warnings())


def _step(step: Step) -> bytes:
    out = _bytes(1, _goal(step.duration))
    alert = _alert(step.target)
    if alert:
        out += _bytes(2, alert)
    if step.name is not None:
        out += _bytes(3, step.name.encode())
    return out


def _goal(duration) -> bytes:
    out = _int(1, CAN.code("durations", duration_kind(duration)))
    if isinstance(duration, Time):
        out += _bytes(2, _quantity(SECONDS, duration.seconds))
    elif isinstance(duration, Distance):
        unit = duration.unit if duration.unit in ("m", "km", "mi") else "m"
        out += _bytes(4, _quantity(LENGTH_UNITS[unit], duration.metres / METRES_PER[unit]))
    return out


def _quantity(unit: int, value: float) -> bytes:
    return _int(1, unit) + _double(2, value)


def _speed(speed: float) -> bytes:
    """A speed as Apple says it: a distance in a time (so many metres in one second)."""
    return _bytes(1, _quantity(LENGTH_UNITS["m"], speed)) + _bytes(2, _quantity(SECONDS, 1.0))


def _alert(target) -> bytes:
    code = CAN.code("targets", target_kind(target))
    if isinstance(target, Speed):
        payload = _bytes(2, _bytes(1, _speed(target.slow_end)) + _bytes(2, _speed(target.high)))
        return _int(1, code) + _int(2, RANGE) + _bytes(4, payload)
    if isinstance(target, HeartRate):
        payload = _bytes(2, _bytes(1, _double(1, target.low)) + _bytes(2, _double(1, target.high)))
        return _int(1, code) + _int(2, RANGE) + _bytes(7, payload)
    if isinstance(target, HeartRateZone):
        return _int(1, code) + _int(2, ZONE) + _bytes(7, _bytes(1, _int(1, target.zone)))
    return b""


# --- reading: Apple's own files (custom, single goal, pacer) and runwalk's

def read(data: bytes, file: str, profile=None) -> list:
    """The workout in ``.workout`` data; another activity is refused in one line naming it."""
    units = profile.units if profile is not None else "mi"
    try:
        plan = _fields(data)
        kinds = [kind for kind in (CUSTOM, SINGLE_GOAL, PACER, SWIM_BIKE_RUN) if kind in plan]
        if not kinds or 9 not in plan:
            raise ValueError("no workout plan in it")
        kind = kinds[0]
        body = _fields(_one(plan, kind))
        if kind == SWIM_BIKE_RUN:
            _refuse(82, file)
        activity = _one(body, 1, int, 0)
        if activity not in ACTIVITIES.values():
            _refuse(activity, file)
        sport = next(name for name, code in ACTIVITIES.items() if code == activity)
        identity = "uuid:" + str(uuid.UUID(_one(plan, 9).decode("ascii"))).upper()
        if kind == CUSTOM:
            name, steps = _custom(body)
        elif kind == SINGLE_GOAL:
            name, steps = "", [Step("run", _read_goal(_fields(_one(body, 4, bytes, b""))))]
        else:
            name, steps = "", [_pacer(body, profile)]
    except RunwalkError as exc:
        raise exc.located(file) from None
    except (ValueError, UnicodeDecodeError, TypeError, KeyError) as exc:
        raise RunwalkError(f"not an Apple workout file (or a damaged one): {exc}", file) from None
    return [Workout(name=clean_text(name) or Path(file).stem, steps=tuple(steps), sport=sport,
                    source=file, units=units, identity=identity,
                    indoor=_one(body, 2, int, OUTDOOR) == INDOOR)]


def _refuse(activity: int, file: str):
    what = OTHER_ACTIVITIES.get(activity, f"activity {activity}")
    raise RunwalkError(f"this is a {what} workout: runwalk imports running and walking "
                       "workouts", file)


def _custom(body: dict) -> tuple:
    name = _one(body, 3, bytes, b"").decode("utf-8")
    steps: list = []
    if 4 in body:
        steps.append(_read_step(_one(body, 4), WARMUP))
    for block in body.get(5, []):
        fields = _fields(block)
        inner = []
        for entry in fields.get(1, []):
            interval = _fields(entry)
            inner.append(_read_step(_one(interval, 2, bytes, b""), _one(interval, 1, int, WORK)))
        if not inner:
            continue
        count = _one(fields, 2, int, 1)
        steps += repeats(count, tuple(inner)) if count > 1 else inner
    if 6 in body:
        steps.append(_read_step(_one(body, 6), COOLDOWN))
    if not steps:
        raise ValueError("the workout has no steps")
    return name, steps


def _read_step(data: bytes, code) -> Step:
    fields = _fields(data)
    name = _one(fields, 3, bytes, None)
    name = clean_text(name.decode("utf-8")) if name is not None else None
    kind = CAN.kind_of(code, name) if code not in (WARMUP, COOLDOWN) else code
    return Step(kind, _read_goal(_fields(_one(fields, 1, bytes, b""))),
                _read_alert(_one(fields, 2, bytes, None)),
                name=name if name and name != KIND_LABELS[kind] else None)


def _read_goal(goal: dict):
    kind = CAN.name_of("durations", _one(goal, 1, int, 4))
    if kind == "time":
        unit, value = _read_quantity(_one(goal, 2))
        return Time(value * TIMES[unit])
    if kind == "distance":
        unit, value = _read_quantity(_one(goal, 4))
        written = next((name for name, code in LENGTH_UNITS.items() if code == unit
                        and name in ("m", "km", "mi")), None)
        return Distance(value * LENGTHS[unit], written)
    if kind == "lap":
        return Lap()
    raise ValueError(f"a goal of type {_one(goal, 1, int)} (energy) is not a duration runwalk has")


def _read_quantity(data: bytes) -> tuple:
    fields = _fields(data)
    unit, value = _one(fields, 1, int, 1), _one(fields, 2, float, 0.0)
    if unit not in LENGTHS and unit not in TIMES:
        raise ValueError(f"unit {unit}")
    return unit, value


def _read_speed(data: bytes) -> float:
    fields = _fields(data)
    distance_unit, distance = _read_quantity(_one(fields, 1))
    time_unit, time = _read_quantity(_one(fields, 2))
    if time * TIMES[time_unit] <= 0:
        raise ValueError("a speed over no time")
    return distance * LENGTHS[distance_unit] / (time * TIMES[time_unit])


def _read_alert(data: bytes | None):
    if data is None:
        return NoTarget()
    alert = _fields(data)
    what, shape = _one(alert, 1, int, 0), _one(alert, 2, int, 0)
    if what in (SPEED_ALERT, AVERAGE_SPEED_ALERT) and shape == RANGE:
        ends = _fields(_one(_fields(_one(alert, 4)), 2))
        return Speed.from_ends(_read_speed(_one(ends, 1)), _read_speed(_one(ends, 2)))
    if what in (SPEED_ALERT, AVERAGE_SPEED_ALERT) and shape == SINGLE:
        speed = _read_speed(_one(_fields(_one(alert, 4)), 1))
        return Speed(speed, speed)
    if what == HR_ALERT and shape == ZONE:
        return HeartRateZone(_one(_fields(_one(_fields(_one(alert, 7)), 1)), 1, int))
    if what == HR_ALERT and shape == RANGE:
        ends = _fields(_one(_fields(_one(alert, 7)), 2))
        low, high = sorted(round(_one(_fields(_one(ends, n)), 1, float)) for n in (1, 2))
        return HeartRate(low, high, ceiling=low == HR_FLOOR)
    from ..steps import OtherTarget
    return OtherTarget(f"Apple alert {what} of kind {shape}")


def _pacer(body: dict, profile) -> Step:
    """A pacer (a distance in a time) as the one step it is, at the pace it asks for."""
    unit, value = _read_quantity(_one(body, 3))
    metres = value * LENGTHS[unit]
    time_unit, time = _read_quantity(_one(body, 4))
    seconds = time * TIMES[time_unit]
    if not seconds > 0:
        raise ValueError("a pacer with no time")
    written = next((n for n, c in LENGTH_UNITS.items() if c == unit and n in ("m", "km", "mi")), None)
    speed = metres / seconds
    target = Speed.around(speed, getattr(profile, "window", 10.0))
    return Step("run", Distance(metres, written), target, expected_speed=speed)

"""Reading any FIT workout file (ours, Garmin's SDK examples, other tools') into a step list.

Decoded with garmin-fit-sdk, Garmin's own decoder. Foreign files use durations and
targets runwalk never writes (power, cadence, calories, heart-rate repeats); those
are kept as text so ``show`` can print them.
"""

from __future__ import annotations

from pathlib import Path

from .errors import RunwalkError
from .steps import (Distance, HeartRate, HeartRateZone, Lap, NoTarget, OtherDuration,
                    OtherTarget, Repeat, Speed, Step, Time, Workout)

HR_OFFSET = 100
POWER_OFFSET = 1000
KIND_BY_INTENSITY = {"warmup": "warmup", "cooldown": "cooldown", "rest": "rest",
                     "recovery": "recover", "active": "run", "interval": "run"}
REPEAT_UNTIL = {
    "repeat_until_time": ("time", lambda v: f"{v / 1000:g} s"),
    "repeat_until_distance": ("distance", lambda v: f"{v / 100:g} m"),
    "repeat_until_calories": ("calories", lambda v: f"{v} kcal"),
    "repeat_until_hr_less_than": ("HR <", lambda v: _hr_value(v)),
    "repeat_until_hr_greater_than": ("HR >", lambda v: _hr_value(v)),
    "repeat_until_power_less_than": ("power <", lambda v: _power_value(v)),
    "repeat_until_power_greater_than": ("power >", lambda v: _power_value(v)),
}


def _hr_value(value) -> str:
    if value is None:
        return "?"
    return f"{value - HR_OFFSET} bpm" if value > HR_OFFSET else f"{value}% max HR"


def _power_value(value) -> str:
    if value is None:
        return "?"
    return f"{value - POWER_OFFSET} W" if value > POWER_OFFSET else f"{value}% FTP"


def decode(data: bytes, file: str) -> dict:
    """Decoded messages of a valid FIT file, or a RunwalkError saying what is wrong."""
    from garmin_fit_sdk import Decoder, Stream

    stream = Stream.from_byte_array(bytearray(data))
    decoder = Decoder(stream)
    if not decoder.is_fit():
        raise RunwalkError("not a FIT file", file)
    if not decoder.check_integrity():
        raise RunwalkError("FIT file is damaged (its CRC does not match)", file)
    stream.reset()
    messages, errors = decoder.read(convert_datetimes_to_dates=False,
                                    convert_types_to_strings=True)
    if errors:
        raise RunwalkError(f"FIT file could not be read: {errors[0]}", file)
    return messages


def read_fit(path: Path, units: str = "mi") -> Workout:
    """The workout in a FIT file, as a step list."""
    file = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RunwalkError(f"cannot read: {exc.strerror}", file) from None
    messages = decode(data, file)
    file_type = (messages.get("file_id_mesgs") or [{}])[0].get("type")
    if file_type != "workout" or not messages.get("workout_step_mesgs"):
        what = f"a '{file_type}' file" if file_type else "a FIT file without a file type"
        raise RunwalkError(f"not a workout: this is {what} (runwalk shows workout files)", file)
    head = (messages.get("workout_mesgs") or [{}])[0]
    sport = head.get("sport") or "unknown"
    steps = _items(sorted(messages["workout_step_mesgs"],
                          key=lambda m: m.get("message_index", 0)), sport)
    return Workout(name=str(head.get("wkt_name") or path.stem), steps=tuple(steps),
                   sport=str(sport), units=units, source=file)


def _items(messages, sport) -> list:
    # (first message index, item); a repeat folds the items from its jump target on.
    items: list = []
    for position, message in enumerate(messages):
        index = message.get("message_index", position)
        duration_type = message.get("duration_type")
        if duration_type and str(duration_type).startswith("repeat_"):
            first = message.get("duration_step", message.get("duration_value", 0)) or 0
            body = [item for start, item in items if start >= first]
            kept = [(start, item) for start, item in items if start < first]
            start = min([s for s, _ in items if s >= first], default=index)
            if duration_type == "repeat_until_steps_cmplt":
                count = message.get("repeat_steps", message.get("target_value")) or 1
                repeat = Repeat(count=int(count), steps=tuple(body))
            else:
                what, fmt = REPEAT_UNTIL.get(duration_type, (duration_type, str))
                value = message.get("target_value")
                repeat = Repeat(count=1, steps=tuple(body), until=f"{what} {fmt(value)}")
            items = kept + [(start, repeat)]
            continue
        items.append((index, _step(message, sport)))
    return [item for _, item in items]


def _step(message: dict, sport) -> Step:
    intensity = message.get("intensity") or "active"
    name = message.get("wkt_step_name")
    kind = KIND_BY_INTENSITY.get(intensity, "run")
    if name and name.strip().lower() == "walk":
        kind = "walk"
    if not name and sport not in ("running", "walking"):
        name = str(intensity).title()
    return Step(kind=kind, duration=_duration(message), target=_target(message),
                name=name or None)


def _duration(message: dict):
    kind = message.get("duration_type")
    value = message.get("duration_value")
    if kind == "time":
        return Time(message.get("duration_time", (value or 0) / 1000))
    if kind == "distance":
        return Distance(message.get("duration_distance", (value or 0) / 100))
    if kind in ("open", None):
        return Lap()
    if kind in ("hr_less_than", "hr_greater_than"):
        return OtherDuration(f"until HR {'<' if 'less' in kind else '>'} {_hr_value(value)}")
    if kind in ("power_less_than", "power_greater_than"):
        return OtherDuration(f"until power {'<' if 'less' in kind else '>'} {_power_value(value)}")
    if kind == "calories":
        return OtherDuration(f"{value} kcal")
    return OtherDuration(f"{kind} {value}")


def _target(message: dict):
    kind = message.get("target_type")
    value = message.get("target_value")
    low = message.get("custom_target_value_low")
    high = message.get("custom_target_value_high")
    if kind in (None, "open"):
        return NoTarget()
    if kind == "speed":
        if value:
            return OtherTarget(f"speed zone {value}")
        low_speed = message.get("custom_target_speed_low", (low or 0) / 1000)
        high_speed = message.get("custom_target_speed_high", (high or 0) / 1000)
        if low_speed and high_speed:
            return Speed(min(low_speed, high_speed), max(low_speed, high_speed))
        return OtherTarget("speed")
    if kind == "heart_rate":
        if value:
            return HeartRateZone(int(value))
        if low and high and low > HR_OFFSET and high > HR_OFFSET:
            return HeartRate(low - HR_OFFSET, high - HR_OFFSET)
        return OtherTarget(f"{low}-{high}% max HR")
    if kind == "power":
        if value:
            return OtherTarget(f"power zone {value}")
        if low is not None and high is not None and (low > POWER_OFFSET) == (high > POWER_OFFSET):
            unit = "W" if low > POWER_OFFSET else "% FTP"
            offset = POWER_OFFSET if low > POWER_OFFSET else 0
            return OtherTarget(f"power {low - offset}-{high - offset} {unit}")
        return OtherTarget(f"power {_power_value(low)}-{_power_value(high)}")
    if kind == "cadence":
        return OtherTarget(f"cadence zone {value}" if value else f"{low}-{high} rpm")
    return OtherTarget(f"{kind} {value}")

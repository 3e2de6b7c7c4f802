"""Reading any FIT workout file (ours, Garmin's SDK examples, other tools') into a step list.

Decoded with garmin-fit-sdk, Garmin's own decoder. Foreign files use durations and
targets runwalk never writes (power, cadence, calories, heart-rate repeats); those
are kept as text so ``show`` can print them.
"""

from __future__ import annotations

from pathlib import Path

from .errors import RunwalkError
from .steps import (HR_RANGE, MAX_SPEED, MIN_METRES, MIN_SECONDS, Distance, HeartRate,
                    HeartRateZone, Lap, NoTarget, OtherDuration, OtherTarget, Repeat, Speed, Step,
                    Time, Workout, clean_text)

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


def split_chained(data: bytes) -> list:
    """The FIT files in ``data``: one, or several written one after another (chained)."""
    parts, offset = [], 0
    while offset < len(data):
        if len(data) - offset < 12:
            break
        header = data[offset]
        size = header + int.from_bytes(data[offset + 4:offset + 8], "little") + 2
        if header < 12 or data[offset + 8:offset + 12] != b".FIT" or offset + size > len(data):
            break
        parts.append(data[offset:offset + size])
        offset += size
    return parts or [data]


def decode(data: bytes, file: str) -> dict:
    """Decoded messages of a valid FIT file, or a RunwalkError saying what is wrong."""
    from garmin_fit_sdk import Decoder, Stream

    try:
        stream = Stream.from_byte_array(bytearray(data))
        decoder = Decoder(stream)
        if not decoder.is_fit():
            raise RunwalkError("not a FIT file", file)
        if not decoder.check_integrity():
            raise RunwalkError("FIT file is damaged (its CRC does not match)", file)
        stream.reset()
        messages, errors = decoder.read(convert_datetimes_to_dates=False,
                                        convert_types_to_strings=True)
    except RunwalkError:
        raise
    except Exception as exc:  # the decoder's own failures on a malformed file
        raise RunwalkError(f"FIT file could not be read: {exc}", file) from None
    if errors:
        raise RunwalkError(f"FIT file could not be read: {errors[0]}", file)
    return messages


def read_fit(path: Path, units: str = "mi") -> Workout:
    """The (first) workout in a FIT file, as a step list."""
    return read_fits(path, units)[0]


def read_fits(path: Path, units: str = "mi") -> list:
    """Every workout in a FIT file (chained files hold several), as step lists."""
    file = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RunwalkError(f"cannot read: {exc.strerror}", file) from None
    return [_workout(decode(part, file), file, path.stem, units) for part in split_chained(data)]


def _workout(messages: dict, file: str, default_name: str, units: str) -> Workout:
    file_type = (messages.get("file_id_mesgs") or [{}])[0].get("type")
    if file_type != "workout" or not messages.get("workout_step_mesgs"):
        what = f"a '{file_type}' file" if file_type else "a FIT file without a file type"
        raise RunwalkError(f"not a workout: this is {what} (runwalk shows workout files)", file)
    head = (messages.get("workout_mesgs") or [{}])[0]
    sport = clean_text(str(head.get("sport") or "unknown")) or "unknown"
    warnings: list = []
    steps = _items(messages["workout_step_mesgs"], sport, warnings)
    if not steps:
        raise RunwalkError("the workout has no steps runwalk can read", file)
    name = _text(head.get("wkt_name")) or default_name
    notes = _text(head.get("wkt_description"), multiline=True)
    return Workout(name=name, steps=tuple(steps), notes=notes, sport=sport, units=units,
                   source=file, warnings=tuple(warnings))


def _index(message: dict, position: int) -> int:
    value = message.get("message_index")
    return value if isinstance(value, int) else position


def _items(messages, sport, warnings: list) -> list:
    """Steps in message_index order; a repeat folds the items from its jump target on."""
    ordered = sorted(enumerate(messages), key=lambda m: (_index(m[1], m[0]), m[0]))
    items: list = []  # (message index of its first step, item)
    for position, message in ordered:
        index = _index(message, position)
        duration_type = message.get("duration_type")
        if duration_type and str(duration_type).startswith("repeat_"):
            first = message.get("duration_step", message.get("duration_value", 0))
            first = first if isinstance(first, int) else 0
            body = [item for start, item in items if first <= start < index]
            if not body:
                warnings.append(f"step {index} repeats from step {first}, which does not come "
                                "before it: left out")
                continue
            kept = [(start, item) for start, item in items if start < first]
            start = min(s for s, _ in items if first <= s < index)
            if duration_type == "repeat_until_steps_cmplt":
                count = message.get("repeat_steps", message.get("target_value"))
                if not isinstance(count, int) or count < 1:
                    warnings.append(f"step {index} repeats {count!r} times: read as once")
                    count = 1
                repeat = Repeat(count=count, steps=tuple(body))
            else:
                what, fmt = REPEAT_UNTIL.get(duration_type, (duration_type, str))
                value = message.get("target_value")
                repeat = Repeat(count=1, steps=tuple(body),
                                until=clean_text(f"{what} {fmt(value)}"))
            items = kept + [(start, repeat)]
            continue
        items.append((index, _step(message, sport)))
    return [item for _, item in items]


def _step(message: dict, sport) -> Step:
    intensity = message.get("intensity") or "active"
    name = _text(message.get("wkt_step_name"))
    kind = KIND_BY_INTENSITY.get(intensity, "run")
    if name.lower() == "walk":
        kind = "walk"
    if not name and sport not in ("running", "walking"):
        name = clean_text(str(intensity).title())
    notes = _text(message.get("notes"), multiline=True)
    return Step(kind=kind, duration=_duration(message), target=_target(message),
                name=name or None, notes=notes or None)


def _duration(message: dict):
    kind = message.get("duration_type")
    value = message.get("duration_value")
    if kind == "time":
        seconds = message.get("duration_time", (value or 0) / 1000)
        return Time(seconds) if _number(seconds) >= MIN_SECONDS else OtherDuration(f"{seconds} s")
    if kind == "distance":
        metres = message.get("duration_distance", (value or 0) / 100)
        return Distance(metres) if _number(metres) >= MIN_METRES else OtherDuration(f"{metres} m")
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
        slow, fast = sorted((_number(low_speed), _number(high_speed)))
        if 0 < slow and fast <= MAX_SPEED:
            return Speed(slow, fast)
        if slow == 0 and 0 < fast <= MAX_SPEED:
            return Speed(0.0, fast, ceiling=True)  # only a faster bound: a pace ceiling
        return OtherTarget(f"speed {low_speed}-{high_speed} m/s")
    if kind == "heart_rate":
        if value:
            return HeartRateZone(value) if value in range(1, 6) else OtherTarget(f"HR zone {value}")
        if isinstance(low, int) and isinstance(high, int) and low > HR_OFFSET and high > HR_OFFSET:
            bpm = sorted((low - HR_OFFSET, high - HR_OFFSET))
            if HR_RANGE[0] <= bpm[0] and bpm[1] <= HR_RANGE[1]:
                ceiling = bpm[0] == HR_RANGE[0]
                return HeartRate(bpm[0], bpm[1], ceiling=ceiling)
            return OtherTarget(f"{bpm[0]}-{bpm[1]} bpm")
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


def _text(value, multiline: bool = False) -> str:
    """A decoded string field as text. A NUL inside a FIT string ends it (the decoder gives
    the pieces as a list): a watch shows the first piece, and so does runwalk."""
    if isinstance(value, (list, tuple)):
        value = next((v for v in value if isinstance(v, str) and v.strip()), "")
    return clean_text(str(value or ""), multiline)


def _number(value) -> float:
    """A decoded numeric field as a float; 0 when it is missing or not a number."""
    return float(value) if isinstance(value, (int, float)) else 0.0

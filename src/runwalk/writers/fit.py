"""Garmin FIT workout files: written with fit-tool, read with garmin-fit-sdk.

Messages: file_id (type workout), workout, then one workout_step per step and per
repeat. fit-tool scales sub-field values by the reference field set at that moment,
so every step sets duration_type/target_type first and then the value in real units
(seconds, metres, m/s); raw wire values would be scaled twice.

The header is Garmin's 14 bytes with its CRC (protocol 1.0, as Garmin's SDK writes
workouts). The serial number comes from the workout's identity (its ``id:``, its plan
and session, or its path in the workouts folder), so a re-targeted build replaces the
workout on the watch instead of adding a second one.
"""

from __future__ import annotations

import dataclasses
import zlib
from pathlib import Path

from ..errors import RunwalkError
from ..lowering import Can, duration_kind, lower, refuse_too_many, target_kind
from ..steps import (HR_RANGE, KIND_LABELS, MAX_SPEED, MIN_METRES, MIN_SECONDS, Distance, HeartRate,
                     HeartRateZone, Lap, NoTarget, OtherDuration, OtherTarget, Repeat, Speed, Step,
                     Time, Workout, clean_text, repeats)
from . import Losses, Options, Rendered

FIT_EPOCH = 631065600  # 1989-12-31 UTC, the earliest time a FIT file can say
HR_OFFSET = 100  # custom heart-rate values above 100 are bpm + 100; below are % of max
# The FIT profile's names, as fit-tool spells its enums (upper case) and garmin-fit-sdk
# decodes them (lower case): walks are recovery steps named "Walk" (rest makes some
# watches show a rest timer), so walk and recover share recovery and the name tells them
# apart; a recovery step named otherwise reads back as a walk.
CAN = Can(
    "FIT",
    kinds=(("warmup", "warmup"), ("run", "active"), ("walk", "recovery"),
           ("recover", "recovery"), ("cooldown", "cooldown"), ("rest", "rest"),
           ("run", "interval")),
    durations=(("time", "time"), ("distance", "distance"), ("lap", "open")),
    targets=(("none", "open"), ("speed", "speed"), ("ceiling", "speed"), ("hr", "heart_rate"),
             ("hr_ceiling", "heart_rate"), ("zone", "heart_rate")),
    steps=50,  # Garmin Connect keeps at most 50 step messages (repeats count)
    step_name=("bytes", 15), step_notes=("bytes", 49),  # older watches show 15 bytes
    workout_name=("bytes", 15), notes=("bytes", 49),
    speed_resolution=0.001)  # mm/s
REPEAT = "repeat_until_steps_cmplt"  # a repeat step: jump back, count
SPORTS = ("running", "walking")
# A watch keeps about 4 weeks and 30 scheduled workouts
SCHEDULE_WEEKS, SCHEDULE_SESSIONS = 4, 30


def serial_number(workout: Workout) -> int:
    """A non-zero serial from the workout's identity: stable when its paces change,
    distinct between workouts (the build refuses two with one identity). An imported
    FIT workout keeps its file's serial as ``id: serial:NUMBER``."""
    key = workout.identity or repr((workout.name, workout.short_name, workout.sport))
    if key.startswith("serial:") and key[7:].isdigit() and 0 < int(key[7:]) < 2 ** 32:
        return int(key[7:])
    return zlib.crc32(key.encode("utf-8")) or 1


def problems(workout: Workout, options: Options = Options()) -> tuple:
    """What a FIT file cannot say as written: names and notes cut, foreign steps lowered."""
    return _lowered(workout, options)[1].warnings()


def _lowered(workout: Workout, options: Options) -> tuple:
    """(the lowered workout, its losses) as FIT holds it."""
    losses = Losses("FIT", workout)
    return lower(workout, CAN, losses, options.profile), losses


def render(workout: Workout, options: Options = Options()) -> Rendered:
    from fit_tool.fit_file import FitFile
    from fit_tool.fit_file_builder import FitFileBuilder, calc_records_size
    from fit_tool.fit_file_header import FitFileHeader, ProtocolVersion
    from fit_tool.profile.messages.file_id_message import FileIdMessage
    from fit_tool.profile.messages.workout_message import WorkoutMessage
    from fit_tool.profile.profile_type import FileType, Manufacturer, Sport

    lowered, losses = _lowered(workout, options)
    refuse_too_many(lowered, CAN, "a FIT workout (watches and Garmin Connect)")
    workout = lowered.workout
    steps: list = []
    _add(workout.steps, steps)

    file_id = FileIdMessage()
    file_id.type = FileType.WORKOUT
    file_id.manufacturer = Manufacturer.DEVELOPMENT.value
    file_id.product = 0
    file_id.serial_number = serial_number(workout)
    # fit-tool takes ms since 1970
    file_id.time_created = max(options.time_created, FIT_EPOCH) * 1000

    head = WorkoutMessage()
    head.sport = Sport[workout.sport.upper()]
    head.num_valid_steps = len(steps)
    head.workout_name = workout.display_name
    if workout.notes:
        head.workout_description = workout.notes

    # A fixed string size and one local message type per shape of step (the fields it
    # sets) let each shape be defined once, instead of a new definition per step.
    builder = FitFileBuilder(auto_define=True, min_string_size=CAN.step_name[1] + 1)
    file_id.local_id, head.local_id = 0, 1
    builder.add(file_id)
    builder.add(head)
    shapes: dict = {}
    for step in steps:
        shape = tuple(f.field_id for f in step.fields if f.is_valid())
        step.local_id = shapes.setdefault(shape, 2 + len(shapes) % 14)
        step.definition_message = None  # a cached message may carry another file's definition
        builder.add(step)
    # Garmin's 14-byte header with its CRC, protocol 1.0, as Garmin's SDK writes workouts.
    header = FitFileHeader(calc_records_size(builder.records), protocol_version=ProtocolVersion(1, 0),
                           gen_crc=True)
    return Rendered(FitFile(header, builder.records).to_bytes(), losses.warnings())


# Step messages by (position, content): building a fit-tool message costs ~0.13 ms, and
# packs repeat the same steps (Run 1:00 at position 1...) across many workouts. A message
# is only read while its own file is encoded, so one object can serve every file.
_MESSAGES: dict = {}
_MESSAGES_MAX = 20_000


def _add(items, out: list) -> None:
    for item in items:
        if isinstance(item, Repeat):
            first = len(out)
            _add(item.steps, out)
            key = (len(out), "repeat", first, item.count)
        else:
            key = (len(out), item.kind, item.duration, item.target, item.label, item.notes)
        message = _MESSAGES.get(key)
        if message is None:
            if len(_MESSAGES) >= _MESSAGES_MAX:
                _MESSAGES.clear()
            message = _MESSAGES[key] = _message(item, len(out), key)
        out.append(message)


def _message(item, index: int, key):
    from fit_tool.profile.messages.workout_step_message import WorkoutStepMessage
    from fit_tool.profile.profile_type import Intensity, WorkoutStepDuration, WorkoutStepTarget

    message = WorkoutStepMessage()
    message.message_index = index
    if isinstance(item, Repeat):
        # As in Garmin's own files: the jump back and the count, an open target, active.
        message.duration_type = WorkoutStepDuration[REPEAT.upper()]
        message.duration_step = key[2]
        message.target_type = WorkoutStepTarget[CAN.code("targets", "none").upper()]
        message.target_repeat_steps = item.count
        message.intensity = Intensity[CAN.code("kinds", "run").upper()]
        return message
    message.workout_step_name = item.label
    message.intensity = Intensity[CAN.code("kinds", item.kind).upper()]
    if item.notes:
        message.notes = item.notes
    duration = item.duration
    message.duration_type = WorkoutStepDuration[CAN.code("durations", duration_kind(duration)).upper()]
    if isinstance(duration, Time):
        message.duration_time = duration.seconds
    elif isinstance(duration, Distance):
        message.duration_distance = duration.metres
    target = item.target
    message.target_type = WorkoutStepTarget[CAN.code("targets", target_kind(target)).upper()]
    if isinstance(target, Speed):
        message.target_value = 0
        message.custom_target_speed_low = target.low
        message.custom_target_speed_high = target.high
    elif isinstance(target, HeartRate):
        message.target_value = 0
        message.custom_target_heart_rate_low = target.low + HR_OFFSET
        message.custom_target_heart_rate_high = target.high + HR_OFFSET
    elif isinstance(target, HeartRateZone):
        message.target_hr_zone = target.zone
    return message


def schedule_window(plan, start) -> list:
    """The plan's sessions a watch's schedule holds: from ``start`` on, within 4 weeks and
    30 sessions."""
    import datetime as dt

    end = start + dt.timedelta(weeks=SCHEDULE_WEEKS)
    chosen = [s for s in plan.workouts if s.date is not None and start <= s.date < end]
    return chosen[:SCHEDULE_SESSIONS]


def render_schedule(sessions, options: Options = Options()) -> bytes:
    """A FIT schedules file: one ``schedule`` message per session, pointing at its workout
    file by that file's identity (manufacturer, product, serial number, time created)."""
    import datetime as dt

    epoch = dt.datetime(1989, 12, 31)
    # scheduled_time is a local_date_time: seconds since the FIT epoch on the watch's clock
    entries = [(serial_number(s.workout),
                int((dt.datetime.combine(s.date, dt.time()) - epoch).total_seconds()))
               for s in sessions]
    return schedule_bytes(entries, options.time_created)


def schedule_bytes(entries, time_created: int | None) -> bytes:
    """A FIT schedules file from (serial number, local scheduled time) pairs, for workout
    files made by runwalk at ``time_created`` (Unix seconds)."""
    from fit_tool.fit_file import FitFile
    from fit_tool.fit_file_builder import FitFileBuilder, calc_records_size
    from fit_tool.fit_file_header import FitFileHeader, ProtocolVersion
    from fit_tool.profile.messages.file_id_message import FileIdMessage
    from fit_tool.base_type import BaseType
    from fit_tool.profile.messages.schedule_message import ScheduleCompletedField, ScheduleMessage
    from fit_tool.profile.profile_type import FileType, Manufacturer, Schedule

    created = max(time_created or Options.time_created, FIT_EPOCH) * 1000
    builder = FitFileBuilder(auto_define=True)
    file_id = FileIdMessage()
    file_id.type = FileType.SCHEDULES
    file_id.manufacturer = Manufacturer.DEVELOPMENT.value
    file_id.product = 0
    file_id.serial_number = zlib.crc32(repr(list(entries)).encode()) or 1
    file_id.time_created = created
    builder.add(file_id)
    for serial, when in entries:
        entry = ScheduleMessage()
        entry.manufacturer = Manufacturer.DEVELOPMENT.value
        entry.product = 0
        entry.serial_number = serial
        entry.time_created = created
        # the FIT profile types completed as bool (base type enum), as Garmin's own encoder
        # writes it; fit-tool 0.9 declares it uint8
        entry.get_field(ScheduleCompletedField.ID).base_type = BaseType.ENUM
        entry.completed = False
        entry.type = Schedule.WORKOUT
        entry.scheduled_time = when
        builder.add(entry)
    header = FitFileHeader(calc_records_size(builder.records), protocol_version=ProtocolVersion(1, 0),
                           gen_crc=True)
    return FitFile(header, builder.records).to_bytes()


# --- Reading: any FIT workout (ours, Garmin's SDK examples, other tools') into a step list.
# Foreign files use durations and targets runwalk never writes (power, cadence, calories,
# heart-rate repeats); those are kept as text so ``show`` can print them and ``import``
# can keep them as comments.

POWER_OFFSET = 1000
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


def read(data: bytes, file: str, profile=None) -> list:
    """Every running or walking workout in FIT ``data``, for import: another sport is
    refused in one line naming it; the file's serial number is kept as the identity."""
    units = profile.units if profile is not None else "mi"
    workouts = []
    for part in split_chained(data):
        messages = decode(part, file)
        workout = _workout(messages, file, Path(file).stem, units)
        if workout.sport not in SPORTS + ("unknown",):
            raise RunwalkError(f"this is a {workout.sport} workout: runwalk imports running and "
                               "walking workouts", file)
        serial = (messages.get("file_id_mesgs") or [{}])[0].get("serial_number")
        workouts.append(dataclasses.replace(
            workout, sport="walking" if workout.sport == "walking" else "running",
            identity=f"serial:{serial}" if isinstance(serial, int) and serial > 0 else None))
    return workouts


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
    try:
        return [_workout(decode(part, file), file, path.stem, units) for part in split_chained(data)]
    except RunwalkError as exc:  # a step the step list refuses (1e10 s...): this file's
        raise exc.located(file) from None


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
        if duration_type and str(duration_type).startswith("repeat_"):  # REPEAT and kin
            first = message.get("duration_step", message.get("duration_value", 0))
            first = first if isinstance(first, int) else 0
            body = [item for start, item in items if first <= start < index]
            if not body:
                warnings.append(f"step {index} repeats from step {first}, which does not come "
                                "before it: left out")
                continue
            kept = [(start, item) for start, item in items if start < first]
            start = min(s for s, _ in items if first <= s < index)
            if duration_type == REPEAT:
                count = message.get("repeat_steps", message.get("target_value"))
                if not isinstance(count, int) or count < 1:
                    warnings.append(f"step {index} repeats {count!r} times: read as once")
                    count = 1
                made = repeats(count, tuple(body), once=True)
            else:
                what, fmt = REPEAT_UNTIL.get(duration_type, (duration_type, str))
                value = message.get("target_value")
                made = [Repeat(count=1, steps=tuple(body), until=clean_text(f"{what} {fmt(value)}"))]
            items = kept + [(start, item) for item in made]
            continue
        items.append((index, _step(message, sport)))
    return [item for _, item in items]


def _step(message: dict, sport) -> Step:
    intensity = message.get("intensity") or "active"
    name = _text(message.get("wkt_step_name"))
    kind = CAN.kind_of(intensity, name)
    if not name and sport not in SPORTS:
        name = clean_text(str(intensity).title())
    notes = _text(message.get("notes"), multiline=True)
    return Step(kind=kind, duration=_duration(message), target=_target(message),
                name=name if name and name != KIND_LABELS[kind] else None, notes=notes or None)


def _duration(message: dict):
    code = message.get("duration_type")
    value = message.get("duration_value")
    kind = CAN.name_of("durations", code or "open")
    if kind == "time":
        seconds = message.get("duration_time", (value or 0) / 1000)
        return Time(seconds) if _number(seconds) >= MIN_SECONDS else OtherDuration(f"{seconds} s")
    if kind == "distance":
        metres = message.get("duration_distance", (value or 0) / 100)
        return Distance(metres) if _number(metres) >= MIN_METRES else OtherDuration(f"{metres} m")
    if kind == "lap":
        return Lap()
    kind = code
    if kind in ("hr_less_than", "hr_greater_than"):
        return OtherDuration(f"until HR {'<' if 'less' in kind else '>'} {_hr_value(value)}")
    if kind in ("power_less_than", "power_greater_than"):
        return OtherDuration(f"until power {'<' if 'less' in kind else '>'} {_power_value(value)}")
    if kind == "calories":
        return OtherDuration(f"{value} kcal")
    return OtherDuration(f"{kind} {value}")


def _target(message: dict):
    code = message.get("target_type")
    value = message.get("target_value")
    low = message.get("custom_target_value_low")
    high = message.get("custom_target_value_high")
    kind = CAN.name_of("targets", code or "open")
    if kind == "none":
        return NoTarget()
    if kind in ("speed", "ceiling"):
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
    if kind in ("hr", "hr_ceiling", "zone"):
        if value:
            return HeartRateZone(value) if value in range(1, 6) else OtherTarget(f"HR zone {value}")
        if isinstance(low, int) and isinstance(high, int) and low > HR_OFFSET and high > HR_OFFSET:
            bpm = sorted((low - HR_OFFSET, high - HR_OFFSET))
            if HR_RANGE[0] <= bpm[0] and bpm[1] <= HR_RANGE[1]:
                ceiling = bpm[0] == HR_RANGE[0]
                return HeartRate(bpm[0], bpm[1], ceiling=ceiling)
            return OtherTarget(f"{bpm[0]}-{bpm[1]} bpm")
        return OtherTarget(f"{low}-{high}% max HR")
    kind = code
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

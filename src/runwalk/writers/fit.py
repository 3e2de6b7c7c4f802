"""Garmin FIT workout files, encoded with fit-tool.

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

import zlib

from ..errors import RunwalkError
from ..limits import LIMITS
from ..lowering import Can, cut_utf8, lower, sport
from ..steps import (Distance, HeartRate, HeartRateZone, Lap, Repeat, Speed, Time, Workout,
                     flat_count, leaf_steps)
from . import Losses, Options, Rendered

FIT_EPOCH = 631065600  # 1989-12-31 UTC, the earliest time a FIT file can say
HR_OFFSET = 100  # custom heart-rate values above 100 are bpm + 100; below are % of max
NAME_BYTES = LIMITS["fit"]["name_bytes"]
STEP_NAME_BYTES = LIMITS["fit"]["step_name_bytes"]
NOTES_BYTES = LIMITS["fit"]["notes_bytes"]
MAX_STEPS = LIMITS["fit"]["steps"]
# FIT says every duration and target runwalk has; foreign ones are lowered.
CAN = Can(step_name=("bytes", STEP_NAME_BYTES))


def serial_number(workout: Workout) -> int:
    """A non-zero serial from the workout's identity: stable when its paces change,
    distinct between workouts (the build refuses two with one identity)."""
    key = workout.identity or repr((workout.name, workout.short_name, workout.sport))
    return zlib.crc32(key.encode("utf-8")) or 1


def problems(workout: Workout, options: Options = Options()) -> tuple:
    """What a FIT file cannot say as written: names and notes cut, foreign steps lowered."""
    return _lowered(workout)[1].warnings()


def _lowered(workout: Workout) -> tuple:
    """(items, losses, sport) as FIT holds them."""
    losses = Losses("FIT", workout)
    items = lower(workout, CAN, losses)
    count = flat_count(items)
    if count > MAX_STEPS:
        losses.add(f"{count} steps (repeats count once each): a FIT workout holds at most "
                   f"{MAX_STEPS}", kind="too many steps for FIT")
    _cut(workout.display_name, NAME_BYTES, "workout name", losses)
    _cut(workout.notes, NOTES_BYTES, "notes", losses)
    for step in leaf_steps(items):
        _cut(step.notes or "", NOTES_BYTES, "step notes", losses, step)
    return items, losses, sport(workout, CAN, losses)


def render(workout: Workout, options: Options = Options()) -> Rendered:
    from fit_tool.fit_file import FitFile
    from fit_tool.fit_file_builder import FitFileBuilder, calc_records_size
    from fit_tool.fit_file_header import FitFileHeader, ProtocolVersion
    from fit_tool.profile.messages.file_id_message import FileIdMessage
    from fit_tool.profile.messages.workout_message import WorkoutMessage
    from fit_tool.profile.profile_type import FileType, Manufacturer

    items, losses, sport_name = _lowered(workout)
    count = flat_count(items)
    if count > MAX_STEPS:
        line = min((s.line for s in leaf_steps(items) if s.line), default=None)
        raise RunwalkError(f"the workout has {count} steps (repeats count once each); a FIT "
                           f"workout (watches and Garmin Connect) holds at most {MAX_STEPS}: "
                           "use repeats, split it, or build other formats with --format",
                           workout.source, line)
    steps: list = []
    _add(items, steps)

    file_id = FileIdMessage()
    file_id.type = FileType.WORKOUT
    file_id.manufacturer = Manufacturer.DEVELOPMENT.value
    file_id.product = 0
    file_id.serial_number = serial_number(workout)
    # fit-tool takes ms since 1970
    file_id.time_created = max(options.time_created, FIT_EPOCH) * 1000

    head = WorkoutMessage()
    head.sport = _sports()[sport_name]
    head.num_valid_steps = len(steps)
    head.workout_name = cut_utf8(workout.display_name, NAME_BYTES)
    if workout.notes:
        head.workout_description = cut_utf8(workout.notes, NOTES_BYTES)

    # A fixed string size and one local message type per shape of step (the fields it
    # sets) let each shape be defined once, instead of a new definition per step.
    builder = FitFileBuilder(auto_define=True, min_string_size=STEP_NAME_BYTES + 1)
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


def _cut(text: str, limit: int, what: str, losses: Losses, step=None) -> str:
    cut = cut_utf8(text, limit)
    if cut != text:
        losses.add(f"{what} '{text}' cut to '{cut}' ({limit} bytes)", step,
                   kind=f"{what} cut to {limit} bytes")
    return cut


def _sports():
    from fit_tool.profile.profile_type import Sport
    return {"running": Sport.RUNNING, "walking": Sport.WALKING}


def _intensities():
    from fit_tool.profile.profile_type import Intensity
    return {"warmup": Intensity.WARMUP, "run": Intensity.ACTIVE, "walk": Intensity.RECOVERY,
            "recover": Intensity.RECOVERY, "cooldown": Intensity.COOLDOWN,
            "rest": Intensity.REST}


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
    from fit_tool.profile.profile_type import WorkoutStepDuration, WorkoutStepTarget

    message = WorkoutStepMessage()
    message.message_index = index
    if isinstance(item, Repeat):
        # As in Garmin's own files: the jump back and the count, an open target, active.
        message.duration_type = WorkoutStepDuration.REPEAT_UNTIL_STEPS_CMPLT
        message.duration_step = key[2]
        message.target_type = WorkoutStepTarget.OPEN
        message.target_repeat_steps = item.count
        message.intensity = _intensities()["run"]
        return message
    message.workout_step_name = cut_utf8(item.label, STEP_NAME_BYTES)
    message.intensity = _intensities()[item.kind]
    if item.notes:
        message.notes = cut_utf8(item.notes, NOTES_BYTES)
    duration = item.duration
    if isinstance(duration, Time):
        message.duration_type = WorkoutStepDuration.TIME
        message.duration_time = duration.seconds
    elif isinstance(duration, Distance):
        message.duration_type = WorkoutStepDuration.DISTANCE
        message.duration_distance = duration.metres
    elif isinstance(duration, Lap):
        message.duration_type = WorkoutStepDuration.OPEN
    target = item.target
    if isinstance(target, Speed):
        message.target_type = WorkoutStepTarget.SPEED
        message.target_value = 0
        message.custom_target_speed_low = target.low
        message.custom_target_speed_high = target.high
    elif isinstance(target, HeartRate):
        message.target_type = WorkoutStepTarget.HEART_RATE
        message.target_value = 0
        message.custom_target_heart_rate_low = target.low + HR_OFFSET
        message.custom_target_heart_rate_high = target.high + HR_OFFSET
    elif isinstance(target, HeartRateZone):
        message.target_type = WorkoutStepTarget.HEART_RATE
        message.target_hr_zone = target.zone
    else:
        message.target_type = WorkoutStepTarget.OPEN
    return message


def schedule_window(plan, start) -> list:
    """The plan's sessions a watch's schedule holds: from ``start`` on, within the weeks
    and the count the limits table gives (4 weeks, 30 sessions)."""
    import datetime as dt

    limit = LIMITS["schedule"]
    end = start + dt.timedelta(weeks=limit["weeks"])
    chosen = [s for s in plan.workouts if s.date is not None and start <= s.date < end]
    return chosen[:limit["sessions"]]


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
    from fit_tool.profile.messages.schedule_message import ScheduleMessage
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
        entry.completed = False
        entry.type = Schedule.WORKOUT
        entry.scheduled_time = when
        builder.add(entry)
    header = FitFileHeader(calc_records_size(builder.records), protocol_version=ProtocolVersion(1, 0),
                           gen_crc=True)
    return FitFile(header, builder.records).to_bytes()

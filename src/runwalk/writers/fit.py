"""Garmin FIT workout files, encoded with fit-tool.

Messages: file_id (type workout), workout, then one workout_step per step and per
repeat. fit-tool scales sub-field values by the reference field set at that moment,
so every step sets duration_type/target_type first and then the value in real units
(seconds, metres, m/s); raw wire values would be scaled twice.
"""

from __future__ import annotations

import zlib

from ..limits import LIMITS
from ..steps import (Distance, HeartRate, HeartRateZone, Lap, Repeat, Speed, Time, Workout,
                     leaf_steps)
from . import Losses, Options, Rendered

FIT_EPOCH = 631065600  # 1989-12-31 UTC, the earliest time a FIT file can say
HR_OFFSET = 100  # custom heart-rate values above 100 are bpm + 100; below are % of max
NAME_BYTES = LIMITS["fit"]["name_bytes"]
STEP_NAME_BYTES = LIMITS["fit"]["step_name_bytes"]


def cut_utf8(text: str, limit: int) -> str:
    """The longest prefix of ``text`` within ``limit`` UTF-8 bytes, never splitting a character."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", errors="ignore")


def serial_number(workout: Workout) -> int:
    """A non-zero serial from the content, so builds are reproducible and files distinct."""
    key = repr((workout.name, workout.short_name, workout.sport, workout.steps)).encode()
    return zlib.crc32(key) or 1


def problems(workout: Workout, options: Options = Options()) -> tuple:
    """Names longer than a watch shows (cut to the byte limit)."""
    losses = Losses("FIT", workout)
    _cut(workout.display_name, NAME_BYTES, "workout name", losses)
    for step in leaf_steps(workout.steps):
        _cut(step.label, STEP_NAME_BYTES, "step name", losses, step)
    return losses.warnings()


def render(workout: Workout, options: Options = Options()) -> Rendered:
    from fit_tool.fit_file_builder import FitFileBuilder
    from fit_tool.profile.messages.file_id_message import FileIdMessage
    from fit_tool.profile.messages.workout_message import WorkoutMessage
    from fit_tool.profile.profile_type import FileType, Manufacturer

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
    head.sport = _sports()[workout.sport]
    head.num_valid_steps = len(steps)
    head.workout_name = cut_utf8(workout.display_name, NAME_BYTES)

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
    return Rendered(builder.build_bytes(), problems(workout, options))


def _cut(text: str, limit: int, what: str, losses: Losses, step=None) -> str:
    cut = cut_utf8(text, limit)
    if cut != text:
        losses.add(f"{what} '{text}' cut to '{cut}' ({limit} bytes)", step)
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
            key = (len(out), item.kind, item.duration, item.target, item.label)
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
        message.duration_type = WorkoutStepDuration.REPEAT_UNTIL_STEPS_CMPLT
        message.duration_step = key[2]
        message.target_repeat_steps = item.count
        return message
    message.workout_step_name = cut_utf8(item.label, STEP_NAME_BYTES)
    message.intensity = _intensities()[item.kind]
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

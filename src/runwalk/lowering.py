"""Lowering a step list to what one format can say: small shared passes, each loss reported.

Each format declares what it can say as data, a ``Can`` row: its codes for step kinds,
durations and targets (one table that its writer and its reader both use), nesting,
repeat counts, its step count, name and note lengths, the longest step and its speed
resolution. ``lower`` runs the passes below in order, turning whatever the format cannot
say into the nearest thing it can and adding one loss per kind of change to the
format's ``Losses``; the writer then only prints what is left, and its reader gives
back that lowered list. A duration or target a format has no code for (power, cadence,
calories from a foreign file) is a reported loss, never a crash.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
from dataclasses import dataclass

from .errors import RunwalkError
from .steps import (KIND_LABELS, KINDS, Distance, HeartRate, HeartRateZone, Lap, NoTarget,
                    Repeat, Speed, Time, depth, flat_count, kind_by_name, unrolled)

LAP_SECONDS = 300  # a lap step in a format without one: this long, then the next step
DURATION_KINDS = ("time", "distance", "lap")
TARGET_KINDS = ("none", "speed", "ceiling", "hr", "hr_ceiling", "zone")


@dataclass(frozen=True)
class Can:
    """What a format can say, and its codes for it: the one place for its limits.

    ``kinds``, ``durations`` and ``targets`` are (runwalk's name, the format's code)
    pairs: a writer writes the first code listed for a name, a reader reads a code as
    the first name listed for it. Where two kinds share a code, the step's name tells
    them apart if the format carries names (``kind_of``); else the first kind listed for
    the code is what it reads back as, and the ``kinds`` pass says so as a loss.
    """

    format: str  # as losses name it: "FIT", "TCX"...
    kinds: tuple = tuple((kind, kind) for kind in KINDS)
    durations: tuple = tuple((d, d) for d in DURATION_KINDS)
    targets: tuple = tuple((t, t) for t in TARGET_KINDS)
    nesting: bool = True  # repeats inside repeats
    repeat_min: int = 1
    steps: int | None = None  # the most steps a workout holds (each step and repeat once)
    parts: bool = False  # more steps: several workouts one after another (else an error)
    step_seconds: float | None = None  # the longest step it holds, in s and m
    step_metres: float | None = None
    sports: tuple = ("running", "walking")
    step_names: bool = True  # steps carry a name (else it goes into the step's notes)
    step_name: tuple | None = None  # ("bytes", 15) or ("chars", 15): the longest step name
    step_notes: tuple | None | bool = None  # their longest notes; False: steps carry none
    workout_name: tuple | None = None  # the longest workout name (of its short name)
    notes: tuple | None | bool = None  # the longest workout notes; False: it carries none
    edges: bool = False  # a warm-up only as the first step, a cool-down only as the last
    default_names: bool = True  # False: a name that is its kind's label is not written
    name_guard: str | None = None  # a step name matching this would read as syntax
    hr_percent: bool = False  # heart rates are % of max HR: they need the runner's max
    pace_ranges: bool = True  # False: a pace window is its middle, the profile's window around it
    whole_seconds: bool = False  # durations are whole seconds
    ramps: bool = False  # warm-ups and cool-downs are pace ramps: their own pace is not said
    one_pace: bool = False  # a window within one written pace reads as the profile's window
    repeat_steps: int | None = None  # a repeat holds exactly this many steps (else written out)
    repeat_code: object = None  # ... each of a kind with this code
    speed_resolution: float = 0.001  # m/s the format keeps
    quantize: bool = False  # speeds are rounded to it here (a format of doubles keeps any)
    reference_pace: str | None = None  # a profile pace the format's speeds are relative to

    def code(self, table: str, name: str):
        """The format's code for runwalk's ``name`` in ``table`` (kinds, durations, targets)."""
        return _code(self, table, name)

    def name_of(self, table: str, code, default=None):
        """runwalk's name for the format's ``code`` in ``table``: the first listed."""
        return next((key for key, c in getattr(self, table) if c == code), default)

    def kind_of(self, code, name: str | None, default: str | None = None) -> str:
        """The step kind a step with ``code`` and ``name`` reads back as: the kind its name
        says when that kind has this code, else ``default`` or the code's first kind."""
        named = _named_kind(name) if self.step_names else None
        if named is not None and self.code("kinds", named) == code:
            return named
        return default or self.name_of("kinds", code, "run")


@functools.lru_cache(maxsize=256)
def _code(can: Can, table: str, name: str):
    return next(code for key, code in getattr(can, table) if key == name)


@functools.lru_cache(maxsize=4096)
def _named_kind(name: str | None) -> str | None:
    return kind_by_name(name, None)


@dataclass(frozen=True)
class Lowered:
    """A workout as one format holds it: the workout (steps, name and notes lowered) and
    its parts, (name, items) each: one, unless the format splits a long workout."""

    workout: object
    parts: tuple
    too_many: int | None = None  # the step count, when the format cannot hold it


def duration_kind(duration) -> str:
    return {Time: "time", Distance: "distance", Lap: "lap"}.get(type(duration), "other")


def target_kind(target) -> str:
    if isinstance(target, Speed):
        return "ceiling" if target.ceiling else "speed"
    if isinstance(target, HeartRate):
        return "hr_ceiling" if target.ceiling else "hr"
    return {NoTarget: "none", HeartRateZone: "zone"}.get(type(target), "other")


def cut_utf8(text: str, limit: int) -> str:
    """The longest prefix of ``text`` within ``limit`` UTF-8 bytes, never splitting a character."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", errors="ignore")


def cut_name(text: str, limit: tuple) -> str:
    """``text`` within a format's limit: ("bytes", n) or ("chars", n), spaces collapsed
    (a multi-line text keeps its line breaks)."""
    unit, size = limit
    if unit == "bytes":
        return cut_utf8(text, size).rstrip()
    return " ".join(text.split())[:size].rstrip()


def lower(workout, can: Can, losses, profile=None) -> Lowered:
    """The workout as ``can`` can say it; every change reported to ``losses``."""
    items = _repeats(workout.steps, can, losses)
    items = _steps(items, lambda step: [_texts(step, can, losses)])  # kinds first
    items = _steps(items, lambda step: _step(step, can, losses, profile))
    if not can.nesting and depth(items) > 1:
        losses.add("nested repeats are written out in full", kind="nested repeats written out")
        items = [Repeat(i.count, tuple(unrolled(i.steps)), i.until, i.line)
                 if isinstance(i, Repeat) and depth(i.steps) else i for i in items]
    if can.repeat_steps:
        flat = []
        for item in items:
            if isinstance(item, Repeat) and (
                    len(unrolled(item.steps)) != can.repeat_steps
                    or any(can.code("kinds", s.kind) != can.repeat_code for s in item.steps)):
                losses.add(f"a repeat other than {can.repeat_steps} steps of runs, walks, "
                           "recoveries or rests is written out in full", item.steps[0],
                           kind="repeats written out")
                flat += unrolled([item])
            else:
                flat.append(item)
        items = flat
    name = workout.display_name
    if can.workout_name:
        name = _cut(name, can.workout_name, "workout name", losses)
    if can.edges:
        items = _edges(items, can, losses)
    notes = workout.notes
    if can.notes is False and notes:
        losses.add("the workout's notes are left out", kind="notes left out")
        notes = ""
    elif can.notes and notes:
        notes = _cut(notes, can.notes, "notes", losses)
    try:
        lowered = dataclasses.replace(
            workout, steps=tuple(items), sport=_sport(workout, can, losses), notes=notes,
            name=name if not workout.short_name else workout.name,
            short_name=name if workout.short_name else None)
    except RunwalkError as exc:  # e.g. its distances and laps as time run past 24 hours
        raise RunwalkError(f"as a {can.format} workout (as it says them): {exc.message}",
                           workout.source) from None
    if can.reference_pace and not (profile and profile.pace(can.reference_pace)):
        losses.add(f"the profile has no {can.reference_pace} pace: speeds are relative to a "
                   "default one", kind=f"speeds relative to a default {can.reference_pace} pace")
    too_many = None
    count = flat_count(items)
    if can.steps and count > can.steps and not can.parts:
        too_many = count
        losses.add(f"{count} steps (repeats count once each): a {can.format} workout holds at "
                   f"most {can.steps}", kind=f"too many steps for {can.format}")
    parts = _parts(tuple(items), name, can, losses) if can.parts else ((name, tuple(items)),)
    return Lowered(lowered, parts, too_many)


def refuse_too_many(lowered: Lowered, can: Can, what: str) -> None:
    """A workout the format cannot hold is an error when it is written: one clear line."""
    if lowered.too_many:
        from .steps import leaf_steps

        workout = lowered.workout
        line = min((s.line for s in leaf_steps(workout.steps) if s.line), default=None)
        raise RunwalkError(f"the workout has {lowered.too_many} steps (repeats count once each); "
                           f"{what} holds at most {can.steps}: use repeats, split it, or build "
                           "other formats with --format", workout.source, line)


def _sport(workout, can: Can, losses) -> str:
    if workout.sport in can.sports:
        return workout.sport
    losses.add(f"sport '{workout.sport}' written as running", kind="other sports written as running")
    return "running"


def _cut(text: str, limit: tuple, what: str, losses, step=None) -> str:
    cut = cut_name(text, limit)
    if cut != (" ".join(text.split()) if limit[0] == "chars" else text):
        unit, size = limit
        losses.add(f"{what} '{text}' cut to '{cut}' ({size} {unit})", step,
                   kind=f"{what} cut to {size} {unit}")
    return cut


def _steps(items, change) -> list:
    """``items`` with ``change(step) -> [steps]`` applied to every step, repeats kept."""
    out = []
    for item in items:
        if isinstance(item, Repeat):
            steps = tuple(_steps(item.steps, change))
            unchanged = len(steps) == len(item.steps) and all(a is b for a, b in zip(steps, item.steps))
            out.append(item if unchanged else dataclasses.replace(item, steps=steps))
        else:
            out.extend(change(item))
    return out


def _repeats(items, can: Can, losses) -> list:
    """Foreign repeat kinds run once; repeats the format cannot count are written out."""
    out = []
    for item in items:
        if not isinstance(item, Repeat):
            out.append(item)
            continue
        inner = _repeats(item.steps, can, losses)
        if item.until is not None:
            losses.add(f"a repeat until {item.until} is run once", item.steps[0],
                       kind="repeats until a condition run once")
            item = Repeat(1, tuple(inner), line=item.line)
        else:
            item = dataclasses.replace(item, steps=tuple(inner))
        if item.count < can.repeat_min:
            losses.add(f"a repeat of {item.count} is written as its steps", item.steps[0],
                       kind=f"repeats of {item.count} written as their steps")
            out.extend(item.steps)
        else:
            out.append(item)
    return out


def _has(can: Can, table: str, name: str) -> bool:
    return any(key == name for key, _ in getattr(can, table))


def _step(step, can: Can, losses, profile) -> list:
    duration = _duration(step, can, losses)
    timed = step if duration is step.duration else dataclasses.replace(step, duration=duration)
    target = _target(timed, can, losses, profile)
    if can.quantize and isinstance(target, Speed):  # so that a pace written out reads back
        target = dataclasses.replace(target, low=_quantized(target.low, can),
                                     high=_quantized(target.high, can))
    if duration is not step.duration or target is not step.target:
        # a step that loses its pace is still run at it
        speed = step.target.middle if isinstance(step.target, Speed) else step.expected_speed
        step = dataclasses.replace(step, duration=duration, target=target, expected_speed=speed)
    return _split(step, can, losses)


def _duration(step, can: Can, losses):
    duration = step.duration
    kind = duration_kind(duration)
    if kind == "other":
        duration, kind = Lap(), "lap"
        losses.add(f"a duration of '{step.duration.text}' ends on the lap button instead", step,
                   kind="foreign durations end on lap")
    if kind == "distance" and not _has(can, "durations", kind):
        if step.expected_speed:
            duration, kind = Time(max(1.0, round(duration.metres / step.expected_speed))), "time"
            losses.add("distance written as the time it takes at the step's pace", step,
                       kind="distance steps written as the time they take")
        else:
            duration, kind = Lap(), "lap"
            losses.add("a distance with no pace to time it ends on the lap button", step,
                       kind="distance steps end on lap")
    if kind == "lap" and not _has(can, "durations", kind):
        duration = Time(LAP_SECONDS)
        losses.add(f"a lap step is written as {LAP_SECONDS // 60} minutes", step,
                   kind=f"lap steps written as {LAP_SECONDS // 60} minutes")
    if can.whole_seconds and isinstance(duration, Time) and duration.seconds != round(duration.seconds):
        duration = Time(max(1.0, float(round(duration.seconds))))  # within its resolution
    return duration


def _target(step, can: Can, losses, profile):
    target = step.target
    what = target_kind(target)
    window = getattr(profile, "window", 10.0)
    if what == "other":
        losses.add(f"target '{target.text}' is left out", step, kind="foreign targets left out")
        return NoTarget()
    if (can.ramps and what in ("speed", "ceiling") and step.kind in ("warmup", "cooldown")
            and not isinstance(step.duration, Lap)):
        losses.add(f"a {step.kind}'s pace is written as a ramp to it, its pace not said", step,
                   kind="warm-up and cool-down paces written as ramps")
        return NoTarget()
    if what == "ceiling" and not _has(can, "targets", what):
        losses.add("a pace ceiling is written as its pace, with the window either side", step,
                   kind="pace ceilings written as their pace")
        return Speed.around(target.high, window, target.label)
    if what == "speed" and not can.pace_ranges:
        around = Speed.around(target.middle, window, target.label)
        if not _close(around, target, can.speed_resolution):
            losses.add("a pace range is written as its middle, with the profile's window", step,
                       kind="pace ranges written as their middle")
        return around
    if what == "speed" and can.one_pace and _one_pace(target, step, can, profile):
        around = Speed.around(target.middle, window, target.label)
        if not _close(around, target, can.speed_resolution):
            losses.add("a window within one pace (to the second) is written as that pace, "
                       "which reads as the profile's window", step,
                       kind="narrow pace windows written as one pace")
        return around
    if what in ("hr", "hr_ceiling") and can.hr_percent and not getattr(profile, "max_hr", None):
        losses.add("a heart-rate range needs max_hr (or age) in the profile to be written "
                   "as % HR; left without a target", step, kind="heart rates without max_hr left out")
        return NoTarget()
    if what == "hr" and can.hr_percent:  # a range that is a zone's percents reads as it
        from .paces import HR_ZONES

        percents = tuple(round(100 * bpm / profile.max_hr) for bpm in (target.low, target.high))
        for zone, band in HR_ZONES.items():
            if percents == tuple(round(100 * f) for f in band):
                losses.add(f"a heart-rate range of {target.low}-{target.high} bpm is zone {zone} "
                           "in % of max HR, and reads back as that zone", step,
                           kind="heart-rate ranges written as zones")
                return HeartRateZone(zone, *profile.hr_zone(zone))
    if what not in ("none", "speed", "ceiling") and not _has(can, "targets", what):
        losses.add("heart-rate targets are written at the step's usual pace", step,
                   kind="heart-rate targets written as pace")
        return NoTarget()
    return target


def _one_pace(target: Speed, step, can: Can, profile) -> bool:
    from .units import format_pace

    units = getattr(profile, "units", "mi")
    return format_pace(target.low, units) == format_pace(target.high, units)


def _quantized(speed: float, can: Can) -> float:
    return round(round(speed / can.speed_resolution) * can.speed_resolution, 10) if speed else 0.0


def _close(a: Speed, b: Speed, resolution: float) -> bool:
    return abs(a.low - b.low) <= resolution and abs(a.high - b.high) <= resolution


def _texts(step, can: Can, losses):
    """The step's kind, name and notes as the format carries them."""
    name, notes = step.name, step.notes
    if not can.step_names and name:
        notes = f"{name}: {notes}" if notes else name
        losses.add("step names go into the step's notes", step, kind="step names moved into notes")
        name = None
    if can.name_guard and name and re.search(can.name_guard, name, re.I):
        losses.add(f"step name '{name}' would read as a duration or target in {can.format}: "
                   f"written as '{KIND_LABELS[step.kind]}'", step,
                   kind="step names that read as syntax replaced")
        name = None
    if can.step_name and name:
        cut = cut_name(name, can.step_name)
        if cut != " ".join(name.split()):
            unit, size = can.step_name
            losses.add(f"step name '{name}' cut to '{cut}' ({size} {unit})", step,
                       kind=f"step names cut to {size} {unit}")
            name = cut or None
    if notes and can.step_notes is False:
        losses.add("step notes are left out", step, kind="step notes left out")
        notes = None
    elif notes and can.step_notes:
        notes = _cut(notes, can.step_notes, "step notes", losses, step) or None
    kind = step.kind
    code = can.code("kinds", kind)
    label = name or KIND_LABELS[kind]
    back = can.kind_of(code, label)
    if back != kind:
        losses.add(f"a {kind} step is written as {back} ({can.format} has one code for both)",
                   step, kind=f"{kind} steps written as {back}")
        kind = back
        if name is None and can.step_names and label != KIND_LABELS[kind]:
            name = label  # what the watch shows stays the same
    if not can.default_names:  # a name only where it says more than the code does
        if name == KIND_LABELS[kind]:
            name = None
        if name is None and can.name_of("kinds", code) != kind:
            name = KIND_LABELS[kind]
    if (kind, name, notes) != (step.kind, step.name, step.notes):
        step = dataclasses.replace(step, kind=kind, name=name, notes=notes)
    return step


def _edges(items: list, can: Can, losses) -> list:
    """A warm-up is only the first step and a cool-down only the last: elsewhere they are
    work steps (their names kept, so the watch shows the same)."""
    def change(step, edge):
        if step.kind not in ("warmup", "cooldown") or step.kind == edge:
            return [step]
        losses.add(f"a {step.kind} step that is not the workout's {step.kind} is written as a "
                   "run", step, kind=f"{step.kind} steps inside the workout written as runs")
        return [_texts(dataclasses.replace(step, kind="run", name=step.label), can, losses)]

    out = []
    for number, item in enumerate(items):
        edge = ("warmup" if number == 0 else None) or ("cooldown" if number == len(items) - 1 else None)
        out += (_steps([item], lambda step: change(step, None)) if isinstance(item, Repeat)
                else change(item, edge))
    return out


def _split(step, can: Can, losses) -> list:
    """A step longer than the format holds, as equal steps that each fit."""
    duration = step.duration
    if isinstance(duration, Time) and can.step_seconds:
        value, cap, make, unit = duration.seconds, can.step_seconds, Time, "s"
    elif isinstance(duration, Distance) and can.step_metres:
        value, cap, make, unit = duration.metres, can.step_metres, Distance, "m"
    else:
        return [step]
    if round(value) <= cap:
        return [step]
    pieces = math.ceil(round(value) / cap)
    losses.add(f"a step longer than {cap:g} {unit} is split into {pieces} steps", step,
               kind="long steps split")
    return [dataclasses.replace(step, duration=make(round(value / pieces)))] * pieces


def _parts(items: tuple, name: str, can: Can, losses) -> tuple:
    """A workout longer than ``can.steps`` as parts of at most that many steps each, one
    after another ("Name 1/2", "Name 2/2"); a repeat bigger than a whole part keeps what
    fits."""
    parts, current, used = [], [], 0
    for item in items:
        size = flat_count([item])
        if size > can.steps:
            losses.add(f"a repeat of {size} steps is more than a {can.format} workout holds "
                       f"({can.steps}); its steps past that are left out", kind="repeats cut")
            item = _trim(item, can.steps)
            size = flat_count([item])
        if used + size > can.steps and current:
            parts.append(tuple(current))
            current, used = [], 0
        current.append(item)
        used += size
    parts.append(tuple(current))
    if len(parts) == 1:
        return ((name, parts[0]),)
    losses.add(f"more than {can.steps} steps: written as {len(parts)} workouts in one file, "
               "one after another", kind="long workouts written in parts")
    out = []
    for number, part in enumerate(parts, 1):
        suffix = f" {number}/{len(parts)}"
        size = can.workout_name[1] - len(suffix) if can.workout_name else None
        base = cut_name(name, (can.workout_name[0], size)) if size else name
        out.append((base + suffix, part))
    return tuple(out)


def _trim(repeat: Repeat, budget: int) -> Repeat:
    steps, used = [], 1
    for child in repeat.steps:
        if used + flat_count([child]) > budget:
            break
        steps.append(child)
        used += flat_count([child])
    return dataclasses.replace(repeat, steps=tuple(steps))

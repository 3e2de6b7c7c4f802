"""Zwift run workouts (.zwo), rendered from templates/workout.zwo.

Zwift runs take Power as a fraction of the speed at a reference pace (the ``pace``
attribute: 0 mile, 1 5K, 2 10K, 3 half, 4 marathon); runwalk uses the profile's 5K pace.
Durations are whole seconds: a distance step becomes the time it takes at the step's
pace. A step without a pace runs at the profile's easy pace (walks: walk pace), so its
Power is that speed's fraction. Warm-ups ramp up from 80 % of their Power, never
slower than a brisk walk (the profile's walk pace); cool-downs down to it. A run/walk
repeat of two steps is an IntervalsT; other repeats are written out. Every step carries a text event with its absolute pace and the treadmill speed
(mph or km/h, the profile's units); inside an IntervalsT, where offsets count from the
start of the block, every cycle gets its own events. The description says which 5K
time to set in Zwift so its speeds match the profile.
"""

from __future__ import annotations

import re

from pathlib import Path

from ..display import item_text
from ..errors import RunwalkError
from ..lowering import Can, lower
from ..steps import Repeat, Speed, Time, ramp_start, repeats, step_speed
from ..units import format_clock, format_pace, pace_to_speed
from . import Losses, Options, template_writer, xml_text

REFERENCE = ("5k", 1)  # the profile pace Power is relative to, and Zwift's index for it
FALLBACK_REFERENCE = pace_to_speed(8 * 60 + 33, "mi")  # 5K pace of an 8:00 magic mile
RAMP_FROM = 0.8
# Zwift runs: whole seconds only, no nesting, and a single pace (Power) as the only target.
# A step's kind is its element (Warmup, Cooldown, else SteadyState, or a part of an
# IntervalsT) and its text event's first words; a step with a pace says "@ pace" there.
CAN = Can(
    "ZWO",
    kinds=(("warmup", "Warmup"), ("cooldown", "Cooldown"), ("run", "SteadyState"),
           ("walk", "SteadyState"), ("recover", "SteadyState"), ("rest", "SteadyState")),
    durations=(("time", "time"),),  # durationType time: whole seconds
    targets=(("none", "FreeRide"), ("speed", "Power")),
    nesting=False, repeat_steps=2, repeat_code="SteadyState", pace_ranges=False, whole_seconds=True, step_notes=False,
    reference_pace=REFERENCE[0],
    speed_resolution=0.003)  # Power to 3 decimals of the 5K speed
INTERVALS = "IntervalsT"  # a two-step repeat
PACED = " @ "  # in a text event: the step has a pace target
TREADMILL = {"mi": (2.2369363, "mph"), "km": (3.6, "km/h")}  # m/s -> the treadmill's unit


def _convert(workout, options: Options):
    losses = Losses("ZWO", workout)
    profile = options.profile
    pace = profile.pace(REFERENCE[0]) if profile is not None else None
    reference = Speed(*pace).middle if pace else FALLBACK_REFERENCE
    lowered = lower(workout, CAN, losses, profile)
    items = lowered.workout.steps
    units = workout.units
    factor, unit = TREADMILL[units]

    speed = step_speed
    walk = profile.pace("walk") if profile is not None else None
    walk_speed = Speed(*walk).middle if walk else None

    def power(step) -> float:
        return round(speed(step) / reference, 3)

    def ramp_power(step) -> float:  # a warm-up starts at a brisk walk, a cool-down ends there
        return round(ramp_start(step, walk_speed, RAMP_FROM) / reference, 3)

    def message(step) -> str:
        """What the runner reads: the step, its pace (a step without one: the pace it is
        written at, in brackets), and the treadmill speed to set."""
        text = item_text(step, units)
        if speed(step) > 0:
            if not isinstance(step.target, Speed):
                text += f" ({format_pace(speed(step), units)})"
            text += f" | treadmill {speed(step) * factor:.1f} {unit}"
        return xml_text(text)

    def duration(step) -> int:
        return round(step.duration.seconds)

    def single(step) -> dict:
        seconds = duration(step)
        texts = [{"offset": 0, "message": message(step)}]
        p = power(step)
        code = CAN.code("kinds", step.kind)
        if code in ("Warmup", "Cooldown"):
            ramp = ramp_power(step)
            return {"type": code, "shape": "ramp", "duration": seconds, "texts": texts,
                    "low": ramp if code == "Warmup" else p, "high": p if code == "Warmup" else ramp}
        if p == 0:
            return {"type": CAN.code("targets", "none"), "shape": "free", "duration": seconds,
                    "texts": texts}
        return {"type": code, "shape": "steady", "duration": seconds, "power": p, "texts": texts}

    elements = []
    for item in items:
        if not isinstance(item, Repeat):
            elements.append(single(item))
        else:
            on, off = item.steps
            on_s, off_s = duration(on), duration(off)
            # Offsets count from the start of the whole block: each cycle gets its events.
            on_text, off_text, cycle_s = message(on), message(off), on_s + off_s
            texts = []
            for cycle in range(item.count):
                texts.append({"offset": cycle * cycle_s, "message": on_text})
                texts.append({"offset": cycle * cycle_s + on_s, "message": off_text})
            elements.append({"type": INTERVALS, "shape": "intervals", "repeat": item.count,
                             "on_duration": on_s, "off_duration": off_s,
                             "on_power": power(on), "off_power": power(off), "texts": texts})
    five_k = format_clock(5000 / reference)
    setting = (f"Set your 5K time in Zwift to {five_k} (the profile's 5K pace) so that "
               "Zwift's speeds match the paces in this workout.")
    workout = lowered.workout
    description = f"{workout.notes}\n\n{setting}" if workout.notes else setting
    context = {"name": xml_text(workout.name), "description": xml_text(description),
               "pace": REFERENCE[1], "elements": elements, "sport": workout.sport}
    return context, losses.warnings()


problems, render = template_writer("workout.zwo", _convert)


# --- Reading: Zwift run workouts back into step lists. Power is a fraction of the
# speed at the reference pace the file names (0 mile, 1 5K, 2 10K, 3 half, 4
# marathon), taken from the profile; each step gets the profile's window around it.

REFERENCES = ("mile", "5k", "10k", "half", "marathon")


def read(data: bytes, file: str, profile=None) -> list:
    """The workout in ZWO ``data`` (a run; a bike workout is refused)."""
    from xml.etree import ElementTree

    from ..steps import Workout, clean_text

    try:
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, LookupError, ValueError) as exc:  # LookupError: its encoding
        raise RunwalkError(f"not a Zwift workout file: {exc}", file) from None
    if root.tag != "workout_file" or root.find("workout") is None:
        raise RunwalkError("not a Zwift workout file (no workout_file with a workout)", file)
    sport = (root.findtext("sportType") or "bike").strip().lower()
    if sport != "run":
        raise RunwalkError(f"this is a {'bike' if sport == 'bike' else sport} workout: runwalk "
                           "imports Zwift run workouts", file)
    steps = []
    for element in root.find("workout"):
        try:
            steps += _read_element(element, profile)
        except (TypeError, ValueError, OverflowError) as exc:
            raise RunwalkError(f"a {element.tag} of this Zwift workout cannot be read ({exc})",
                               file) from None
    if not steps:
        raise RunwalkError("the Zwift workout has no steps", file)
    description = clean_text(root.findtext("description") or "", multiline=True)
    description = description.split("\n\nSet your 5K time in Zwift")[0]
    description = "" if description.startswith("Set your 5K time in Zwift") else description
    name = clean_text(root.findtext("name") or "") or Path(file).stem
    return [Workout(name=name, steps=tuple(steps), notes=description, source=file,
                    units=profile.units if profile is not None else "mi")]


def _speed_target(power: float | None, pace_index: str | None, profile, paced: bool = True):
    from ..steps import NoTarget, OtherTarget

    if power is None or power <= 0 or not paced:
        return NoTarget()
    reference_name = REFERENCES[int(pace_index or 1)] if (pace_index or "1").isdigit() else "5k"
    reference = profile.pace(reference_name) if profile is not None else None
    if not reference:
        return OtherTarget(f"{power:g} of the {reference_name} pace")
    speed = power * Speed(*reference).middle
    if not 0 < 1000.0 / speed - profile.window:
        return OtherTarget(f"{power:g} of the {reference_name} pace")
    return Speed.around(speed, profile.window)


_UNPACED = re.compile(r" \(\d+:\d{2}(?::\d{2})?/(?:mi|km)\)$")  # "(11:39/mi)": no target


def _text(element, offset: int):
    """(name, paced) from the text event at ``offset``, read from its end, as the name may
    hold anything: "Walk down 1:30 @ 8:30/mi | treadmill 4.0 mph"."""
    for event in element.findall("textevent"):
        if int(float(event.get("timeoffset", 0))) == offset:
            text = event.get("message") or ""
            if " | treadmill " in text:
                text = text.rsplit(" | treadmill ", 1)[0]
            paced = not _UNPACED.search(text) and PACED in text
            text = _UNPACED.sub("", text)
            if paced:
                text = text.rsplit(PACED, 1)[0]
            head = text.split(" ")
            return " ".join(head[:-1]).strip() or None, paced
    return None, True


def _read_element(element, profile) -> list:
    from ..steps import KIND_LABELS, Step

    tag = element.tag
    pace = element.get("pace")

    def power(name):
        value = element.get(name)
        return float(value) if value is not None else None

    def step(code, offset, seconds, value, default=None):
        name, paced = _text(element, offset)
        kind = CAN.kind_of(code, name, default if name is None else None)
        return Step(kind, Time(seconds), _speed_target(value, pace, profile, paced),
                    name=name if name and name != KIND_LABELS[kind] else None)

    if tag == INTERVALS:
        on, off = float(element.get("OnDuration")), float(element.get("OffDuration"))
        cycle = (step("SteadyState", 0, on, power("OnPower")),
                 step("SteadyState", int(on), off, power("OffPower"), "walk"))
        return repeats(int(float(element.get("Repeat", 1))), cycle, once=True)
    seconds = float(element.get("Duration"))
    if tag in ("Warmup", "Cooldown"):
        return [step(tag, 0, seconds, power("PowerHigh" if tag == "Warmup" else "PowerLow"))]
    if tag in ("SteadyState", "Ramp"):
        value = power("Power")
        if value is None and power("PowerLow") is not None:
            value = (power("PowerLow") + power("PowerHigh")) / 2
        return [step("SteadyState", 0, seconds, value)]
    if tag in (CAN.code("targets", "none"), "MaxEffort"):
        return [step("SteadyState", 0, seconds, None)]
    raise ValueError(f"unknown element {tag}")

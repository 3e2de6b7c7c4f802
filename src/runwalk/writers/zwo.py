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

from pathlib import Path

from ..display import item_text
from ..errors import RunwalkError
from ..lowering import LAP_SECONDS, Can, lower
from ..steps import Lap, Repeat, Speed, Time, ramp_start, step_speed
from ..units import format_clock, format_pace, pace_to_speed
from . import Losses, Options, template_writer, xml_text

REFERENCE = ("5k", 1)  # the profile pace Power is relative to, and Zwift's index for it
FALLBACK_REFERENCE = pace_to_speed(8 * 60 + 33, "mi")  # 5K pace of an 8:00 magic mile
RAMP_FROM = 0.8
# Zwift runs: whole seconds only, no nesting, and speed as the only target.
# (A lap step becomes a free run of LAP_SECONDS: Zwift has no lap button to end it.)
CAN = Can(nesting=False, durations=frozenset({"time", "lap"}),
          targets=frozenset({"speed", "ceiling"}))
TREADMILL = {"mi": (2.2369363, "mph"), "km": (3.6, "km/h")}  # m/s -> the treadmill's unit


def _convert(workout, options: Options):
    losses = Losses("ZWO", workout)
    profile = options.profile
    pace = profile.pace(REFERENCE[0]) if profile is not None else None
    if pace:
        reference = 2.0 / (1.0 / pace[0] + 1.0 / pace[1])
    else:
        reference = FALLBACK_REFERENCE
        losses.add("the profile has no 5k pace: Power is a fraction of 8:33/mi",
                   kind="Power relative to a default 5K pace")
    items = lower(workout, CAN, losses)
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
        written at), and the treadmill speed to set."""
        text = item_text(step, units)
        if speed(step) > 0:
            if not isinstance(step.target, Speed):
                text += f" @ {format_pace(speed(step), units)}"
            text += f" | treadmill {speed(step) * factor:.1f} {unit}"
        return xml_text(text)

    def duration(step) -> int:
        if isinstance(step.duration, Lap):
            losses.add(f"a lap step has no end in Zwift: a free run of {LAP_SECONDS // 60} "
                       "minutes", step, kind=f"lap steps written as {LAP_SECONDS // 60} minutes")
            return LAP_SECONDS
        return max(1, round(step.duration.seconds))

    def single(step) -> dict:
        seconds = duration(step)
        texts = [{"offset": 0, "message": message(step)}]
        p = power(step)
        if step.kind == "warmup":
            return {"type": "Warmup", "duration": seconds, "low": ramp_power(step),
                    "high": p, "texts": texts}
        if step.kind == "cooldown":
            return {"type": "Cooldown", "duration": seconds, "low": p,
                    "high": ramp_power(step), "texts": texts}
        if isinstance(step.duration, Lap) or p == 0:
            return {"type": "FreeRide", "duration": seconds, "texts": texts}
        return {"type": "SteadyState", "duration": seconds, "power": p, "texts": texts}

    elements = []
    for item in items:
        if not isinstance(item, Repeat):
            elements.append(single(item))
        elif len(item.steps) == 2 and all(power(s) > 0 and not isinstance(s.duration, Lap)
                                          for s in item.steps):
            on, off = item.steps
            on_s, off_s = duration(on), duration(off)
            # Offsets count from the start of the whole block: each cycle gets its events.
            texts = []
            for cycle in range(item.count):
                texts.append({"offset": cycle * (on_s + off_s), "message": message(on)})
                texts.append({"offset": cycle * (on_s + off_s) + on_s, "message": message(off)})
            elements.append({"type": "IntervalsT", "repeat": item.count,
                             "on_duration": on_s, "off_duration": off_s,
                             "on_power": power(on), "off_power": power(off), "texts": texts})
        else:
            for _ in range(item.count):
                elements.extend(single(step) for step in item.steps)
    five_k = format_clock(5000 / reference)
    setting = (f"Set your 5K time in Zwift to {five_k} (the profile's 5K pace) so that "
               "Zwift's speeds match the paces in this workout.")
    description = f"{workout.notes}\n\n{setting}" if workout.notes else setting
    context = {"name": xml_text(workout.name), "description": xml_text(description),
               "pace": REFERENCE[1], "elements": elements, "sport": workout.sport}
    return context, losses.warnings()


problems, render = template_writer("workout.zwo", _convert)


# --- Reading: Zwift run workouts back into step lists. Power is a fraction of the
# speed at the reference pace the file names (0 mile, 1 5K, 2 10K, 3 half, 4
# marathon), taken from the profile; each step gets the profile's window around it.

REFERENCES = ("mile", "5k", "10k", "half", "marathon")
SPEED_RESOLUTION = 0.001


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
        except (TypeError, ValueError) as exc:
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


def _speed_target(power: float | None, pace_index: str | None, profile):
    from ..steps import NoTarget, OtherTarget

    if power is None or power <= 0:
        return NoTarget()
    reference_name = REFERENCES[int(pace_index or 1)] if (pace_index or "1").isdigit() else "5k"
    reference = profile.pace(reference_name) if profile is not None else None
    if not reference:
        return OtherTarget(f"{power:g} of the {reference_name} pace")
    speed = power * 2.0 / (1.0 / reference[0] + 1.0 / reference[1])
    per_km = 1000.0 / speed
    window = profile.window
    if not 0 < per_km - window:
        return OtherTarget(f"{power:g} of the {reference_name} pace")
    return Speed(1000.0 / (per_km + window), min(1000.0 / (per_km - window), 12.5))


def _kind_from_text(element, offset: int, default: str) -> str:
    from ..steps import kind_by_name

    for event in element.findall("textevent"):
        if int(float(event.get("timeoffset", 0))) == offset:
            words = (event.get("message") or "").split(" ")
            return kind_by_name(" ".join(words[:2]), kind_by_name(words[0], default))
    return default


def _read_element(element, profile) -> list:
    from ..steps import Step

    tag = element.tag
    pace = element.get("pace")

    def power(name):
        value = element.get(name)
        return float(value) if value is not None else None

    if tag == "IntervalsT":
        on, off = float(element.get("OnDuration")), float(element.get("OffDuration"))
        run = Step(_kind_from_text(element, 0, "run"), Time(on),
                   _speed_target(power("OnPower"), pace, profile))
        walk = Step(_kind_from_text(element, int(on), "walk"), Time(off),
                    _speed_target(power("OffPower"), pace, profile))
        count = int(float(element.get("Repeat", 1)))
        return [Repeat(count=count, steps=(run, walk))] if count > 1 else [run, walk]
    duration = Time(float(element.get("Duration")))
    if tag == "Warmup":
        return [Step("warmup", duration, _speed_target(power("PowerHigh"), pace, profile))]
    if tag == "Cooldown":
        return [Step("cooldown", duration, _speed_target(power("PowerLow"), pace, profile))]
    if tag in ("SteadyState", "Ramp"):
        value = power("Power")
        if value is None and power("PowerLow") is not None:
            value = (power("PowerLow") + power("PowerHigh")) / 2
        return [Step(_kind_from_text(element, 0, "run"), duration, _speed_target(value, pace, profile))]
    if tag in ("FreeRide", "MaxEffort"):
        return [Step(_kind_from_text(element, 0, "run"), duration)]
    raise ValueError(f"unknown element {tag}")

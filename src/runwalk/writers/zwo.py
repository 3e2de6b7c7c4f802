"""Zwift run workouts (.zwo), rendered from templates/workout.zwo.

Zwift runs take Power as a fraction of the speed at a reference pace (the ``pace``
attribute: 0 mile, 1 5K, 2 10K, 3 half, 4 marathon); runwalk uses the profile's 5K pace.
Durations are whole seconds: a distance step becomes the time it takes at the step's
pace. A step without a pace runs at the profile's easy pace (walks: walk pace), so its
Power is that speed's fraction. Warm-ups ramp up from 80 % of their Power, cool-downs
down to 80 %. A run/walk repeat of two steps is an IntervalsT; other repeats are written
out. Every step carries a text event with its absolute pace.
"""

from __future__ import annotations

from ..display import item_text
from ..steps import Distance, HeartRate, HeartRateZone, Lap, Repeat, Speed, Time, unnest
from ..units import pace_to_speed
from . import Losses, Options, template_writer, xml_text

REFERENCE = ("5k", 1)  # the profile pace Power is relative to, and Zwift's index for it
FALLBACK_REFERENCE = pace_to_speed(8 * 60 + 33, "mi")  # 5K pace of an 8:00 magic mile
LAP_SECONDS = 300  # a lap step has no end in Zwift: this long, then the next step
RAMP_FROM = 0.8



def _convert(workout, options: Options):
    losses = Losses("ZWO", workout)
    profile = options.profile
    pace = profile.pace(REFERENCE[0]) if profile is not None else None
    if pace:
        reference = 2.0 / (1.0 / pace[0] + 1.0 / pace[1])
    else:
        reference = FALLBACK_REFERENCE
        losses.add("the profile has no 5k pace: Power is a fraction of 8:33/mi")
    items, nested = unnest(workout.steps)
    if nested:
        losses.add("nested repeats are written out in full (Zwift has no nesting)")
    units = workout.units

    def seconds(step) -> int:
        d = step.duration
        if isinstance(d, Time):
            return max(1, round(d.seconds))
        if isinstance(d, Distance) and step.expected_speed:
            losses.add("distance written as the time it takes at the step's pace", step)
            return max(1, round(d.metres / step.expected_speed))
        losses.add(f"a lap step has no end in Zwift: written as {LAP_SECONDS // 60} minutes",
                   step)
        return LAP_SECONDS

    def power(step) -> float:
        target = step.target
        if isinstance(target, (HeartRate, HeartRateZone)):
            losses.add("Zwift runs have no heart-rate targets: written at the easy pace "
                       "(walks: walk pace)", step)
        if isinstance(target, Speed) and not target.ceiling:
            speed = 2.0 / (1.0 / target.low + 1.0 / target.high)
        else:
            speed = step.expected_speed or 0.0
        return round(speed / reference, 3)

    def text(step) -> dict:
        return {"offset": 0, "message": xml_text(item_text(step, units))}

    def single(step) -> dict:
        if isinstance(step.duration, Lap):
            return {"type": "FreeRide", "duration": seconds(step), "texts": [text(step)]}
        p = power(step)
        if step.kind == "warmup":
            return {"type": "Warmup", "duration": seconds(step), "low": round(p * RAMP_FROM, 3),
                    "high": p, "texts": [text(step)]}
        if step.kind == "cooldown":
            return {"type": "Cooldown", "duration": seconds(step), "low": p,
                    "high": round(p * RAMP_FROM, 3), "texts": [text(step)]}
        return {"type": "SteadyState", "duration": seconds(step), "power": p,
                "texts": [text(step)]}

    elements = []
    for item in items:
        if not isinstance(item, Repeat):
            elements.append(single(item))
        elif len(item.steps) == 2 and not any(isinstance(s.duration, Lap) for s in item.steps):
            on, off = item.steps
            on_seconds = seconds(on)
            elements.append({"type": "IntervalsT", "repeat": item.count,
                             "on_duration": on_seconds, "off_duration": seconds(off),
                             "on_power": power(on), "off_power": power(off),
                             "texts": [text(on), {"offset": on_seconds,
                                                  "message": xml_text(item_text(off, units))}]})
        else:
            for _ in range(item.count):
                elements.extend(single(step) for step in item.steps)
    context = {"name": xml_text(workout.name), "description": xml_text(workout.notes),
               "pace": REFERENCE[1], "elements": elements, "sport": workout.sport}
    return context, losses.warnings()


problems, render = template_writer("workout.zwo", _convert)

"""Zwift run workouts (.zwo), rendered from templates/workout.zwo.

Zwift runs take Power as a fraction of the speed at a reference pace (the ``pace``
attribute: 0 mile, 1 5K, 2 10K, 3 half, 4 marathon); runwalk uses the profile's 5K pace.
Durations are whole seconds: a distance step becomes the time it takes at the step's
pace. A step without a pace runs at the profile's easy pace (walks: walk pace), so its
Power is that speed's fraction. Warm-ups ramp up from 80 % of their Power, cool-downs
down to 80 %. A run/walk repeat of two steps is an IntervalsT; other repeats are written
out. Every step carries a text event with its absolute pace and the treadmill speed
(mph or km/h, the profile's units); inside an IntervalsT, where offsets count from the
start of the block, every cycle gets its own events. The description says which 5K
time to set in Zwift so its speeds match the profile.
"""

from __future__ import annotations

from ..display import item_text
from ..lowering import LAP_SECONDS, Can, lower
from ..steps import Lap, Repeat, Speed
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

    def speed(step) -> float:
        target = step.target
        if isinstance(target, Speed) and not target.ceiling:
            return 2.0 / (1.0 / target.low + 1.0 / target.high)
        return step.expected_speed or 0.0

    def power(step) -> float:
        return round(speed(step) / reference, 3)

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
            return {"type": "Warmup", "duration": seconds, "low": round(p * RAMP_FROM, 3),
                    "high": p, "texts": texts}
        if step.kind == "cooldown":
            return {"type": "Cooldown", "duration": seconds, "low": p,
                    "high": round(p * RAMP_FROM, 3), "texts": texts}
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

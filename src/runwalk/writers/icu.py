"""intervals.icu workout text (.txt), rendered from templates/workout.txt.

One ``- `` line per step (``- Run 4m 8:45-8:30/mi Pace``), a ``6x`` header over a
repeat with a blank line before and after it, ``press lap`` for lap steps, paces
slow-fast in the runner's units. Heart-rate ranges become % of max HR (the profile's
max heart rate); nested repeats are written out, as intervals.icu has none.
"""

from __future__ import annotations

import re

from ..steps import (KIND_LABELS, Distance, HeartRate, HeartRateZone, Lap, Repeat, Speed, Time,
                     unnest)
from ..units import format_pace, pace_to_speed
from . import Losses, Options, template_writer



CEILING_SLOWEST = pace_to_speed(45 * 60, "mi")  # slower than anyone walks
# intervals.icu reads the first duration or target on a line wherever it stands, so a
# cue (the text before it) must hold no number and none of the syntax's words.
_SYNTAX_WORDS = re.compile(r"\d|%|\b(?:press|lap|ramp|freeride|pace|hr|lthr|power|rpm|mtr|"
                           r"km|mi|w|x|z\d|cadence|max|min|sec|secs|hour|hours)\b", re.I)


def cue(step, losses) -> str:
    """The step's name as intervals.icu's cue, or its kind's label when the name would
    be read as a duration or a target."""
    label = step.label
    if _SYNTAX_WORDS.search(label) or label.lstrip().startswith("-"):
        plain = KIND_LABELS.get(step.kind, "Step")
        losses.add(f"step name '{label}' would read as a duration or target in "
                   f"intervals.icu: written as '{plain}'", step)
        return plain
    return label


def duration_text(duration, units: str) -> str:
    """``1h5m``, ``5m``, ``1m30``, ``30s``; ``400mtr``, ``2km``, ``1.5mi``; ``press lap``."""
    if isinstance(duration, Time):
        total = round(duration.seconds)
        hours, rest = divmod(total, 3600)
        minutes, seconds = divmod(rest, 60)
        text = (f"{hours}h" if hours else "") + (f"{minutes}m" if minutes else "")
        if seconds:
            text += f"{seconds:02d}" if text and not hours and minutes else f"{seconds}s"
        return text or "0s"
    if isinstance(duration, Distance):
        if duration.metres < 1000:
            return f"{round(duration.metres)}mtr"
        per = 1609.344 if units == "mi" else 1000.0
        return f"{round(duration.metres / per, 2):g}{units}"
    return "press lap"


def _convert(workout, options: Options):
    losses = Losses("intervals.icu", workout)
    units = workout.units
    profile = options.profile
    max_hr = getattr(profile, "max_hr", None)
    items, nested = unnest(workout.steps)
    if nested:
        losses.add("nested repeats are written out in full (intervals.icu has no nesting)")

    def target(step) -> str:
        t = step.target
        if isinstance(t, Speed):
            # intervals.icu has no one-sided pace: a ceiling's slow end is 45:00/mi,
            # so walking and slow jogging stay inside it.
            low = t.low if not t.ceiling else CEILING_SLOWEST
            slow, fast = format_pace(low, units, False), format_pace(t.high, units, False)
            return f"{fast}/{units} Pace" if slow == fast else f"{slow}-{fast}/{units} Pace"
        if isinstance(t, HeartRateZone):
            return f"Z{t.zone} HR"
        if isinstance(t, HeartRate):
            if max_hr:
                return f"{round(100 * t.low / max_hr)}-{round(100 * t.high / max_hr)}% HR"
            losses.add("a heart-rate range needs max_hr (or age) in the profile to be written "
                       "as % HR; left without a target", step)
        return ""

    def line(step) -> str:
        if isinstance(step.duration, (Time, Distance, Lap)):
            parts = [cue(step, losses), duration_text(step.duration, units), target(step)]
            return " ".join(p for p in parts if p)
        return cue(step, losses)

    blocks, plain = [], []
    for item in items:
        if isinstance(item, Repeat):
            if plain:
                blocks.append({"header": None, "lines": plain})
                plain = []
            blocks.append({"header": f"{item.count}x", "lines": [line(s) for s in item.steps]})
        else:
            plain.append(line(item))
    if plain:
        blocks.append({"header": None, "lines": plain})
    return {"blocks": blocks, "name": workout.name}, losses.warnings()


problems, render = template_writer("workout.txt", _convert)

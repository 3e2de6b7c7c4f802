"""intervals.icu workout text (.txt), rendered from templates/workout.txt.

The workout's notes first, as free text; then one ``- `` line per step (``- Run 4m
8:45-8:30/mi Pace``), a ``6x`` header over a repeat with a blank line before and after
it, ``5m press lap`` for lap steps, paces slow-fast in the runner's units, distances in
the unit they were written in. Heart rates are % of max HR (zones too: runwalk's z2 is
60-70 %, while intervals.icu's own "Z2 HR" means its zones); warm-ups and cool-downs
are pace ramps, as in the ZWO; nested repeats are written out, as intervals.icu has none.
"""

from __future__ import annotations

import re

from ..lowering import LAP_SECONDS, Can, lower
from ..paces import HR_ZONES
from ..steps import KIND_LABELS, Distance, HeartRate, HeartRateZone, Repeat, Speed, Time
from ..units import format_pace, pace_to_speed
from . import Losses, Options, template_writer

CAN = Can(nesting=False)  # every duration and target runwalk has; no nesting
RAMP_FROM = 0.8  # warm-ups ramp up from 80 % of their speed, cool-downs down to it (as ZWO)



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
    """``1h5m``, ``5m``, ``1m30``, ``30s``; ``400mtr``, ``2km``, ``1.5mi`` (in the unit the
    distance was written in, else the runner's); a lap step ``5m press lap``."""
    if isinstance(duration, Time):
        total = round(duration.seconds)
        hours, rest = divmod(total, 3600)
        minutes, seconds = divmod(rest, 60)
        text = (f"{hours}h" if hours else "") + (f"{minutes}m" if minutes else "")
        if seconds:
            text += f"{seconds:02d}" if text and not hours and minutes else f"{seconds}s"
        return text or "0s"
    if isinstance(duration, Distance):
        unit = duration.unit or ("m" if duration.metres < 1000 else units)
        if unit == "m" or (unit not in ("km", "mi") and duration.metres < 1000):
            return f"{round(duration.metres)}mtr"
        per = 1609.344 if unit == "mi" else 1000.0
        return f"{round(duration.metres / per, 3):g}{unit}"
    # intervals.icu documents press lap on a step with a duration: a nominal one, and the
    # step still ends when the runner presses lap.
    return f"{LAP_SECONDS // 60}m press lap"


def _notes(text: str) -> list:
    """The workout's notes as free text above the steps: no line may read as a step
    ("- ...") or a repeat header ("... 3x")."""
    lines = []
    for line in text.splitlines():
        line = line.strip().lstrip("-").strip()
        line = re.sub(r"(\d+)\s*[xX]$", r"\1 times", line)
        if line:
            lines.append(line)
    return lines


def _convert(workout, options: Options):
    losses = Losses("intervals.icu", workout)
    units = workout.units
    profile = options.profile
    max_hr = getattr(profile, "max_hr", None)
    items = lower(workout, CAN, losses)

    def pace_range(slow_speed: float, fast_speed: float) -> str:
        slow, fast = format_pace(slow_speed, units, False), format_pace(fast_speed, units, False)
        return f"{fast}/{units}" if slow == fast else f"{slow}-{fast}/{units}"

    def percent(bpm: float) -> int:
        return round(100 * bpm / max_hr)

    def target(step) -> str:
        t = step.target
        if (step.kind in ("warmup", "cooldown") and isinstance(step.duration, (Time, Distance))
                and not isinstance(t, (HeartRate, HeartRateZone))):
            speed = _speed(step)
            if speed:  # a ramp, as the ZWO has: from 80 % of the speed up (or down to it)
                ends = (speed * RAMP_FROM, speed) if step.kind == "warmup" else (speed, speed * RAMP_FROM)
                return f"ramp {format_pace(ends[0], units, False)}-{format_pace(ends[1], units)} Pace"
        if isinstance(t, Speed):
            # intervals.icu has no one-sided pace: a ceiling's slow end is 45:00/mi,
            # so walking and slow jogging stay inside it.
            return pace_range(t.low if not t.ceiling else CEILING_SLOWEST, t.high) + " Pace"
        if isinstance(t, (HeartRate, HeartRateZone)):
            # As % of max heart rate: "Z2 HR" would mean intervals.icu's own zones.
            if isinstance(t, HeartRateZone):
                low, high = (round(100 * f) for f in HR_ZONES[t.zone])
                return f"{low}-{high}% HR"
            if max_hr:
                return f"{percent(t.low)}-{percent(t.high)}% HR"
            losses.add("a heart-rate range needs max_hr (or age) in the profile to be written "
                       "as % HR; left without a target", step, kind="heart rates without max_hr left out")
        return ""

    def line(step) -> str:
        parts = [cue(step, losses), duration_text(step.duration, units), target(step)]
        return " ".join(p for p in parts if p)

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
    return {"blocks": blocks, "name": workout.name, "notes": _notes(workout.notes)}, \
        losses.warnings()


def _speed(step) -> float:
    """The speed a step is run at: the middle of its pace window, else its expected speed."""
    t = step.target
    if isinstance(t, Speed) and not t.ceiling:
        return 2.0 / (1.0 / t.low + 1.0 / t.high)
    return step.expected_speed or 0.0


problems, render = template_writer("workout.txt", _convert)

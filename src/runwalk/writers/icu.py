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
from pathlib import Path

from ..errors import RunwalkError
from ..lowering import LAP_SECONDS, Can, lower
from ..paces import HR_ZONES
from ..steps import (Distance, HeartRate, HeartRateZone, Lap, Repeat, Speed, Time,
                     ramp_start, step_speed)
from ..units import format_pace, pace_to_speed, parse_clock
from . import Losses, Options, template_writer

# intervals.icu reads the first duration or target on a line wherever it stands, so a
# cue (the text before it) must hold no number and none of the syntax's words.
SYNTAX = (r"\d|%|^\s*-|\b(?:press|lap|ramp|freeride|pace|hr|lthr|power|rpm|mtr|km|mi|w|x|z\d|"
          r"cadence|max|min|sec|secs|hour|hours)\b")
# A step is a line; its cue is its name, and a name that says no kind reads as a run.
CAN = Can(
    "intervals.icu",
    kinds=tuple((kind, "-") for kind in ("run", "warmup", "walk", "recover", "cooldown", "rest")),
    durations=(("time", "time"), ("distance", "distance"), ("lap", "press lap")),
    targets=(("none", ""), ("speed", "Pace"), ("ceiling", "Pace"), ("hr", "HR"),
             ("hr_ceiling", "HR"), ("zone", "HR")),
    nesting=False, repeat_min=2, ramps=True, one_pace=True, name_guard=SYNTAX, hr_percent=True,
    step_notes=False, whole_seconds=True,
    speed_resolution=0.01)  # paces are whole seconds per unit
RAMP_FROM = 0.8  # warm-ups ramp up from 80 % of their speed (never slower than a brisk
# walk), cool-downs down to it, as in the ZWO
AFTER_REPEAT = "Main Set"  # the section header over steps that follow a repeat


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
    return f"{LAP_SECONDS // 60}m {CAN.code('durations', 'lap')}"


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
    lowered = lower(workout, CAN, losses, profile)
    items = lowered.workout.steps
    walk = profile.pace("walk") if profile is not None else None
    walk_speed = Speed(*walk).middle if walk else None

    def pace_range(slow_speed: float, fast_speed: float) -> str:
        slow, fast = format_pace(slow_speed, units, False), format_pace(fast_speed, units, False)
        return f"{fast}/{units}" if slow == fast else f"{slow}-{fast}/{units}"

    def percent(bpm: float) -> int:
        return round(100 * bpm / max_hr)

    def target(step) -> str:
        t = step.target
        if (step.kind in ("warmup", "cooldown") and isinstance(step.duration, (Time, Distance))
                and not isinstance(t, (HeartRate, HeartRateZone))):
            speed = step_speed(step)
            start = ramp_start(step, walk_speed, RAMP_FROM)
            # a ramp, as the ZWO has: from a brisk walk up (or down to it); a warm-up that
            # is itself a brisk walk has nothing to ramp and no pace to alert on
            if speed and format_pace(start, units) != format_pace(speed, units):
                ends = (start, speed) if step.kind == "warmup" else (speed, start)
                return f"ramp {format_pace(ends[0], units, False)}-{format_pace(ends[1], units)} Pace"
        if isinstance(t, Speed):
            # intervals.icu has no one-sided pace: a ceiling's slow end is 45:00/mi,
            # so walking and slow jogging stay inside it.
            return f"{pace_range(t.slow_end, t.high)} {CAN.code('targets', 'speed')}"
        if isinstance(t, (HeartRate, HeartRateZone)):
            # As % of max heart rate: "Z2 HR" would mean intervals.icu's own zones.
            if isinstance(t, HeartRateZone):
                low, high = (round(100 * f) for f in HR_ZONES[t.zone])
            else:
                low, high = percent(t.low), percent(t.high)
            return f"{low}-{high}% {CAN.code('targets', 'hr')}"
        return ""

    def line(step) -> str:
        parts = [step.label, duration_text(step.duration, units), target(step)]
        return " ".join(p for p in parts if p)

    blocks, plain = [], []

    def flush():
        # Steps after a repeat get a section header of their own: intervals.icu ends a
        # repeat at the blank line, but a parser that does not would fold them into it.
        blocks.append({"header": AFTER_REPEAT if blocks else None, "lines": plain[:]})
        plain.clear()

    for item in items:
        if isinstance(item, Repeat):
            if plain:
                flush()
            blocks.append({"header": f"{item.count}x", "lines": [line(s) for s in item.steps]})
        else:
            plain.append(line(item))
    if plain:
        flush()
    return {"blocks": blocks, "name": workout.name, "notes": _notes(lowered.workout.notes)}, \
        losses.warnings()


problems, render = template_writer("workout.txt", _convert)


# --- Reading: intervals.icu workout text back into a step list: what runwalk writes and
# the common hand-written forms of its documented syntax.

_REPEAT = re.compile(r"^(.*?)\b(\d+)\s*x\s*$", re.I)
_TIME = re.compile(r"^(?:(\d+)h)?(?:(\d+)m(?:(\d+)(?!\w))?)?(?:(\d+)s)?$")
_APOSTROPHE = re.compile(r"^(?:(\d+)')?(?:(\d+)\")?$")
_DISTANCE_TOKEN = re.compile(r"^(\d+(?:\.\d+)?)(km|mi|mtr)$", re.I)
_PACE = re.compile(r"^(?:ramp\s+)?(\d+:\d{2})(?:/(km|mi))?(?:-(\d+:\d{2}))?/(km|mi)$", re.I)
_HR = re.compile(r"^(\d+)(?:-(\d+))?%$")


def read(data: bytes, file: str, profile=None) -> list:
    """The workout in intervals.icu text ``data``."""
    from ..steps import Workout, clean_text

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise RunwalkError("not intervals.icu workout text (not UTF-8)", file) from None
    units = profile.units if profile is not None else "mi"
    lines = text.splitlines()
    items, notes, block, count, section = [], [], None, 1, None

    def close():
        if block is not None:
            items.append(Repeat(count, tuple(block)) if count > 1 and block else block)

    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        following = lines[number].strip() if number < len(lines) else ""
        if not line:
            close()
            block, section = None, None
            continue
        if line.startswith("-"):
            try:
                step = _read_line(line[1:].strip(), profile, units, section)
            except (ValueError, RunwalkError) as exc:
                raise RunwalkError(f"step '{line}' cannot be read: {exc}", file, number) from None
            (block if block is not None else items).append(step)
            continue
        repeat = _REPEAT.match(line)
        if repeat:
            close()
            block, count = [], int(repeat.group(2))
            section = repeat.group(1).strip() or None
        elif following.startswith("-"):  # a section's name, over its steps
            close()
            block, count, section = None, 1, line
        elif not items and block is None:
            notes.append(line)  # free text before the first step
    close()
    steps = []
    for item in items:
        if isinstance(item, list):
            steps += item  # a "1x" block, or a section without a repeat
        elif isinstance(item, Repeat) and not item.steps:
            continue
        else:
            steps.append(item)
    if not steps:
        raise RunwalkError("no steps: intervals.icu steps are lines starting with '- '", file)
    return [Workout(name=Path(file).stem, steps=tuple(steps), source=file, units=units,
                    notes=clean_text("\n".join(notes), multiline=True))]


def _read_line(line: str, profile, units: str, section: str | None = None):
    from ..steps import KIND_LABELS, NoTarget, OtherTarget, Step, kind_by_name

    tokens = line.split()
    cue, duration, rest = [], None, []
    for index, token in enumerate(tokens):
        parsed = _duration(token)
        if parsed is not None:
            duration, rest = parsed, tokens[index + 1:]
            break
        cue.append(token)
    lap = "press lap" in " ".join(rest).lower() or " ".join(cue).lower() == "press lap"
    rest = [t for t in rest if t.lower() not in ("press", "lap")]
    if duration is None and not lap:
        raise ValueError("no duration (like 5m, 30s, 1m30, 400mtr, 2km)")
    if lap:
        duration = Lap()
    name = " ".join(cue)
    # a step without its own word for what it is takes its section's (Warmup, Cooldown)
    kind = CAN.kind_of("-", name, kind_by_name(section, None))
    target_text = " ".join(rest)
    target = NoTarget()
    lowered = target_text.lower()
    if lowered.endswith(" pace") and not lowered.startswith("ramp"):
        pace = _PACE.match(lowered[:-5].strip())
        if pace:
            unit = pace.group(4)
            fast = pace.group(3) or pace.group(1)
            slow = pace.group(1)
            low, high = (pace_to_speed(parse_clock(slow), unit), pace_to_speed(parse_clock(fast), unit))
            if pace.group(3) is None:  # one pace: the window a single pace gets
                target = Speed.around(low, getattr(profile, "window", 10.0))
            else:
                target = Speed.from_ends(low, high)
        else:
            target = OtherTarget(target_text)
    elif lowered.endswith(" hr") or lowered.endswith("% hr"):
        hr = _HR.match(lowered.replace(" hr", "").strip())
        max_hr = getattr(profile, "max_hr", None)
        if hr and max_hr:
            low = round(max_hr * int(hr.group(1)) / 100)
            high = round(max_hr * int(hr.group(2) or hr.group(1)) / 100)
            zone = _zone(int(hr.group(1)), int(hr.group(2) or 0))
            target = (HeartRateZone(zone, *profile.hr_zone(zone)) if zone else
                      HeartRate(30, high, ceiling=True) if low <= 31 else HeartRate(low, high))
        else:
            target = OtherTarget(target_text)
    elif lowered.startswith("ramp"):
        target = NoTarget()  # a ramp: the step's own pace is not said (documented loss)
    elif target_text:
        target = OtherTarget(target_text)
    default = KIND_LABELS.get(kind)
    return Step(kind, duration, target, name=name if name and name != default else None)


def _zone(low: int, high: int) -> int | None:
    for zone, (a, b) in HR_ZONES.items():
        if (low, high) == (round(100 * a), round(100 * b)):
            return zone
    return None


def _duration(token: str):
    token_lower = token.lower()
    if not token_lower or not token_lower[0].isdigit():
        return None
    distance = _DISTANCE_TOKEN.match(token_lower)
    if distance:
        value, unit = float(distance.group(1)), distance.group(2)
        metres = value if unit == "mtr" else value * (1609.344 if unit == "mi" else 1000.0)
        return Distance(metres, "m" if unit == "mtr" else unit)
    for pattern in (_TIME, _APOSTROPHE):
        m = pattern.match(token_lower)
        if m and any(m.groups()):
            if pattern is _TIME:
                hours, minutes, seconds_after, seconds = (int(g) if g else 0 for g in m.groups())
                total = hours * 3600 + minutes * 60 + seconds_after + seconds
            else:
                total = int(m.group(1) or 0) * 60 + int(m.group(2) or 0)
            return Time(total) if total >= 1 else None
    return None

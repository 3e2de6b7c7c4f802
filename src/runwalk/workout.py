"""Workout files: read the YAML, check it, and compile it with a profile into a step list.

``compile_workout`` is a pure function of (definition, profile): the same file
and profile always give the same Workout.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from .errors import RunwalkError, did_you_mean
from .limits import (MAX_DEPTH, MAX_REPEAT, MAX_STEP_METRES, MAX_STEP_SECONDS,
                     MAX_UNROLLED_STEPS, MAX_WORKOUT_SECONDS)
from .paces import FASTEST_HUMAN, MILE, SUSTAINABLE, run_walk
from .profile import PACE_NAMES, Profile
from .steps import (HR_FLOOR, KINDS, MAX_SPEED, Distance, HeartRate, HeartRateZone, Lap,
                    NoTarget, Repeat, Speed, Step, Time, Workout, depth, repeats, totals,
                    unrolled_count)
from .units import (distance_unit, format_clock, format_pace, parse_clock, parse_distance,
                    parse_pace, parse_time, pace_to_speed)
from .yamlfile import Mapping, Sequence, line_of, load_file, text_field

WORKOUT_KEYS = ("name", "short_name", "notes", "sport", "location", "id", "steps")
LOCATIONS = ("outdoor", "indoor")  # indoor: a treadmill
SPORTS = ("running", "walking")
STEP_KEYS = KINDS + ("repeat", "ratio")
STEP_EXTRAS = ("name", "notes")
RATIO_KEYS = ("ratio", "for", "repeat", "run", "walk", "average")

# Speeds assumed when a step has no pace target (to turn distance into time and back).
DEFAULT_RUN = pace_to_speed(10 * 60, "mi")
DEFAULT_WALK = pace_to_speed(17 * 60 + 30, "mi")
# A ratio's leftover shorter than this is dropped rather than made a step of its own.
MIN_REMAINDER_SECONDS = 15
MIN_REMAINDER_METRES = 50

_HR_RANGE = re.compile(r"^(\d{2,3})\s*-\s*(\d{2,3})\s*bpm$")
_HR_ZONE = re.compile(r"^z([1-5])$")
_CEILING = re.compile(r"^no faster than\s+(.+)$")
_HR_CEILING = re.compile(r"^no more than\s+(.+)$")
_BPM = re.compile(r"^(\d{2,3})\s*bpm$")


class _Context:
    """What compiling one file needs at hand: the file name, the profile, and the
    derivations (run paces worked out from an average) to show the runner."""

    def __init__(self, file: str, profile: Profile):
        self.file = file
        self.profile = profile
        self.derived: list = []

    def error(self, message: str, line: int | None) -> RunwalkError:
        return RunwalkError(message, self.file, line)

    def make(self, cls, *args, at: int | None = None, **kwargs):
        """``cls(*args, **kwargs)``, its own checks reported at its line or ``at``."""
        try:
            return cls(*args, **kwargs)
        except RunwalkError as exc:
            raise self.error(exc.message, exc.line or kwargs.get("line") or at) from None


def load_workout(path: Path, profile: Profile) -> Workout:
    """Read, check and compile one workout file."""
    return compile_workout(load_file(path), str(path), profile)


def compile_workout(data, file: str, profile: Profile, name: str | None = None) -> Workout:
    """Compile parsed YAML (a workout definition) into a Workout for ``profile``."""
    ctx = _Context(file, profile)
    if not isinstance(data, Mapping):
        raise ctx.error("a workout file is a set of 'key: value' lines with name and steps",
                        line_of(data, 1))
    if "steps" not in data and {"magic_mile", "race", "paces", "units"} & set(data):
        raise ctx.error("this is a runner profile, not a workout: pass it with --profile "
                        "(a file named profile.yaml is skipped when building a folder)", data.line)
    for key in data:
        if key not in WORKOUT_KEYS:
            raise ctx.error(f"unknown key '{key}'{did_you_mean(key, WORKOUT_KEYS)}; "
                            f"a workout has {', '.join(WORKOUT_KEYS)}", data.key_lines[key])
    title = name if name is not None else text_field(data, "name", file)
    if not title or not title.strip():
        raise ctx.error("the workout needs a name: add 'name: ...'", data.line)
    sport = (text_field(data, "sport", file) or "running").lower()
    if sport not in SPORTS:
        raise ctx.error(f"sport must be one of {', '.join(SPORTS)}, not '{sport}'",
                        data.key_lines.get("sport"))
    location = (text_field(data, "location", file) or "outdoor").strip().lower()
    if location not in LOCATIONS:
        raise ctx.error(f"location must be outdoor or indoor (a treadmill), not '{location}'",
                        data.key_lines.get("location"))
    if "steps" not in data:
        raise ctx.error("the workout has no steps: add 'steps:' with a list of steps", data.line)
    steps = _items(data["steps"], ctx, data.key_lines["steps"], 0)
    _check_size(steps, ctx, data.key_lines["steps"])
    short = text_field(data, "short_name", file)
    identity = text_field(data, "id", file)
    return ctx.make(Workout, name=title.strip(), steps=tuple(steps),
                    notes=(text_field(data, "notes", file, multiline=True) or "").strip(),
                    sport=sport, short_name=short.strip() if short and short.strip() else None,
                    indoor=location == "indoor",
                    units=profile.units, source=file,
                    identity=identity.strip() if identity else None,
                    derived=tuple(ctx.derived), at=data.line)


def _check_size(steps, ctx: _Context, line: int) -> None:
    """No watch or format holds days of running or millions of steps: refuse them early."""
    count = unrolled_count(steps)
    if count > MAX_UNROLLED_STEPS:
        raise ctx.error(f"the workout runs {count:,} steps once its repeats are written out; "
                        f"at most {MAX_UNROLLED_STEPS:,} fit any format", line)
    seconds = totals(steps)[0]
    if seconds is not None and seconds > MAX_WORKOUT_SECONDS:
        raise ctx.error(f"the workout lasts {format_clock(seconds)}; at most "
                        f"{MAX_WORKOUT_SECONDS // 3600} hours fit a workout", line)


def _items(value, ctx: _Context, line: int | None, level: int) -> list:
    if value is None or (isinstance(value, Sequence) and not value):
        raise ctx.error("steps is empty: list at least one step", line)
    if not isinstance(value, Sequence):
        raise ctx.error("steps must be a list: start each step with '- '", line_of(value, line))
    items = []
    for entry, entry_line in zip(value, value.item_lines):
        items.extend(_item(entry, ctx, entry_line, level))
    return items


def _item(entry, ctx: _Context, line: int, level: int) -> list:
    if not isinstance(entry, Mapping) or not entry:
        raise ctx.error("a step reads like '- run: 4min @ easy', '- repeat: 6' with steps, "
                        "or '- ratio: 4:00/0:30'", line)
    if "ratio" in entry:
        items = _ratio(entry, ctx)
        if level + depth(items) > MAX_DEPTH:
            raise ctx.error(f"repeats nest more than {MAX_DEPTH} deep here", line)
        return items
    if "repeat" in entry:
        return [_repeat(entry, ctx, level + 1)]
    kinds = [k for k in entry if k in KINDS]
    if len(kinds) != 1:
        extra = [k for k in entry if k not in KINDS and k not in STEP_EXTRAS]
        if extra:
            key = extra[0]
            raise ctx.error(f"unknown step '{key}'{did_you_mean(key, STEP_KEYS)}; steps are "
                            f"{', '.join(KINDS)}, repeat or ratio", entry.key_lines[key])
        raise ctx.error("a step has exactly one of " + ", ".join(KINDS), line)
    for key in entry:
        if key not in (kinds[0], *STEP_EXTRAS):
            raise ctx.error(f"unknown key '{key}' in a {kinds[0]} step; a step may add only "
                            "'name' and 'notes'", entry.key_lines[key])
    kind = kinds[0]
    name = text_field(entry, "name", ctx.file)
    notes = text_field(entry, "notes", ctx.file, multiline=True)
    return [_step(kind, entry[kind], ctx, entry.key_lines[kind],
                  name.strip() if name and name.strip() else None,
                  notes.strip() if notes and notes.strip() else None)]


def _step(kind: str, value, ctx: _Context, line: int, name=None, notes=None) -> Step:
    if value is None:
        raise ctx.error(f"the {kind} step needs a duration, like '{kind}: 5min'", line)
    if not isinstance(value, str):
        raise ctx.error(f"the {kind} step is one line, like '{kind}: 4min @ easy'", line)
    duration_text, _, target_text = value.partition("@")
    duration = _duration(duration_text.strip(), ctx, line)
    target = _target(target_text.strip(), ctx, line)
    return ctx.make(Step, kind=kind, duration=duration, target=target, name=name,
                    expected_speed=_expected_speed(kind, target, ctx.profile), line=line,
                    notes=notes)


def _duration(text: str, ctx: _Context, line: int):
    if not text:
        raise ctx.error("the step needs a duration: a time (90s, 5min, 1:30, 1h05), "
                        "a distance (400m, 2km, 1mi) or lap", line)
    if text.lower() == "lap":
        return Lap()
    seconds = parse_time(text)
    if seconds is not None:
        if not 1 <= seconds <= MAX_STEP_SECONDS:
            raise ctx.error(f"duration '{text}' must be at least 1s and at most 12 hours", line)
        return Time(seconds)
    metres = parse_distance(text)
    if metres is not None:
        if not 1 <= metres <= MAX_STEP_METRES:
            raise ctx.error(f"distance '{text}' must be at least 1m and at most 200km", line)
        return Distance(metres, distance_unit(text))
    raise ctx.error(f"'{text}' is not a duration: use a time (90s, 5min, 1:30, 1h05), "
                    "a distance (400m, 2km, 1mi) or lap", line)


def _target(text: str, ctx: _Context, line: int):
    """A target from its spelling: pace, pace range, named pace, bpm range, zone or none."""
    text = text.strip()
    lowered = text.lower()
    if not text or lowered == "none":
        return NoTarget()
    ceiling = _CEILING.match(lowered)
    if ceiling:
        pace = _pace(ceiling.group(1), ctx, line)
        if pace is None:
            raise ctx.error(f"'no faster than' takes a pace or a named pace, "
                            f"not '{ceiling.group(1)}'", line)
        if pace[2] in ctx.profile.by_feel:  # the safe session: no alert at a walking pace
            ctx.derived.append(f"no pace alert at {pace[2]}: {ctx.profile.by_feel[pace[2]]}")
            return NoTarget()
        # Only the faster bound: a runner who walks, jogs slowly or stops is never alerted.
        return ctx.make(Speed, 0.0, pace[1], pace[2], ceiling=True, at=line)
    ceiling = _HR_CEILING.match(lowered)
    if ceiling:
        return _hr_ceiling(ceiling.group(1).strip(), ctx, line)
    m = _HR_RANGE.match(lowered)
    if m:
        low, high = int(m.group(1)), int(m.group(2))
        if not 30 <= low < high <= 240:
            raise ctx.error(f"heart-rate range '{text}' must go low-high within 30-240 bpm", line)
        return HeartRate(low, high)
    m = _HR_ZONE.match(lowered)
    if m:
        zone = int(m.group(1))
        low, high = ctx.profile.hr_zone(zone)
        return HeartRateZone(zone, low, high)
    pace = _pace(lowered, ctx, line)
    if pace is not None and pace[2] in ctx.profile.by_feel:
        ctx.derived.append(f"no pace alert at {pace[2]}: {ctx.profile.by_feel[pace[2]]}")
        return NoTarget()
    if pace is not None:
        if "-" in lowered.split("/")[0]:  # a range, even of one pace, is taken as written
            return ctx.make(Speed, pace[0], pace[1], pace[2], at=line)
        return _windowed(*pace, ctx, line)
    if parse_clock(lowered) is not None:
        raise ctx.error(f"pace '{text}' needs its unit: {text}/mi or {text}/km", line)
    raise ctx.error(f"'{text}' is not a target{did_you_mean(lowered, PACE_NAMES)}: use a pace "
                    "(8:30/mi, 5:10-5:25/km), a named pace (" + ", ".join(PACE_NAMES) +
                    "), a heart rate (130-145bpm, z2) or nothing", line)


def _hr_ceiling(text: str, ctx: _Context, line: int) -> HeartRate:
    """``no more than 140bpm`` or ``no more than z2``: only the upper bound alerts."""
    m = _BPM.match(text)
    if m:
        high = int(m.group(1))
        if not HR_FLOOR < high <= 240:
            raise ctx.error(f"heart rate '{text}' must be within {HR_FLOOR}-240 bpm", line)
        return HeartRate(HR_FLOOR, high, ceiling=True)
    m = _HR_ZONE.match(text)
    if m:
        zone = int(m.group(1))
        high = ctx.profile.hr_zone(zone)[1]
        if high is None:
            raise ctx.error(f"'no more than {text}' needs the runner's max heart rate: set "
                            f"max_hr or age in the profile ({ctx.profile.source or 'profile'})",
                            line)
        return HeartRate(HR_FLOOR, high, ceiling=True, label=text)
    raise ctx.error(f"'no more than' takes a heart rate (140bpm) or a zone (z2), not '{text}'",
                    line)


def _pace(text: str, ctx: _Context, line: int) -> tuple | None:
    """(slower, faster, name) m/s for a written or named pace; None if it is neither."""
    if "/" in text:
        try:
            return (*parse_pace(text), None)
        except ValueError as exc:
            raise ctx.error(str(exc), line) from None
    if text in PACE_NAMES:
        speeds = ctx.profile.pace(text)
        if speeds is None:
            where = ctx.profile.source or "the profile"
            raise ctx.error(f"the profile ({where}) has no '{text}' pace: set magic_mile "
                            f"or paces: {{{text}: ...}} there", line)
        return (*speeds, text)
    return None


def _windowed(low: float, high: float, label: str | None, ctx: _Context, line: int) -> Speed:
    """A single pace gets the profile's window either side; a range stays as it is."""
    if low != high:
        return ctx.make(Speed, low, high, label, at=line)
    profile = ctx.profile
    if 1000.0 / low - profile.window < 1000.0 / MAX_SPEED:
        where = profile.source or "the profile"
        if profile.lines.get("pace_window"):
            where += f":{profile.lines['pace_window']}"
        raise ctx.error(f"pace {format_pace(low, 'km')} with the profile's pace_window of "
                        f"{profile.window:g}s/km ({where}) would need a pace faster than "
                        f"{format_pace(MAX_SPEED, 'km')}: make pace_window smaller or give a "
                        "range", line)
    return ctx.make(Speed.around, low, profile.window, label, at=line)


def _expected_speed(kind: str, target, profile: Profile) -> float:
    if isinstance(target, Speed):
        return target.middle
    if kind == "rest":
        return 0.0
    walking = kind in ("walk", "warmup", "cooldown")
    name = "walk" if walking else "easy"
    speeds = profile.pace(name)
    if speeds:
        return Speed(*speeds).middle
    return DEFAULT_WALK if walking else DEFAULT_RUN


def _count(value, ctx: _Context, line: int, what: str) -> int:
    try:
        count = int(str(value).strip().rstrip("x"))
    except ValueError:
        raise ctx.error(f"{what} '{value}' is not a whole number", line) from None
    if count < 1:
        raise ctx.error(f"{what} must be at least 1, not {count}", line)
    if count > MAX_REPEAT:
        raise ctx.error(f"{what} {count} is more than {MAX_REPEAT}: split it into blocks", line)
    return count


def _repeat(entry: Mapping, ctx: _Context, level: int) -> Repeat:
    for key in entry:
        if key not in ("repeat", "steps"):
            raise ctx.error(f"unknown key '{key}' in a repeat{did_you_mean(key, ('steps',))}; "
                            "a repeat has 'repeat: N' and 'steps:'", entry.key_lines[key])
    line = entry.key_lines["repeat"]
    if level > MAX_DEPTH:
        raise ctx.error(f"repeats nest more than {MAX_DEPTH} deep here", line)
    count = _count(entry["repeat"], ctx, line, "repeat")
    if "steps" not in entry:
        raise ctx.error("the repeat has no steps: add 'steps:' under it", line)
    steps = _items(entry["steps"], ctx, entry.key_lines["steps"], level)
    return ctx.make(Repeat, count=count, steps=tuple(steps), line=line)


def _ratio(entry: Mapping, ctx: _Context) -> list:
    """Expand ``ratio: 4:00/0:30`` with ``for`` or ``repeat`` into run/walk steps."""
    for key in entry:
        if key not in RATIO_KEYS:
            raise ctx.error(f"unknown key '{key}' in a ratio{did_you_mean(key, RATIO_KEYS)}; "
                            "a ratio has ratio, for or repeat, run or average, and walk",
                            entry.key_lines[key])
    line = entry.key_lines["ratio"]
    walk_target = _target(_one_line(entry, "walk", ctx), ctx, entry.key_lines.get("walk", line))
    walk_speed = _expected_speed("walk", walk_target, ctx.profile)
    if "average" in entry:
        if "run" in entry:
            raise ctx.error("give the run parts a pace with 'run:' or the whole an overall "
                            "pace with 'average:', not both", entry.key_lines["run"])
        run_s, walk_s, run_target, run_speed = _averaged(entry, walk_speed, ctx)
    else:
        if _one_line(entry, "ratio", ctx).lower() == "auto":
            raise ctx.error("ratio: auto takes the ratio from Galloway's chart for an overall "
                            "pace: add 'average: PACE' (a pace or a named pace)", line)
        run_s, walk_s = _ratio_times(_one_line(entry, "ratio", ctx), ctx, line)
        run_target = _target(_one_line(entry, "run", ctx), ctx, entry.key_lines.get("run", line))
        run_speed = _expected_speed("run", run_target, ctx.profile)
    run = ctx.make(Step, "run", Time(run_s), run_target, expected_speed=run_speed, line=line)
    walk = ctx.make(Step, "walk", Time(walk_s), walk_target, expected_speed=walk_speed,
                    line=line)

    has_for, has_repeat = "for" in entry, "repeat" in entry
    if has_for and has_repeat:
        raise ctx.error("a ratio takes 'for:' or 'repeat:', not both: keep one", line)
    if not has_for and not has_repeat:
        raise ctx.error("the ratio says how long it lasts with neither 'for: 45min' (or a "
                        "distance like 8km) nor 'repeat: N': add one", line)
    remainder: list = []
    if has_repeat:
        count = _count(entry["repeat"], ctx, entry.key_lines["repeat"], "repeat")
    else:
        total_line = entry.key_lines["for"]
        total = _one_line(entry, "for", ctx)
        seconds = parse_time(total)
        metres = None if seconds is not None else parse_distance(total)
        if seconds is None and metres is None:
            raise ctx.error(f"for '{total}' should be a time (45min, 1h05) or a distance "
                            "(8km, 5mi, marathon)", total_line)
        if seconds is not None:
            if not 0 < seconds <= MAX_STEP_SECONDS:
                raise ctx.error(f"for '{total}' must be more than 0 and at most 12 hours", total_line)
            count, remainder = _split_time(seconds, run, walk)
        else:
            if not 0 < metres <= MAX_STEP_METRES:
                raise ctx.error(f"for '{total}' must be more than 0 and at most 200km", total_line)
            count, remainder = _split_distance(metres, run, walk)
        if count == 0:
            raise ctx.error(f"for '{total}' is shorter than one cycle of run "
                            f"{format_clock(run_s)} / walk {format_clock(walk_s)}: make it "
                            "longer, or write the steps out", total_line)
    # Watches and TCX repeat at most 99 times: more cycles become consecutive blocks.
    return ctx.make(repeats, count, (run, walk), line, at=line) + remainder


def _one_line(entry: Mapping, key: str, ctx: _Context) -> str:
    """The text of ``key`` (empty when absent); a list or a map there is an error."""
    value = entry.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ctx.error(f"'{key}' takes one value, not a list or a block", entry.key_lines[key])
    return value.strip()


def _ratio_times(text: str, ctx: _Context, line: int) -> tuple:
    parts = text.split("/")
    times = [parse_time(p) for p in parts] if len(parts) == 2 else []
    if len(times) != 2 or any(t is None or t < 1 for t in times):
        raise ctx.error(f"ratio '{text}' should read run/walk, like 4:00/0:30 or 90s/30s "
                        "(or auto, with average:)", line)
    return times[0], times[1]


def _averaged(entry: Mapping, walk_speed: float, ctx: _Context) -> tuple:
    """(run s, walk s, run target, run speed) for a ratio whose run and walk together
    average a pace (``paces.run_walk`` works it out).

    Average pace is total time over total distance, so the run parts go at the speed
    that makes one whole cycle cover the average's distance. A named race pace holds its
    run parts to a shorter race's pace (the whole then goes slower, never faster); a
    written pace no run can reach, or only faster than the runner's mile, is an error.
    """
    line = entry.key_lines["ratio"]
    average_line = entry.key_lines["average"]
    average_text = _one_line(entry, "average", ctx)
    pace = _pace(average_text.lower(), ctx, average_line)
    if pace is None:
        raise ctx.error(f"average '{average_text}' is not a pace: use a pace (12:24/mi) or a "
                        f"named pace ({', '.join(PACE_NAMES)})", average_line)
    profile, units, name = ctx.profile, ctx.profile.units, pace[2]
    average = Speed(pace[0], pace[1]).middle
    if average <= walk_speed and name not in SUSTAINABLE:
        raise ctx.error(f"average {format_pace(average, units)} is not faster than the walk "
                        f"parts ({format_pace(walk_speed, units)}): no run pace can reach it; "
                        "give a faster average or a faster walk", average_line)
    mile = profile.pace("mile")
    caps = [MILE / (mile[1] if mile else MAX_SPEED), FASTEST_HUMAN]
    sustainable = SUSTAINABLE.get(name)
    if sustainable == "race_run":
        race = profile.run_walk.get("race day")
        if race and race.run:
            caps.append(race.run)
        else:
            sustainable = "10mi"
    if sustainable in PACE_NAMES and profile.pace(sustainable):
        caps.append(MILE / profile.pace(sustainable)[1])
    ratio_text = _one_line(entry, "ratio", ctx)
    ratio = None if ratio_text.lower() == "auto" else _ratio_times(ratio_text, ctx, line)
    plan = run_walk(MILE / average, MILE / walk_speed, max(caps), ratio)
    if plan.held and not sustainable:
        fastest = MILE / max(caps[:2])
        what = ("any runner's pace: is the average or the walk a typo?"
                if plan.asked < FASTEST_HUMAN or not mile else "your mile pace")
        raise ctx.error(f"average {format_pace(average, units)} with walks at "
                        f"{format_pace(walk_speed, units)} needs run parts at "
                        f"{format_pace(MILE / plan.asked, units)}, faster than {what} "
                        f"({format_pace(fastest, units)}): slow the average or shorten the walks",
                        average_line)
    run_s, walk_s = plan.run_s, plan.walk_s
    named = f" ({name})" if name else ""
    if ratio is None:
        note = (f"ratio auto: run {format_clock(run_s)} / walk {format_clock(walk_s)} from "
                f"Galloway's chart for {format_clock(round(MILE / average))}/mi")
        if plan.chart:
            note += (f" (its {format_clock(plan.chart[0])}/{format_clock(plan.chart[1])} would "
                     "need run parts faster than a shorter race's pace: the nearest row with "
                     "more running)")
        ctx.derived.append(note)
    if plan.run is None:
        ctx.derived.append(f"run {format_clock(run_s)} / walk {format_clock(walk_s)} averaging "
                           f"{format_pace(average, units)}{named}: run parts by feel, no pace "
                           f"alert ({plan.by_feel})")
        run_speed = max(average, walk_speed)
        return run_s, walk_s, NoTarget(), run_speed
    run_speed = MILE / plan.run
    held = ""
    if plan.held:
        held = (f", held at {'race-day run parts' if sustainable == 'race_run' else sustainable + ' pace'}"
                f" (the whole goes at {format_pace(MILE / plan.overall, units)})")
    ctx.derived.append(f"run {format_clock(run_s)} / walk {format_clock(walk_s)} averaging "
                       f"{format_pace(average, units)}{named}: run parts at "
                       f"{format_pace(run_speed, units)}{held}, walks at "
                       f"{format_pace(walk_speed, units)}")
    target = _windowed(run_speed, run_speed, f"average {name or average_text}", ctx, line)
    return run_s, walk_s, target, run_speed


def _split_time(total: float, run: Step, walk: Step) -> tuple:
    cycle = run.duration.seconds + walk.duration.seconds
    count = int(math.floor(total / cycle + 1e-9))
    left = round(total - count * cycle, 3)
    steps = []
    if left >= MIN_REMAINDER_SECONDS:
        run_part = min(left, run.duration.seconds)
        steps.append(_with(run, Time(run_part)))
        if left - run_part >= MIN_REMAINDER_SECONDS:
            steps.append(_with(walk, Time(left - run_part)))
    return count, steps


def _split_distance(total: float, run: Step, walk: Step) -> tuple:
    """(cycles, leftover steps) for a ratio over a distance. The leftover (to 10 m) is
    run and walked in the cycle's proportion, its walk at least 50 m, so the whole goes
    no faster than its cycles."""
    run_metres = run.duration.seconds * run.expected_speed
    cycle = run_metres + walk.duration.seconds * walk.expected_speed
    count = int(math.floor(total / cycle + 1e-9))
    left = round((total - count * cycle) / 10.0) * 10.0
    steps = []
    if left >= MIN_REMAINDER_METRES:
        walk_part = max(round(left * (1 - run_metres / cycle) / 10.0) * 10.0,
                        MIN_REMAINDER_METRES)
        if left - walk_part >= MIN_REMAINDER_METRES:
            steps.append(_with(run, Distance(left - walk_part)))
            steps.append(_with(walk, Distance(walk_part)))
        else:
            steps.append(_with(walk, Distance(left)))
    return count, steps


def _with(step: Step, duration) -> Step:
    return Step(step.kind, duration, step.target, step.name, step.expected_speed, step.line,
                step.notes)

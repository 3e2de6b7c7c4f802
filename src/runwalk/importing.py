"""Bringing workouts in: a file of any format runwalk writes, read back into step lists
(by the reader beside each writer) and written as a workout file a person can edit.

The YAML reads as a person would write it: run/walk alternations become ``ratio:``
shorthand where that is exact, paces that are the profile's named paces become their
names (unless ``absolute``), and every number carries the decimals needed to build the
same watch file again (``9:07.4/mi``). Whatever a workout file cannot say (power or
cadence targets, calorie or heart-rate durations, foreign repeat kinds) stays as a
comment and a warning.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .errors import RunwalkError
from .steps import (KIND_LABELS, Distance, HeartRate, HeartRateZone, NoTarget,
                    OtherDuration, OtherTarget, Repeat, Speed, Time)
from .units import METRES_PER, exact_pace

def readers() -> dict:
    """suffix -> format name, from the format table: every format runwalk writes it reads."""
    from .formats import WRITERS

    return {suffix: name for name, (_, suffix, _) in WRITERS.items()}


def read_any(path: Path, profile) -> list:
    """Every workout in ``path`` (its format from its suffix), as step lists."""
    from .writers import writer

    from .writers import WRITERS

    name = readers().get(path.suffix.lower())
    if name is None:
        known = ", ".join(f"{suffix} ({what})" for _, suffix, what in WRITERS.values())
        raise RunwalkError(f"runwalk reads these workout files: {known}", str(path))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RunwalkError(f"cannot read: {exc.strerror}", str(path)) from None
    try:
        workouts = writer(name).read(data, str(path), profile)
    except RunwalkError as exc:
        raise exc.located(str(path)) from None
    if not workouts:
        raise RunwalkError("no workout in this file", str(path))
    return workouts


def resolution(path: Path) -> float:
    """The finest speed step (m/s) the format of ``path`` keeps: paces are written with
    the decimals that read back to the same value at that step."""
    from .writers import writer

    name = readers().get(path.suffix.lower())
    return writer(name).CAN.speed_resolution if name else 0.001


def file_names(source: Path, workouts: list) -> list:
    """One YAML file name per workout: the source's name, numbered when it holds several."""
    stem = re.sub(r"[^\w.-]+", "-", source.stem).strip("-.") or "workout"
    if len(workouts) == 1:
        return [f"{stem}.yaml"]
    return [f"{stem}-{n}.yaml" for n in range(1, len(workouts) + 1)]


def _comment(text: str) -> str:
    """Text from a foreign file as a YAML comment: one line, so it can never become a key."""
    from .steps import clean_text

    return clean_text(text)


def _quote(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's)."""
    return json.dumps(text, ensure_ascii=False)


class _Writer:
    """Builds the YAML text of one workout, collecting what it could not say."""

    def __init__(self, profile, absolute: bool, speed_resolution: float):
        self.resolution = speed_resolution
        self.profile = profile
        self.units = profile.units if profile is not None else "mi"
        self.absolute = absolute
        self.warnings: list = []

    # --- numbers in the README's spellings, exact enough to build the same file again

    def time(self, seconds: float) -> str:
        if seconds == int(seconds):
            whole = int(seconds)
            hours, rest = divmod(whole, 3600)
            minutes, secs = divmod(rest, 60)
            return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
        return f"{round(seconds, 3):g}s"

    def distance(self, metres: float, unit: str | None = None) -> str:
        """The shortest exact spelling (to the centimetre a watch keeps): ``400m``, ``2km``,
        ``3mi``; the unit it was written in, then the runner's, win ties."""
        candidates = []
        preferred = ("m",) if metres < 1000 else ()
        for name in (unit, *preferred, self.units, "km", "mi", "m"):
            if not name or name in [c[1] for c in candidates]:
                continue
            per = METRES_PER[name]
            text = f"{metres / per:.5f}".rstrip("0").rstrip(".")
            if round(float(text) * per * 100) == round(metres * 100):
                candidates.append((len(text), name, text))
        if not candidates:
            return f"{round(metres, 2):g}m"
        _, name, text = min(candidates, key=lambda c: c[0])
        return f"{text}{name}"

    def pace(self, speed: float) -> str:
        return exact_pace(speed, self.units, self.resolution)

    def named(self, target: Speed) -> str | None:
        """The profile's pace name this target is exactly, if any."""
        if self.absolute or self.profile is None:
            return None
        from .profile import PACE_NAMES

        # A ceiling is most often a recovery pace (which may equal the long-run pace).
        order = ("recovery",) + PACE_NAMES if target.ceiling else PACE_NAMES
        for name in order:
            speeds = self.profile.pace(name)
            if not speeds:
                continue
            if target.ceiling:
                candidate = (0.0, speeds[1])
            elif speeds[0] == speeds[1]:
                around = Speed.around(speeds[0], self.profile.window)
                candidate = (around.low, around.high)
            else:
                candidate = speeds
            if all(abs(a - b) < 0.0005 for a, b in zip(candidate, (target.low, target.high))):
                return name
        return None

    def target(self, target, comments: list) -> str:
        if isinstance(target, NoTarget):
            return ""
        if isinstance(target, Speed):
            name = self.named(target)
            if target.ceiling:
                return f"no faster than {name or self.pace(target.high) + '/' + self.units}"
            if name:
                return name
            return f"{self.pace(target.high)}-{self.pace(target.low)}/{self.units}"
        if isinstance(target, HeartRate):
            if target.ceiling:
                return f"no more than {target.high}bpm"
            return f"{target.low}-{target.high}bpm"
        if isinstance(target, HeartRateZone):
            return f"z{target.zone}"
        comments.append(f"target: {target.text} (a workout file has no such target)")
        return ""

    def duration(self, duration, comments: list) -> str:
        if isinstance(duration, Time):
            return self.time(duration.seconds)
        if isinstance(duration, Distance):
            return self.distance(duration.metres, duration.unit)
        if isinstance(duration, OtherDuration):
            comments.append(f"duration: {duration.text} (a workout file has no such duration: "
                            "the step ends on lap)")
        return "lap"

    # --- the step list

    def items(self, items, indent: str) -> list:
        lines = []
        for item in items:
            if isinstance(item, Repeat):
                lines += self.repeat(item, indent)
            else:
                lines += self.step(item, indent)
        return lines

    def step(self, step, indent: str) -> list:
        comments: list = []
        text = self.duration(step.duration, comments)
        target = self.target(step.target, comments)
        if target:
            text += f" @ {target}"
        lines = [f"{indent}# {_comment(c)}" for c in comments]
        self.warnings += [f"step '{step.label}': {c}" for c in comments]
        lines.append(f"{indent}- {step.kind}: {text}")
        if step.name and step.name != KIND_LABELS.get(step.kind):
            lines.append(f"{indent}  name: {_quote(step.name)}")
        if step.notes:
            lines.append(f"{indent}  notes: {_quote(step.notes)}")
        return lines

    def repeat(self, repeat, indent: str) -> list:
        lines = []
        count = repeat.count
        if repeat.until is not None:
            comment = f"repeat until {repeat.until} (a workout file has no such repeat: run once)"
            lines.append(f"{indent}# {_comment(comment)}")
            self.warnings.append(comment)
            count = 1
        ratio = self.ratio(repeat, count)
        if ratio:
            return lines + [f"{indent}{line}" for line in ratio]
        lines.append(f"{indent}- repeat: {count}")
        lines.append(f"{indent}  steps:")
        return lines + self.items(repeat.steps, indent + "    ")

    def ratio(self, repeat, count: int) -> list | None:
        """``ratio:`` shorthand when the repeat is exactly what one expands to."""
        if count < 2 or repeat.until is not None or len(repeat.steps) != 2:
            return None
        run, walk = repeat.steps
        if isinstance(run, Repeat) or isinstance(walk, Repeat):
            return None
        if not (run.kind == "run" and walk.kind == "walk"
                and isinstance(run.duration, Time) and isinstance(walk.duration, Time)
                and run.name in (None, "Run") and walk.name in (None, "Walk")
                and not run.notes and not walk.notes
                and not isinstance(run.target, OtherTarget) and not isinstance(walk.target, OtherTarget)):
            return None
        lines = [f"- ratio: {self.time(run.duration.seconds)}/{self.time(walk.duration.seconds)}",
                 f"  repeat: {count}"]
        for key, step in (("run", run), ("walk", walk)):
            target = self.target(step.target, [])
            if target:
                lines.append(f"  {key}: {target}")
        return lines


def workout_yaml(workout, profile, absolute: bool = False, source: str | None = None,
                 speed_resolution: float = 0.001) -> tuple:
    """(YAML text, warnings) for ``workout`` as a workout file."""
    out = _Writer(profile, absolute, speed_resolution)
    from .steps import clean_text  # a file name may hold a line break: not in a comment

    lines = [f"# Imported by runwalk from {clean_text(Path(source).name)}" if source
             else "# Imported by runwalk"]
    lines.append(f"name: {_quote(workout.name)}")
    if workout.short_name:
        lines.append(f"short_name: {_quote(workout.short_name)}")
    if workout.identity:
        lines.append(f"id: {_quote(workout.identity)}")
    if workout.notes:
        lines.append(f"notes: {_quote(workout.notes)}")
    if workout.sport not in ("running", "unknown"):
        lines.append(f"sport: {workout.sport}")
    if workout.indoor:
        lines.append("location: indoor")
    lines.append("steps:")
    lines += out.items(workout.steps, "  ")
    return "\n".join(lines) + "\n", out.warnings

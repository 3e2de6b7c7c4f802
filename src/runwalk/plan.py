"""Training plans: weeks of sessions (workout files, inline workouts, cross-training, rest).

A plan file has ``plan:`` (its name) and ``weeks:``. Each session that is a workout
becomes its own Workout named so it sorts and stays unique (``C25K W3D2``), and,
when the plan has a start date, a dated calendar entry.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .errors import RunwalkError, did_you_mean
from .limits import FIRST_DATE, LAST_DATE, MAX_PLAN_WEEKS
from .profile import Profile
from .steps import Workout
from .workout import compile_workout
from .yamlfile import Mapping, Sequence, line_of, load_file, text_field

PLAN_KEYS = ("plan", "short_name", "notes", "start", "days", "weeks")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Which days a week's sessions fall on when the plan does not say: spread out, so that
# three sessions are never on consecutive days.
DEFAULT_DAYS = {1: ("sat",), 2: ("tue", "sat"), 3: ("mon", "wed", "fri"),
                4: ("mon", "tue", "thu", "sat"), 5: ("mon", "tue", "wed", "fri", "sat"),
                6: ("mon", "tue", "wed", "thu", "fri", "sat"), 7: DAYS}
CODE_EXAMPLE = " W99D7"  # the longest session suffix a code can get


@dataclass(frozen=True)
class Session:
    week: int
    weekday: int  # 0 = Monday
    number: int | None  # workout number within the week (D in W3D2); None for cross-training
    date: dt.date | None
    workout: Workout | None = None
    cross: str | None = None

    @property
    def slug(self) -> str:
        return slug(self.week, self.number)


def slug(week: int, number: int) -> str:
    """A session's file name stem, sorting in plan order: ``w03d2``."""
    return f"w{week:02d}d{number}"


@dataclass(frozen=True)
class Plan:
    name: str
    short_name: str
    notes: str
    weeks: int
    sessions: tuple
    source: str | None = None
    start: dt.date | None = None

    @property
    def workouts(self) -> list:
        return [s for s in self.sessions if s.workout is not None]


def load_plan(path: Path, profile: Profile, start: dt.date | None = None) -> Plan:
    return compile_plan(load_file(path), str(path), profile, start)


def compile_plan(data, file: str, profile: Profile, start: dt.date | None = None,
                 identity: str | None = None) -> Plan:
    """Compile a plan definition; ``start`` (from the command line) wins over the file's.
    ``identity`` (the plan's path in the workouts folder) makes each session's
    identity, ``IDENTITY/w03d2``, what its FIT serial number comes from."""
    def error(message, line):
        return RunwalkError(message, file, line)

    for key in data:
        if key not in PLAN_KEYS:
            raise error(f"unknown plan key '{key}'{did_you_mean(key, PLAN_KEYS)}; a plan has "
                        f"{', '.join(PLAN_KEYS)}", data.key_lines[key])
    name = (text_field(data, "plan", file) or "").strip()
    if not name:
        raise error("the plan needs a name: add 'plan: ...'", data.line)
    short = (text_field(data, "short_name", file) or name).strip()
    from .writers.fit import CAN

    limit = CAN.workout_name[1]
    if len((short + CODE_EXAMPLE).encode()) > limit:
        raise error(f"short_name '{short}' is too long: session names like "
                    f"'{short} W3D2' must fit {limit} bytes, so keep it to "
                    f"{limit - len(CODE_EXAMPLE)} characters", data.key_lines.get("short_name", data.line))
    if data.get("start") is not None and start is None:
        start = parse_start(text_field(data, "start", file), file, data.key_lines["start"])
    days = _days(data.get("days"), file)
    weeks = data.get("weeks")
    if not isinstance(weeks, Sequence) or not weeks:
        raise error("the plan has no weeks: add 'weeks:' with one entry per week",
                    data.key_lines.get("weeks", data.line))
    if len(weeks) > MAX_PLAN_WEEKS:
        raise error(f"the plan has {len(weeks)} weeks; at most {MAX_PLAN_WEEKS} fit one plan "
                    "(split it into two plans)", data.key_lines["weeks"])
    base = Path(file).parent
    sessions = []
    for week_number, (week, line) in enumerate(zip(weeks, weeks.item_lines), 1):
        entries = _week_entries(week, days, file, line)
        number = 0
        for weekday, entry, entry_line in entries:
            date = start + dt.timedelta(days=7 * (week_number - 1) +
                                        (weekday - start.weekday()) % 7) if start else None
            if isinstance(entry, str) and entry.strip().lower() == "rest":
                continue
            if isinstance(entry, Mapping) and "cross" in entry:
                if len(entry) != 1:
                    extra = next(k for k in entry if k != "cross")
                    raise error(f"unknown key '{extra}' beside cross (quote a description "
                                "that has commas)", entry.key_lines[extra])
                cross = (text_field(entry, "cross", file) or "").strip() or "cross-training"
                sessions.append(Session(week_number, weekday, None, date, cross=cross))
                continue
            number += 1
            code = f"{short} W{week_number}D{number}"
            title = f"{name} W{week_number}D{number}"
            workout = _session_workout(entry, base, file, entry_line, profile, title)
            if workout.name != title:
                title = f"{title}: {workout.name}"
            workout = dataclasses.replace(
                workout, name=title, short_name=code, date=date,
                identity=f"{identity}/{slug(week_number, number)}" if identity else None)
            sessions.append(Session(week_number, weekday, number, date, workout=workout))
    return Plan(name=name, short_name=short,
                notes=(text_field(data, "notes", file, multiline=True) or "").strip(),
                weeks=len(weeks), sessions=tuple(sessions), source=file, start=start)


def parse_start(text, file: str | None, line: int | None = None) -> dt.date:
    """A plan's start date, within the dates every output can carry."""
    try:
        start = dt.date.fromisoformat(str(text).strip())
    except ValueError:
        raise RunwalkError(f"start '{text}' is not a date: write it like 2027-01-04",
                           file, line) from None
    first, last = dt.date.fromisoformat(FIRST_DATE), dt.date.fromisoformat(LAST_DATE)
    # The last session falls up to MAX_PLAN_WEEKS weeks after the start.
    if not first <= start <= last - dt.timedelta(weeks=MAX_PLAN_WEEKS):
        raise RunwalkError(f"start {start} is out of range: plans start between {first} and "
                           f"{last - dt.timedelta(weeks=MAX_PLAN_WEEKS)}", file, line)
    return start


def _days(value, file: str):
    if value is None:
        return None
    if not isinstance(value, Sequence) or not value:
        raise RunwalkError("days is a list like [mon, wed, fri]", file, line_of(value))
    days = []
    for item, line in zip(value, value.item_lines):
        day = str(item).strip().lower()[:3]
        if day not in DAYS:
            raise RunwalkError(f"'{item}' is not a day: use mon, tue, wed, thu, fri, sat, sun",
                               file, line)
        days.append(DAYS.index(day))
    if len(set(days)) != len(days):
        raise RunwalkError("a day appears twice in days", file, line_of(value))
    return days


def _week_entries(week, days, file: str, line: int) -> list:
    """(weekday, entry, line) for one week, from a list (on the plan's days) or a day map."""
    if isinstance(week, Mapping):
        entries = []
        for key, entry in week.items():
            day = key.strip().lower()[:3]
            if day not in DAYS:
                raise RunwalkError(f"'{key}' is not a day{did_you_mean(key, DAYS)}: a week is "
                                   "a list of sessions or a map of days (mon: ..., tue: rest)",
                                   file, week.key_lines[key])
            entries.append((DAYS.index(day), entry, week.key_lines[key]))
        return sorted(entries, key=lambda e: e[0])
    if isinstance(week, Sequence):
        if not week:
            raise RunwalkError("the week is empty: list its sessions (or rest)", file, line)
        chosen = days or [DAYS.index(d) for d in DEFAULT_DAYS.get(len(week), ())]
        if len(week) > len(chosen):
            raise RunwalkError(f"the week has {len(week)} sessions but the plan's days give "
                               f"{len(chosen) or 7}: add days or use a map of days", file, line)
        return list(zip(chosen, week, week.item_lines))
    raise RunwalkError("a week is a list of sessions or a map of days (mon: ..., tue: rest)",
                       file, line)


def _session_workout(entry, base: Path, file: str, line: int, profile: Profile,
                     default_name: str) -> Workout:
    if isinstance(entry, str):
        entry_path = entry.strip()
        if not entry_path.endswith((".yaml", ".yml")):
            raise RunwalkError(f"'{entry}' is not a session: give a workout file (.yaml), "
                               "an inline workout with steps, cross: ..., or rest", file, line)
        return _workout_file(base / entry_path, file, line, profile)
    if isinstance(entry, Mapping):
        if "workout" in entry:
            if set(entry) != {"workout"}:
                extra = sorted(set(entry) - {"workout"})[0]
                raise RunwalkError(f"unknown key '{extra}' beside workout", file,
                                   entry.key_lines[extra])
            return _workout_file(base / (text_field(entry, "workout", file) or ""), file, line,
                                 profile)
        if "steps" in entry:
            return compile_workout(entry, file, profile,
                                   name=text_field(entry, "name", file) or default_name)
        key = next(iter(entry))
        raise RunwalkError(f"unknown session '{key}'"
                           f"{did_you_mean(key, ('workout', 'steps', 'cross', 'rest'))}: give "
                           "workout: FILE, an inline workout with steps, cross: ..., or rest",
                           file, entry.key_lines[key])
    raise RunwalkError("a session is a workout file, an inline workout, cross: ... or rest",
                       file, line)


def _workout_file(path: Path, file: str, line: int, profile: Profile) -> Workout:
    from .workout import load_workout

    if not path.is_file():
        raise RunwalkError(f"no workout file {path}", file, line)
    return load_workout(path, profile)

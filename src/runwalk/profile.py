"""The runner's profile: units, named paces, heart rate. Plans name paces; this says what they are."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import paces as rules
from .errors import RunwalkError, did_you_mean
from .steps import MAX_SPEED, Speed
from .units import (METRES_PER, format_clock, format_pace, parse_clock, parse_distance, parse_pace,
                    parse_time, pace_to_speed)
from .yamlfile import Mapping, line_of, load_file

PACE_NAMES = ("easy", "long", "recovery", "marathon", "half", "10mi", "10k", "5k", "mile",
              "mile_repeats", "goal", "walk")
KEYS = ("units", "magic_mile", "race", "goal", "paces", "max_hr", "age", "pace_window",
        "templates")
_RUNS = {"race day": "race-day", "long run": "long"}  # how ``by_feel`` names read in a line
DEFAULT_WINDOW = 10.0  # seconds per km either side of a single pace
MILE = 1609.344


@dataclass(frozen=True)
class Profile:
    units: str = "mi"
    # name -> (slower, faster) m/s
    paces: dict = field(default_factory=dict)
    max_hr: int | None = None
    window: float = DEFAULT_WINDOW
    templates: str | None = None
    source: str | None = None
    derived_from: str | None = None
    lines: dict = field(default_factory=dict)  # key -> line in the profile file
    how: dict = field(default_factory=dict)  # pace name -> how it was worked out
    warnings: tuple = ()
    # What the watch asks on race day and long runs ("race day", "long run" -> RunWalk)
    run_walk: dict = field(default_factory=dict)
    by_feel: dict = field(default_factory=dict)  # pace or session -> why it has no alert

    def pace(self, name: str) -> tuple | None:
        return self.paces.get(name)

    def hr_zone(self, zone: int) -> tuple:
        return rules.hr_zone(self.max_hr, zone) if self.max_hr else (None, None)


def _speeds_per_mile(slow: float, fast: float) -> tuple:
    return pace_to_speed(slow, "mi"), pace_to_speed(fast, "mi")


def _per_mile(speeds: tuple) -> tuple:
    return MILE / speeds[0], MILE / speeds[1]


def _clock(value, what: str, file: str) -> float:
    seconds = parse_clock(str(value)) if isinstance(value, str) else None
    if seconds is None:
        raise RunwalkError(f"{what} '{value}' is not a time: write it like 8:00 or 52:30",
                           file, line_of(value))
    return float(seconds)


def _goal(value, units: str, file: str) -> float:
    """The goal pace in seconds per mile: ``9:00/mi``, or a bare ``9:00`` in the profile's units."""
    text = str(value).strip()
    try:
        slow, fast = parse_pace(text if "/" in text else f"{text}/{units}")
    except ValueError:
        raise RunwalkError(f"goal '{text}' is not a pace a person runs: write it like 9:00/mi "
                           "(between 3:00/mi and 60:00/mi)", file, line_of(value)) from None
    if slow != fast:
        raise RunwalkError(f"goal '{text}' is one pace, not a range", file, line_of(value))
    return MILE / fast


def _race(value, file: str) -> float:
    if not isinstance(value, Mapping) or set(value) != {"distance", "time"}:
        raise RunwalkError("race needs a distance and a time, like "
                           "race: {distance: 10k, time: 52:30}", file, line_of(value))
    metres = parse_distance(str(value["distance"]))
    if not metres:
        raise RunwalkError(f"race distance '{value['distance']}' is not a distance "
                           "(5k, 10k, half, marathon, 8km, 3mi...)", file, line_of(value["distance"]))
    seconds = parse_time(str(value["time"]))
    if not seconds:
        raise RunwalkError(f"race time '{value['time']}' is not a time", file, line_of(value["time"]))
    return rules.magic_mile_from_race(metres, seconds)


def profile_from_data(data, file: str) -> Profile:
    """Build a Profile from parsed YAML; explicit paces win over derived ones."""
    if data is None:
        data = Mapping()
        data.line, data.key_lines = None, {}
    if not isinstance(data, Mapping):
        raise RunwalkError("a profile is a set of 'key: value' lines", file, line_of(data))
    for key in data:
        if key not in KEYS:
            raise RunwalkError(f"unknown profile key '{key}'{did_you_mean(key, KEYS)}",
                               file, data.key_lines[key])
    lines = dict(data.key_lines)
    units = str(data.get("units") or "mi").lower()
    if units not in METRES_PER or units == "m":
        raise RunwalkError(f"units must be mi or km, not '{units}'", file, line_of(data.get("units")))

    per_mile: dict = {}  # name -> (slow, fast) seconds per mile
    how: dict = {}
    derived_from = None
    goal = _goal(data["goal"], units, file) if data.get("goal") is not None else None
    if data.get("magic_mile") is not None and data.get("race") is not None:
        raise RunwalkError("give either magic_mile or race, not both", file, data.key_lines["race"])
    magic = None
    if data.get("magic_mile") is not None:
        magic = _clock(data["magic_mile"], "magic_mile", file)
        derived_from = f"magic mile {data['magic_mile']}"
    elif data.get("race") is not None:
        magic = _race(data["race"], file)
        derived_from = f"race {data['race']['distance']} in {data['race']['time']}"
    if magic is not None:
        if not 180 <= magic <= 1800:
            key = "magic_mile" if data.get("magic_mile") is not None else "race"
            raise RunwalkError(f"{key} gives a magic mile of {format_clock(magic)}; it must be "
                               "between 3:00 and 30:00", file, lines.get(key))
        per_mile = rules.derive_paces(magic, goal)

    explicit = data.get("paces") or Mapping()
    if not isinstance(explicit, Mapping):
        raise RunwalkError("paces is a list of 'name: pace' lines", file, line_of(explicit))
    for name, value in explicit.items():
        if name not in PACE_NAMES:
            raise RunwalkError(f"unknown pace name '{name}'{did_you_mean(name, PACE_NAMES)}; "
                               f"known: {', '.join(PACE_NAMES)}", file, explicit.key_lines[name])
        try:
            per_mile[name] = _per_mile(parse_pace(str(value)))
        except ValueError as exc:
            raise RunwalkError(str(exc), file, explicit.key_lines[name]) from None
        how[name] = "as set in the profile"

    warnings = []
    if "walk" not in explicit:
        walk, how["walk"] = rules.assumed_walk(per_mile, units)
        per_mile["walk"] = (walk, walk)
    else:
        walk = MILE / Speed(*_speeds_per_mile(*per_mile["walk"])).middle
        if not rules.WALK_FASTEST <= walk <= rules.WALK_SLOWEST:
            warnings.append(RunwalkError(
                f"the walk pace ({format_pace(MILE / walk, units)}) is not a walking pace: walks go "
                "at 14:00-20:00/mi", file, explicit.key_lines["walk"]))
    model = rules.run_walk_model(per_mile, walk, units) if magic is not None else {}
    if "recovery" in per_mile and "recovery" not in explicit:
        per_mile["recovery"], how["recovery"] = rules.slower_recovery(per_mile,
                                                                      model.get("long run"))
    elif "recovery" in explicit:
        long_run = model.get("long run")
        slower_than = {name: per_mile[name][0] for name in rules.RECOVERY_NO_FASTER_THAN
                       if name in per_mile}
        if long_run and long_run.run:
            slower_than["long-run run parts'"] = long_run.run
        for name, pace in slower_than.items():
            if per_mile["recovery"][0] < pace - 0.5:
                warnings.append(RunwalkError(
                    f"the recovery pace is faster than the {name} pace: recovery runs go slower "
                    "still than easy runs and a long run's run parts", file,
                    explicit.key_lines["recovery"]))
                break
    by_feel = {}  # named pace -> why a target at it is left out (the safe session)
    if "recovery" in per_mile and per_mile["recovery"][1] >= walk:
        by_feel["recovery"] = (f"the pace ({format_pace(MILE / per_mile['recovery'][1], units)}) "
                               f"is no faster than walking at {format_pace(MILE / walk, units)}")
    for session, plan in model.items():
        if plan.by_feel:
            by_feel[session] = plan.by_feel
    if "walk" in explicit:
        for name in ("easy", "long", "recovery"):
            if name in per_mile and per_mile["walk"][1] < per_mile[name][0] + 0.5:
                warnings.append(RunwalkError(
                    f"the walk pace overlaps the {name} pace: the watch cannot tell a walk "
                    "from a run", file, explicit.key_lines["walk"]))
                break
    if by_feel:
        key = "magic_mile" if "magic_mile" in lines else "race"
        warnings.append(RunwalkError(
            f"paces from {derived_from or 'the profile'} come near walking: "
            + "; ".join(f"{_RUNS.get(name, name)} runs carry no pace alert, as {why}"
                        for name, why in by_feel.items())
            + ". Run them by feel, and walk when you need to", file, lines.get(key)))
    speeds = {name: _speeds_per_mile(*p) for name, p in per_mile.items()}

    max_hr = None
    if data.get("max_hr") is not None:
        max_hr = _whole(data["max_hr"], "max_hr", 100, 230, file)
    elif data.get("age") is not None:
        max_hr = rules.tanaka_max_hr(_whole(data["age"], "age", 5, 100, file))

    window = DEFAULT_WINDOW
    if data.get("pace_window") is not None:
        text = str(data["pace_window"]).strip().lower()
        per_km = text.endswith("/km")
        per_mi = text.endswith("/mi")
        seconds = parse_time(text[:-3] if per_km or per_mi else text)
        if seconds is None or not (per_km or per_mi) or not 0 < seconds <= 120:
            raise RunwalkError(f"pace_window '{text}' should read like 10s/km or 15s/mi "
                               "(up to 2 minutes)", file, line_of(data["pace_window"]))
        window = seconds if per_km else seconds * 1000 / METRES_PER["mi"]
    _check_window(speeds, window, file, lines)

    templates = None
    if data.get("templates") is not None:
        templates = str(data["templates"])
        if not Path(templates).is_absolute():
            templates = str(Path(file).parent / templates)
        if not Path(templates).is_dir():
            raise RunwalkError(f"templates folder '{data['templates']}' does not exist", file,
                               lines.get("templates"))
    return Profile(units=units, paces=speeds, max_hr=max_hr, window=window,
                   templates=templates, source=file, derived_from=derived_from, lines=lines,
                   how=how, warnings=tuple(warnings), run_walk=model, by_feel=by_feel)


def _check_window(speeds: dict, window: float, file: str, lines: dict) -> None:
    """Every single named pace, with the window either side, must stay a pace a person runs."""
    fastest = 1000.0 / MAX_SPEED
    for name, (slow, fast) in speeds.items():
        if slow == fast and 1000.0 / fast - window < fastest:
            key = "pace_window" if "pace_window" in lines else "paces"
            raise RunwalkError(f"a pace_window of {window:g}s/km around the {name} pace "
                               f"({format_clock(1000.0 / fast)}/km) would ask for a pace faster "
                               f"than {format_clock(fastest)}/km: make the window smaller",
                               file, lines.get(key))


def _whole(value, what: str, low: int, high: int, file: str) -> int:
    try:
        number = int(str(value))
    except ValueError:
        number = None
    if number is None or not low <= number <= high:
        raise RunwalkError(f"{what} must be a whole number from {low} to {high}, not '{value}'",
                           file, line_of(value))
    return number


def load_profile(path: Path) -> Profile:
    return profile_from_data(load_file(path), str(path))

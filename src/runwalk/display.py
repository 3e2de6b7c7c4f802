"""The step list as a runner reads it: ``Repeat 6x: Run 1:00 @ 10:00-10:30/mi, Walk 2:00``."""

from __future__ import annotations

from .steps import (Distance, HeartRate, HeartRateZone, Lap, NoTarget, OtherDuration,
                    OtherTarget, Repeat, Speed, Time, Workout, flat_count, totals)
from .units import format_clock, format_distance, format_pace


def duration_text(duration, units: str) -> str:
    if isinstance(duration, Time):
        return format_clock(duration.seconds)
    if isinstance(duration, Distance):
        return format_distance(duration.metres, units)
    if isinstance(duration, Lap):
        return "until lap"
    if isinstance(duration, OtherDuration):
        return duration.text
    return "?"


def target_text(target, units: str) -> str:
    if isinstance(target, NoTarget):
        return ""
    if isinstance(target, Speed) and target.ceiling:
        return "no faster than " + format_pace(target.high, units)
    if isinstance(target, Speed):
        fast, slow = format_pace(target.high, units, False), format_pace(target.low, units)
        return fast + "/" + units if fast + "/" + units == slow else f"{fast}-{slow}"
    if isinstance(target, HeartRate) and target.ceiling:
        zone = f"{target.label} " if target.label else ""
        return f"no more than {zone}({target.high} bpm)" if zone else f"no more than {target.high} bpm"
    if isinstance(target, HeartRate):
        return f"{target.low}-{target.high} bpm"
    if isinstance(target, HeartRateZone):
        bpm = f" ({target.low}-{target.high} bpm)" if target.low else ""
        return f"HR zone {target.zone}{bpm}"
    if isinstance(target, OtherTarget):
        return target.text
    return "?"


def item_text(item, units: str, nested: bool = False) -> str:
    if isinstance(item, Repeat):
        inner = ", ".join(item_text(i, units, True) for i in item.steps)
        head = f"Repeat until {item.until}" if item.until else f"Repeat {item.count}x"
        return f"{head}: [{inner}]" if nested else f"{head}: {inner}"
    text = f"{item.label} {duration_text(item.duration, units)}"
    target = target_text(item.target, units)
    return f"{text} @ {target}" if target else text


def workout_lines(workout: Workout) -> list:
    """One line per top-level item, then the totals."""
    lines = [workout.name + (f"  ({workout.short_name})" if workout.short_name else "")]
    lines += ["  " + item_text(i, workout.units) for i in workout.steps]
    lines.append("  " + summary(workout))
    lines += ["  " + d for d in workout.derived]
    return lines


def summary(workout: Workout) -> str:
    """``15 steps, 28:00, ~1.9mi``: FIT steps, total time, distance when known."""
    seconds, metres = totals(workout.steps)
    count = flat_count(workout.steps)
    parts = [f"{count} step{'s' if count != 1 else ''}"]
    if seconds is not None:
        parts.append(format_clock(seconds))
    if metres:
        parts.append("~" + format_distance(metres, workout.units))
    return ", ".join(parts)


def pace_table(profile, units: str) -> list:
    """The profile's named paces (faster first) and heart-rate zones, one per line."""
    from .profile import PACE_NAMES

    lines = [f"Paces ({'from ' + profile.derived_from if profile.derived_from else 'as set'}), "
             f"per {'mile' if units == 'mi' else 'km'}:"]
    for name in PACE_NAMES:
        speeds = profile.pace(name)
        if speeds:
            row = f"  {name:<13}{target_text(Speed(*speeds), units)}"
            if name in profile.how:
                row = f"{row:<32}{profile.how[name]}"
            lines.append(row)
    lines += run_walk_lines(profile, units)
    if profile.max_hr:
        lines.append(f"Heart-rate zones (max {profile.max_hr} bpm):")
        for zone in range(1, 6):
            low, high = profile.hr_zone(zone)
            lines.append(f"  z{zone}  {low}-{high} bpm")
    return lines


def run_walk_lines(profile, units: str) -> list:
    """What the watch asks on race day (and its rehearsals) and on a 0:30/0:30 long run:
    the ratio, the run parts' pace beside the walks' and the overall pace."""
    from .paces import MILE

    if not profile.run_walk:
        return []

    def pace(per_mile: float) -> str:
        return format_pace(MILE / per_mile, units)

    lines = ["Run/walk, what the watch asks (walks are never alerted):"]
    for name, plan in profile.run_walk.items():
        ratio = f"{format_clock(plan.run_s)}/{format_clock(plan.walk_s)}"
        if plan.run is None:
            lines.append(f"  {name:<13}{ratio:<11}run parts by feel, no pace alert: "
                         f"{plan.by_feel}")
            continue
        row = (f"  {name:<13}{ratio:<11}runs {pace(plan.run)}, walks {pace(plan.walk)}: "
               f"{pace(plan.overall)} overall")
        if plan.chart:
            row += (f" (the chart's {format_clock(plan.chart[0])}/{format_clock(plan.chart[1])}"
                    " would need runs faster than your 10-mile race pace)")
        elif plan.held:
            row += (f" (runs held at {'race-day run parts' if name == 'long run' else 'the cap'}"
                    f"; the average alone would ask {pace(plan.asked)})")
        lines.append(row)
        if name == "race day":
            lines.append(f"  {'rehearsal':<13}the same ratio and paces, for a few miles")
    return lines


def _parse_or_fail(parse, text: str, what: str):
    from .errors import RunwalkError

    try:
        value = parse(text)
    except ValueError as exc:
        raise RunwalkError(str(exc)) from None
    if value is None:
        raise RunwalkError(f"'{text}' is not a {what}")
    return value


def suggestion_lines(pace: str) -> list:
    """Galloway's ratio for an overall pace, with the chart row it came from."""
    from .paces import galloway_ratio
    from .units import parse_pace, speed_to_pace

    slow, fast = _parse_or_fail(parse_pace, pace, "pace")
    # Looked up as printed: 4:21/km is 7:00.04/mi, shown and looked up as 7:00/mi.
    per_mile = round(speed_to_pace(Speed(slow, fast).middle, "mi"))
    found = galloway_ratio(per_mile)
    if found is None:
        return [f"{format_clock(per_mile)}/mi is slower than the chart (20:00/mi): walk, "
                "with short jogs when you feel like it."]
    run, walk = found
    lines = [f"run {format_clock(run)} / walk {format_clock(walk)}  "
             f"(Galloway's chart for {format_clock(per_mile)}/mi overall)"]
    if per_mile < 7 * 60:
        lines.append("Faster than 7:00/mi: continuous running is an option too.")
    if run == 120:
        lines.append("1:20 / 0:20 is the chart's alternative at this pace.")
    return lines


def _ratio_times(ratio: str) -> list:
    from .units import parse_time

    parts = ratio.split("/")
    times = [parse_time(p) for p in parts] if len(parts) == 2 else [None]
    if None in times or not all(times):
        from .errors import RunwalkError
        raise RunwalkError(f"ratio '{ratio}' should read run/walk, like 4:00/0:30")
    return times


def _middle_speed(text: str) -> float:
    from .units import parse_pace

    slow, fast = _parse_or_fail(parse_pace, text, "pace")
    return Speed(slow, fast).middle


def _humanly_possible(run_speed: float, unit: str, what: str) -> None:
    """Run parts faster than 3:40/mi are no human's: most likely a typo."""
    from .errors import RunwalkError
    from .paces import FASTEST_HUMAN, MILE

    if run_speed > MILE / FASTEST_HUMAN:
        raise RunwalkError(f"{what} {format_pace(run_speed, unit)}, faster than anyone runs "
                           f"({format_pace(MILE / FASTEST_HUMAN, unit)}): is a pace a typo?")


def ratio_lines(ratio: str, run_pace: str, walk_pace: str, distance: str) -> list:
    """Average pace (by distance) and finish time of a run/walk ratio."""
    from .paces import run_walk_average
    from .units import parse_distance

    times = _ratio_times(ratio)
    run_speed, walk_speed = _middle_speed(run_pace), _middle_speed(walk_pace)
    unit = "km" if run_pace.strip().endswith("/km") else "mi"
    _humanly_possible(run_speed, unit, "run parts at")
    metres = _parse_or_fail(parse_distance, distance, "distance")
    average = run_walk_average(times[0], times[1], run_speed, walk_speed)
    return [f"run {format_clock(times[0])} at {format_pace(run_speed, unit)}, "
            f"walk {format_clock(times[1])} at {format_pace(walk_speed, unit)}",
            f"average {format_pace(average, unit)} (by distance covered)",
            f"{distance}: {format_distance(metres, unit)} in {format_clock(metres / average)}"]


def run_pace_lines(ratio: str, average_pace: str, walk_pace: str, distance: str) -> list:
    """The run pace that makes a run/walk ratio average ``average_pace`` overall."""
    from .errors import RunwalkError
    from .paces import run_walk_run_speed
    from .units import parse_distance

    times = _ratio_times(ratio)
    average, walk_speed = _middle_speed(average_pace), _middle_speed(walk_pace)
    metres = _parse_or_fail(parse_distance, distance, "distance")
    unit = "km" if average_pace.strip().endswith("/km") else "mi"
    if average <= walk_speed:
        raise RunwalkError(f"average {format_pace(average, unit)} is not faster than the walk "
                           f"({format_pace(walk_speed, unit)}): no run pace can reach it")
    run_speed = run_walk_run_speed(times[0], times[1], average, walk_speed)
    _humanly_possible(run_speed, unit, f"average {format_pace(average, unit)} with walks at "
                      f"{format_pace(walk_speed, unit)} would need run parts at")
    return [f"run {format_clock(times[0])} at {format_pace(run_speed, unit)}, "
            f"walk {format_clock(times[1])} at {format_pace(walk_speed, unit)}",
            f"average {format_pace(average, unit)} (by distance covered)",
            f"{distance}: {format_distance(metres, unit)} in {format_clock(metres / average)}"]


def plan_lines(plan) -> list:
    """A plan week by week: date, session code, summary; cross-training as it is."""
    days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    lines = [f"{plan.name}  ({plan.weeks} weeks, {len(plan.workouts)} workouts"
             + (f", from {plan.start.isoformat()})" if plan.start else ")")]
    for session in plan.sessions:
        when = session.date.isoformat() if session.date else f"week {session.week}"
        day = days[session.weekday]
        if session.workout is None:
            lines.append(f"  {when} {day}  cross-training: {session.cross}")
        else:
            w = session.workout
            title = w.name[len(plan.name):].split(": ", 1)  # "W3D2: Easy 20" or "W3D2"
            named = f": {title[1]}" if len(title) == 2 else ""
            lines.append(f"  {when} {day}  {w.short_name}{named} ({summary(w)})")
    return lines

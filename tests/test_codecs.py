"""One mapping per format, used both ways: what a format's reader gives back is the step
list its lowering passes made, step by step and field by field (kinds, names, notes,
durations, targets, repeats), within the resolution the format declares; every
difference is a loss the lowering reported. Shipped workouts and random ones with every
kind, name, duration and target, nested repeats included."""

from __future__ import annotations

import ast
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import ROOT, shipped_items
from runwalk.errors import RunwalkError
from runwalk.lowering import lower
from runwalk.steps import (KINDS, Distance, HeartRate, HeartRateZone, Lap, NoTarget, Repeat,
                           Speed, Step, Time, Workout, flat_count)
from runwalk.writers import WRITERS, Losses, Options, writer

FORMATS = list(WRITERS)
SHIPPED = shipped_items()


def same_target(meant, got, can, max_hr) -> bool:
    if isinstance(meant, Speed) and isinstance(got, Speed):
        tolerance = can.speed_resolution * 1.5
        return (meant.ceiling == got.ceiling and abs(meant.high - got.high) <= tolerance
                and (meant.ceiling or abs(meant.low - got.low) <= tolerance))
    if isinstance(meant, HeartRate) and isinstance(got, HeartRate):
        slack = math.ceil(max_hr / 100) if can.hr_percent else 0  # % of max HR, to the percent
        return (meant.ceiling == got.ceiling and abs(meant.low - got.low) <= slack
                and abs(meant.high - got.high) <= slack)
    if isinstance(meant, HeartRateZone) and isinstance(got, HeartRateZone):
        return meant.zone == got.zone
    return type(meant) is type(got) and isinstance(meant, NoTarget)


def same_duration(meant, got) -> bool:
    if isinstance(meant, Time) and isinstance(got, Time):
        return abs(meant.seconds - got.seconds) <= 0.5
    if isinstance(meant, Distance) and isinstance(got, Distance):
        return abs(meant.metres - got.metres) <= 2.0  # to 0.001 mi or km, or the metre
    return type(meant) is type(got)


def compare(meant, got, can, max_hr, where="") -> None:
    assert len(meant) == len(got), (where, meant, got)
    for number, (a, b) in enumerate(zip(meant, got)):
        at = f"{where}/{number}"
        if isinstance(a, Repeat):
            assert isinstance(b, Repeat) and a.count == b.count, (at, a, b)
            compare(a.steps, b.steps, can, max_hr, at)
            continue
        assert isinstance(b, Step), (at, b)
        assert (a.kind, a.label, a.notes) == (b.kind, b.label, b.notes), (at, a, b)
        assert same_duration(a.duration, b.duration), (at, a.duration, b.duration)
        assert same_target(a.target, b.target, can, max_hr), (at, a.target, b.target)


def reads_back(workout: Workout, fmt: str, profile) -> None:
    """Render ``workout`` as ``fmt``, read it back: the lowered step list comes back."""
    module = writer(fmt)
    can = module.CAN
    try:
        lowered = lower(workout, can, Losses(can.format, workout), profile)
    except RunwalkError as exc:  # as the format says it, more than any watch runs
        assert "24 hours" in str(exc) or "10,000 steps" in str(exc)
        with pytest.raises(RunwalkError, match=f"as a {can.format} workout"):
            module.render(workout, Options(profile=profile))
        return
    if lowered.too_many:
        with pytest.raises(RunwalkError, match="at most"):
            module.render(workout, Options(profile=profile))
        return
    data = module.render(workout, Options(profile=profile)).data
    read = module.read(data, f"w.{fmt}", profile)
    assert len(read) == len(lowered.parts)
    for (name, items), back in zip(lowered.parts, read):
        compare(items, back.steps, can, profile.max_hr)
        if fmt != "icu":  # intervals.icu text carries no name: it is the file's
            expected = name if fmt in ("fit", "tcx") else lowered.workout.name
            assert back.name == " ".join(expected.split()), (back.name, expected)
    if fmt != "tcx" or len(read) == 1:
        assert read[0].notes == lowered.workout.notes.strip()


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("item", SHIPPED, ids=lambda i: i.stem.as_posix())
def test_every_shipped_workout_reads_back_as_lowered(item, fmt, shipped_profile):
    reads_back(item.workout, fmt, shipped_profile)


NAMES = st.one_of(st.none(), st.sampled_from(
    ["Stroll", "Jog", "Stand", "Walk down", "Hill up", "Easy start", "Run easy", "Warm Up",
     'Tom & Jerry\'s <fast> "run" 🏃', "Café au lait", "Strides 4x", "Sprint 100m", "Z2 easy",
     "A very long step name indeed", "Run @ home | easy (fast)", "x (8:30/mi)"]))
NOTES = st.one_of(st.none(), st.sampled_from(["Talk test", "Relax the shoulders; breathe.",
                                              "Ünïcödé notes with <&>"]))


@st.composite
def targets(draw):
    kind = draw(st.sampled_from(["none", "speed", "ceiling", "hr", "hr_ceiling", "zone"]))
    if kind == "speed":
        slow = draw(st.floats(1.2, 5.5))
        return Speed(slow, slow + draw(st.floats(0.0, 0.6)))
    if kind == "ceiling":
        return Speed(0.0, draw(st.floats(1.5, 5.0)), ceiling=True)
    if kind == "hr":
        low = draw(st.integers(90, 170))
        return HeartRate(low, low + draw(st.integers(5, 25)))
    if kind == "hr_ceiling":
        return HeartRate(30, draw(st.integers(120, 190)), ceiling=True)
    if kind == "zone":
        zone = draw(st.integers(1, 5))
        return HeartRateZone(zone, 90 + 18 * (zone - 1), 108 + 18 * (zone - 1))
    return NoTarget()


@st.composite
def steps(draw):
    duration = draw(st.one_of(
        st.integers(1, 20000).map(lambda s: Time(float(s))),
        st.builds(lambda m, u: Distance(float(m), u), st.integers(50, 30000),
                  st.sampled_from([None, "m", "km", "mi"])),
        st.just(Lap())))
    return Step(draw(st.sampled_from(KINDS)), duration, draw(targets()), name=draw(NAMES),
                expected_speed=draw(st.floats(1.3, 5.0)), notes=draw(NOTES))


@st.composite
def items(draw, depth=0):
    if depth < 3 and draw(st.integers(0, 3)) == 0:
        body = draw(st.lists(items(depth + 1), min_size=1, max_size=3))
        return Repeat(draw(st.integers(1, 20)), tuple(body))
    return draw(steps())


def make_workout(body, name, notes):
    try:
        return Workout(name=name, steps=tuple(body), notes=notes or "")
    except RunwalkError:  # longer than any watch runs: not a workout
        return None


workouts = st.builds(
    make_workout, st.lists(items(), min_size=1, max_size=8),
    st.sampled_from(["Random", "Lundi: fractionné 🏃", 'A <&> "workout" that has a long name']),
    NOTES).filter(lambda workout: workout is not None)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(workout=workouts)
@pytest.mark.parametrize("fmt", FORMATS)
def test_random_workouts_read_back_as_lowered(fmt, workout, profile):
    if flat_count(workout.steps) > 200:
        return
    reads_back(workout, fmt, profile)


# --- each format's codes live in its table, and its losses in the lowering passes

def _strings(path: Path) -> list:
    return [node.value for node in ast.walk(ast.parse(path.read_text()))
            if isinstance(node, ast.Constant) and isinstance(node.value, (str, int))
            and not isinstance(node.value, bool)]


def _codes(fmt: str) -> set:
    """A format's own words: the codes in its table (and the keys Garmin Connect writes
    beside its ids), less runwalk's own words."""
    from runwalk.profile import PACE_NAMES

    module = writer(fmt)
    can = module.CAN
    ours = set(KINDS) | set(PACE_NAMES) | {"time", "distance", "lap", "speed", "none", "other", "repeat", "ratio"}
    codes = {code for table in (can.kinds, can.durations, can.targets) for _, code in table}
    codes |= {key for keys in getattr(module, "KEYS", {}).values() for key in keys.values()}
    return {c for c in codes if isinstance(c, str) and len(c) > 2 and c not in ours}


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_format_module_is_the_only_place_that_names_its_codes(fmt):
    codes = _codes(fmt)
    modules = {Path(writer(name).__file__): name for name in FORMATS}
    for path in sorted((ROOT / "src" / "runwalk").rglob("*.py")):
        if modules.get(path) == fmt:
            continue
        own = _codes(modules[path]) if path in modules else set()
        found = (codes - own) & set(s for s in _strings(path) if isinstance(s, str))
        assert not found, f"{path.name} names {fmt}'s codes {sorted(found)}: use {fmt}.CAN"
    for template in sorted((ROOT / "templates").glob("*")):
        text = template.read_text()
        assert not [c for c in codes if f'"{c}"' in text or f"'{c}'" in text], template.name


def test_no_writer_reports_a_loss_of_its_own():
    for path in sorted((ROOT / "src" / "runwalk" / "writers").glob("*.py")):
        assert "losses.add(" not in path.read_text(), f"{path.name} reports a loss: lower it instead"


# --- a foreign step no watch can run is one clear error from the step list, from every reader

def fit_with_a_step_of(seconds: float) -> bytes:
    """A FIT workout as another tool might write it: one step lasting ``seconds``."""
    from fit_tool.fit_file_builder import FitFileBuilder
    from fit_tool.profile.messages.file_id_message import FileIdMessage
    from fit_tool.profile.messages.workout_message import WorkoutMessage
    from fit_tool.profile.messages.workout_step_message import WorkoutStepMessage
    from fit_tool.profile.profile_type import (FileType, Intensity, Manufacturer, Sport,
                                               WorkoutStepDuration, WorkoutStepTarget)

    builder = FitFileBuilder(auto_define=True)
    head = FileIdMessage()
    head.type, head.manufacturer, head.serial_number = FileType.WORKOUT, Manufacturer.DEVELOPMENT.value, 7
    head.time_created = 1704067200000
    workout = WorkoutMessage()
    workout.sport, workout.num_valid_steps, workout.workout_name = Sport.RUNNING, 1, "Long"
    step = WorkoutStepMessage()
    step.message_index = 0
    step.intensity = Intensity.ACTIVE
    step.duration_type = WorkoutStepDuration.TIME
    step.duration_time = seconds
    step.target_type = WorkoutStepTarget.OPEN
    for message in (head, workout, step):
        builder.add(message)
    return builder.build().to_bytes()


@pytest.mark.foreign_files
def test_a_foreign_fit_step_of_twenty_hours_is_one_clear_error(tmp_path):
    from conftest import run
    path = tmp_path / "long.fit"
    path.write_bytes(fit_with_a_step_of(20 * 3600))
    for command in (("import", path, "-o", tmp_path / "out"), ("show", path)):
        result = run(*command)
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert result.output.startswith(f"error: {path}: a step lasts from 1 s to 12 hours"), \
            result.output
    assert not (tmp_path / "out").exists()


BAD_VALUES = {"huge": "1e10", "nan": "NaN", "negative": "-5"}  # as each format spells them


def foreign_file(fmt: str, value: str) -> bytes:
    if fmt == "gc":
        return ('{"workoutName": "x", "sportType": {"sportTypeId": 1, "sportTypeKey": "running"},'
                ' "workoutSegments": [{"workoutSteps": [{"type": "ExecutableStepDTO",'
                ' "stepType": {"stepTypeId": 3}, "endCondition": {"conditionTypeId": 2},'
                f' "endConditionValue": {value}}}]}}]}}').encode()
    if fmt == "tcx":
        return ('<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenter'
                'Database/v2" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><Workouts>'
                '<Workout Sport="Running"><Name>x</Name><Step xsi:type="Step_t"><StepId>1</StepId>'
                f'<Duration xsi:type="Time_t"><Seconds>{value}</Seconds></Duration>'
                '<Intensity>Active</Intensity><Target xsi:type="None_t"/></Step></Workout>'
                '</Workouts></TrainingCenterDatabase>').encode()
    if fmt == "zwo":
        return (f'<workout_file><sportType>run</sportType><workout><SteadyState Duration="{value}" '
                'Power="0.8"/></workout></workout_file>').encode()
    if fmt == "icu":
        return {"1e10": b"- Run 99999999h\n", "NaN": b"- Run 0s\n", "-5": b"- Run 0m\n"}[value]
    if fmt == "apple":
        from runwalk.writers.apple import _bytes, _double, _int
        goal = _int(1, 1) + _bytes(2, _int(1, 1) + _double(2, float(value)))
        block = _bytes(1, _int(1, 1) + _bytes(2, _bytes(1, goal))) + _int(2, 1)
        body = _int(1, 37) + _int(2, 3) + _bytes(3, b"x") + _bytes(5, block)
        return _bytes(9, b"00000000-0000-4000-8000-000000000001") + _bytes(11, body)
    raise AssertionError(fmt)


@pytest.mark.foreign_files
@pytest.mark.parametrize("fmt", ["gc", "tcx", "zwo", "icu", "apple"])
@pytest.mark.parametrize("what", list(BAD_VALUES))
def test_a_foreign_step_no_watch_can_run_is_one_clear_error(fmt, what, tmp_path):
    from conftest import run
    from runwalk.writers import extension
    path = tmp_path / f"bad{extension(fmt)}"
    path.write_bytes(foreign_file(fmt, BAD_VALUES[what]))
    result = run("import", path, "-o", tmp_path / "out")
    assert result.exit_code == 1, result.output
    first = result.output.splitlines()[0]
    assert first.startswith(f"error: {path}") and "Traceback" not in result.output, first
    if fmt == "icu" and what != "huge":  # the text has no NaN or negative: "0s" says so
        assert "no duration" in first, first
    else:
        assert "a step lasts from 1 s to 12 hours" in first, first
    assert not (tmp_path / "out").exists()


@pytest.mark.foreign_files
@pytest.mark.parametrize("fmt, data", [
    ("gc", b'{"workoutName": "x", "workoutSegments": [{"workoutSteps": [{"type": '
           b'"RepeatGroupDTO", "numberOfIterations": 1e400, "workoutSteps": [{"type": '
           b'"ExecutableStepDTO", "stepType": {"stepTypeId": 3}, "endCondition": '
           b'{"conditionTypeId": 2}, "endConditionValue": 60}]}]}]}'),
    ("gc", b'{"workoutName": "x", "workoutSegments": [{"workoutSteps": [{"type": '
           b'"RepeatGroupDTO", "numberOfIterations": 1000000000, "workoutSteps": [{"type": '
           b'"ExecutableStepDTO", "stepType": {"stepTypeId": 3}, "endCondition": '
           b'{"conditionTypeId": 2}, "endConditionValue": 60}]}]}]}'),
    ("zwo", b'<workout_file><sportType>run</sportType><workout><IntervalsT Repeat="1e400" '
            b'OnDuration="60" OffDuration="60" OnPower="1" OffPower="0.5"/></workout></workout_file>'),
    ("icu", b"1000000000x\n- Run 1m\n- Walk 1m\n"),
])
def test_a_repeat_no_watch_runs_is_one_clear_error_without_making_it(fmt, data, tmp_path):
    from conftest import run
    from runwalk.writers import extension
    path = tmp_path / f"many{extension(fmt)}"
    path.write_bytes(data)
    result = run("import", path, "-o", tmp_path / "out")
    assert result.exit_code == 1 and result.output.startswith(f"error: {path}"), result.output
    assert "Traceback" not in result.output and "bug" not in result.output

"""Galloway's method as its sources mean it, with hand-worked numbers.

Paces are in seconds per mile unless a test says otherwise; 1 mi = 1609.344 m.
"""

import datetime as dt

import pytest

from conftest import WORKOUTS, compile_text, decode_fit, run
from runwalk.errors import RunwalkError
from runwalk.profile import profile_from_data
from runwalk.steps import Distance, HeartRate, Repeat, Speed, leaf_steps, totals
from runwalk.writers import Options, writer
from runwalk.yamlfile import load_text

MILE = 1609.344


def profile_of(text: str):
    return profile_from_data(load_text(text, "profile.yaml"), "profile.yaml")


def per_mile(speed: float) -> float:
    return MILE / speed


def middle(speed: Speed) -> float:
    """The pace (s/mi) in the middle of a window, as runwalk aims at it."""
    return (per_mile(speed.low) + per_mile(speed.high)) / 2


# --- 1. overall pace for run/walk ---

LONG_RUN = """name: Long
steps:
  - ratio: 0:30/0:30
    for: 10mi
    average: 12:24/mi
    walk: 17:00/mi
"""


def test_an_average_pace_derives_the_run_pace_of_the_worked_example(profile):
    # average 12:24/mi = 2.16310 m/s; walk 17:00/mi = 1.57779 m/s;
    # run = 2 x 2.16310 - 1.57779 = 2.74841 m/s = 585.6 s/mi = 9:46/mi.
    workout = compile_text(LONG_RUN, profile)
    run_step = leaf_steps(workout.steps)[0]
    assert middle(run_step.target) == pytest.approx(585.6, abs=0.1)
    # 10 mi / (60 s x 2.16310 m/s) = 124 cycles exactly: 99 + 25, 2:04:00, no remainder.
    assert [(i.count, len(i.steps)) for i in workout.steps] == [(99, 2), (25, 2)]
    seconds, metres = totals(workout.steps)
    assert seconds == pytest.approx(7440, abs=0.5) and metres == pytest.approx(16093.44, abs=1)
    assert "run parts at 9:46/mi, walks at 17:00/mi" in " ".join(workout.derived)


def test_the_derived_run_pace_reaches_the_watch(profile):
    workout = compile_text(LONG_RUN, profile)
    steps = decode_fit(writer("fit").render(workout, Options(profile=profile)).data)
    run_step = steps["workout_step_mesgs"][0]
    # a window of +/-10 s/km (16.1 s/mi) either side of 585.6 s/mi
    assert per_mile(run_step["custom_target_speed_high"]) == pytest.approx(585.6 - 16.1, abs=0.3)
    assert per_mile(run_step["custom_target_speed_low"]) == pytest.approx(585.6 + 16.1, abs=0.3)


def test_show_and_check_print_the_derived_run_pace(tmp_path):
    (tmp_path / "long.yaml").write_text(LONG_RUN)
    assert "run parts at 9:46/mi" in run("show", tmp_path / "long.yaml").output
    assert "run parts at 9:46/mi" in run("check", tmp_path / "long.yaml").output


def test_the_calculator_gives_the_inverse():
    result = run("ratio", "0:30/0:30", "--average", "12:24/mi", "--walk-pace", "17:00/mi",
                 "--distance", "10mi")
    assert result.exit_code == 0
    assert result.output.splitlines() == ["run 0:30 at 9:46/mi, walk 0:30 at 17:00/mi",
                                          "average 12:24/mi (by distance covered)",
                                          "10mi: 10mi in 2:04:00"]


@pytest.mark.parametrize("extra, message, line", [
    ("    run: easy\n", "not both", 7),
    ("", None, None),
])
def test_average_with_run_is_an_error(profile, extra, message, line):
    text = LONG_RUN + extra
    if message is None:
        compile_text(text, profile)
        return
    with pytest.raises(RunwalkError, match=message) as info:
        compile_text(text, profile)
    assert info.value.line == line


@pytest.mark.parametrize("average, walk, message", [
    ("18:00/mi", "17:00/mi", "not faster than the walk"),
    ("17:00/mi", "17:00/mi", "not faster than the walk"),
    # 8:00 magic mile; 0:30/0:30 averaging 8:30/mi with 17:00 walks needs the run parts at
    # 1 / (2/510 - 1/1020) s/mi = 5:40/mi, faster than the 8:00 mile.
    ("8:30/mi", "17:00/mi", "faster than your mile pace"),
])
def test_an_average_no_run_pace_can_reach_is_an_error_naming_the_line(profile, average, walk,
                                                                     message):
    text = LONG_RUN.replace("12:24/mi", average).replace("walk: 17:00/mi", f"walk: {walk}")
    with pytest.raises(RunwalkError, match=message) as info:
        compile_text(text, profile)
    assert info.value.line == 5


def test_a_named_average_uses_the_profiles_pace(profile):
    # 8:00 magic mile: long = 10:24 + 2:00 = 12:24/mi; the walk is a brisk 15:00/mi
    # (long + 1:00 = 13:24 would be faster than a brisk walk): run = 30 / (60/744 - 30/900)
    # s/mi = 30 / (0.080645 - 0.033333) = 634.1 s/mi = 10:34/mi, slower than race day's
    # run parts (9:26/mi), so not held.
    workout = compile_text(LONG_RUN.replace("12:24/mi", "long").replace("    walk: 17:00/mi\n", ""),
                           profile)
    assert middle(leaf_steps(workout.steps)[0].target) == pytest.approx(634.1, abs=0.3)


# --- 2. ratios that follow the runner ---

@pytest.mark.parametrize("mile, marathon, ratio", [
    # race day's run parts are no faster than the 10-mile race pace (1.175 M); walks are
    # a brisk 15:00/mi, or long + 1:00 when that is slower (10:00: 16:00; 12:00: 18:36).
    # 6:00: <= 8:00 -> 4:00/0:30: 240 / (270/468 - 30/900) = 439.4 s/mi >= 10 mi 423.0.
    ("6:00", "7:48", (240, 30)),
    # 8:00: <= 10:45 -> 1:30/0:30: 90 / (120/624 - 30/900) = 566.1 >= 10 mi 564.0.
    ("8:00", "10:24", (90, 30)),
    # 10:00: <= 14:30 -> 0:30/0:30 would need 30 / (60/780 - 30/960) = 656.8 s/mi, faster
    # than the 10 mi pace 705.0; 1:00/0:30 needs 60 / (90/780 - 30/960) = 713.1: that row.
    ("10:00", "13:00", (60, 30)),
    # 12:00: <= 15:45 -> 0:10/0:30 needs 631 s/mi, 0:15 708, 0:30 806: all faster than the
    # 10 mi pace 846.0; 1:00/0:30 needs 60 / (90/936 - 30/1116) = 866.1: that row.
    ("12:00", "15:36", (60, 30)),
])
def test_ratio_auto_takes_the_chart_row_for_the_average(mile, marathon, ratio):
    profile = profile_of(f"magic_mile: {mile}\n")
    workout = compile_text("name: Race\nsteps:\n  - ratio: auto\n    for: 5k\n"
                           "    average: marathon\n", profile)
    run_step, walk_step = leaf_steps(workout.steps)[:2]
    assert (run_step.duration.seconds, walk_step.duration.seconds) == ratio
    assert f"from Galloway's chart for {marathon}/mi" in workout.derived[0]


def test_ratio_auto_needs_an_average(profile):
    with pytest.raises(RunwalkError, match="add 'average: PACE'"):
        compile_text("name: Race\nsteps:\n  - ratio: auto\n    for: 5k\n", profile)


def test_the_shipped_galloway_workouts_follow_the_magic_mile():
    for mile, ratio in (("6:00", (240, 30)), ("8:00", (90, 30)), ("10:00", (60, 30))):
        profile = profile_of(f"magic_mile: {mile}\n")
        from runwalk.workout import load_workout
        race = load_workout(WORKOUTS / "galloway" / "race-day.yaml", profile)
        first = race.steps[0]
        assert isinstance(first, Repeat)
        assert (first.steps[0].duration.seconds, first.steps[1].duration.seconds) == ratio


# --- 3. recovery runs slower than long runs; 5. walk bands that fit the runner ---

@pytest.mark.parametrize("mile, long, easy, recovery, walk", [
    # long = 1.3 M + 2:00; easy = 1.3 M + 1:00 to + 1:30; recovery is the slowest of half
    # + 2:00 (1.2 M + 2:00), the slow end of easy and a 0:30/0:30 long run's run parts.
    # The walk is a brisk 15:00/mi, or 1:00 slower than long when that is slower, at most
    # 20:00/mi.
    ("6:00", "9:48", ("8:48", "9:18"), "9:18", "15:00"),
    ("8:00", "12:24", ("11:24", "11:54"), "11:54", "15:00"),
    ("10:00", "15:00", ("14:00", "14:30"), "14:30", "16:00"),
    ("12:00", "17:36", ("16:36", "17:06"), "17:06", "18:36"),
    ("14:00", "20:12", ("19:12", "19:42"), "19:42", "20:00"),
])
def test_recovery_and_walk_paces_keep_their_order(mile, long, easy, recovery, walk):
    from runwalk.units import format_pace
    profile = profile_of(f"magic_mile: {mile}\n")

    def pace(name):
        slow, fast = profile.pace(name)
        return format_pace(fast, "mi", False), format_pace(slow, "mi", False)

    assert pace("long") == (long, long)
    assert pace("easy") == easy
    assert pace("recovery") == (recovery, recovery)
    assert pace("walk") == (walk, walk)
    # a jog at the recovery ceiling is no walk: the walk is slower than every run pace
    walk_pace = per_mile(profile.pace("walk")[1])
    for name in ("easy", "recovery"):
        assert walk_pace > per_mile(profile.pace(name)[0])


def test_paces_says_how_recovery_and_walk_were_derived():
    output = run("paces", "--mile", "12:00").output
    assert "recovery     17:06/mi         as slow as easy" in output
    assert "walk         18:36/mi         1:00/mi slower than long runs (17:36/mi)" in output
    assert "race day     1:00/0:30  runs 14:26/mi, walks 18:36/mi: 15:36/mi overall" in output
    assert "long run     0:30/0:30  runs 16:42/mi, walks 18:36/mi: 17:36/mi overall" in output


def test_explicit_paces_out_of_order_get_a_warning(tmp_path):
    (tmp_path / "p.yaml").write_text("magic_mile: 8:00\npaces:\n  recovery: 10:00/mi\n"
                                     "  walk: 12:00-14:00/mi\n")
    result = run("paces", "--profile", tmp_path / "p.yaml")
    assert result.exit_code == 0
    assert "p.yaml:3: the recovery pace is faster than the easy pace" in result.output
    assert "p.yaml:4: the walk pace (13:00/mi) is not a walking pace" in result.output
    assert "p.yaml:4: the walk pace overlaps the long pace" in result.output


def test_a_walk_pace_in_the_profile_still_wins():
    profile = profile_of("magic_mile: 12:00\npaces:\n  walk: 19:00-20:00/mi\n")
    assert [round(per_mile(s)) for s in profile.pace("walk")] == [1200, 1140]


# --- 4. ceilings that warn only when too fast ---

CEILINGS = """name: Recovery
steps:
  - run: 3mi @ no faster than recovery
  - run: 10min @ no more than 140bpm
  - run: 10min @ no more than z2
"""


def test_ceilings_have_no_slow_end_in_any_format(profile):
    workout = compile_text(CEILINGS, profile)
    options = Options(profile=profile)
    steps = decode_fit(writer("fit").render(workout, options).data)["workout_step_mesgs"]
    # recovery at an 8:00 magic mile: the slow end of easy, 11:54/mi = 2.2540 m/s (half
    # + 2:00 = 11:36 would be faster); no slow end (0 m/s)
    assert steps[0]["custom_target_speed_low"] == 0
    assert steps[0]["custom_target_speed_high"] == pytest.approx(2.254, abs=0.001)
    # heart rate: custom bpm values are bpm + 100; the low end is 30 bpm, which no
    # runner goes under; z2 of a 180 max is 60-70 %: at most 126 bpm
    assert (steps[1]["custom_target_value_low"], steps[1]["custom_target_value_high"]) == (130, 240)
    assert (steps[2]["custom_target_value_low"], steps[2]["custom_target_value_high"]) == (130, 226)
    tcx = writer("tcx").render(workout, options).data.decode()
    assert "<LowInMetersPerSecond>0.001</LowInMetersPerSecond>" in tcx
    icu = writer("icu").render(workout, options).data.decode().splitlines()
    assert icu == ["- Run 3mi 45:00-11:54/mi Pace", "- Run 10m 17-78% HR", "- Run 10m 17-70% HR"]


def test_ceilings_read_as_ceilings(profile):
    workout = compile_text(CEILINGS, profile)
    targets = [s.target for s in workout.steps]
    assert targets[0] == Speed(0.0, targets[0].high, "recovery", ceiling=True)
    assert targets[1] == HeartRate(30, 140, ceiling=True)
    assert targets[2] == HeartRate(30, 126, ceiling=True, label="z2")
    from runwalk.display import workout_lines
    lines = workout_lines(workout)
    assert lines[1:4] == ["  Run 3mi @ no faster than 11:54/mi", "  Run 10:00 @ no more than 140 bpm",
                          "  Run 10:00 @ no more than z2 (126 bpm)"]


def test_a_zone_ceiling_needs_a_max_heart_rate():
    with pytest.raises(RunwalkError, match="needs the runner's max heart rate"):
        compile_text(CEILINGS, profile_of("magic_mile: 8:00\n"))


# --- 6. plans that follow their own rules ---

def sessions(plan_name, profile):
    from runwalk.plan import load_plan
    return load_plan(WORKOUTS / "plans" / f"{plan_name}.yaml", profile).workouts


def is_hard(workout, profile) -> bool:
    easy_fast = profile.pace("easy")[1]
    return any((isinstance(s.target, Speed) and not s.target.ceiling
                and s.target.high > easy_fast * 1.02) or (s.name or "").startswith("Hill")
               for s in leaf_steps(workout.steps) if s.kind == "run")


def test_intermediate_maintenance_keeps_hard_days_few_and_apart(shipped_profile):
    plan = sessions("maintenance-intermediate", shipped_profile)
    start = dt.date(2027, 1, 4)
    hard = sorted((s.week - 1) * 7 + s.weekday for s in plan if is_hard(s.workout, shipped_profile))
    assert [sum(1 for d in hard if d // 7 == week) for week in range(4)][0] == 0  # easy start
    for week in range(2, 5):
        assert 1 <= sum(1 for d in hard if d // 7 == week - 1) <= 2
    assert all(b - a > 1 for a, b in zip(hard, hard[1:])), hard
    assert start.weekday() == 0
    for session in plan:
        for item in session.workout.steps:
            if isinstance(item, Repeat) and item.steps[0].name == "Hill up":
                up, down = item.steps
                assert down.duration.seconds <= up.duration.seconds


@pytest.mark.parametrize("plan_name", ["maintenance-beginner", "maintenance-intermediate",
                                       "maintenance-advanced"])
def test_maintenance_runs_all_start_with_a_warm_up_and_name_the_stretching(plan_name,
                                                                            shipped_profile):
    from runwalk.plan import load_plan
    plan = load_plan(WORKOUTS / "plans" / f"{plan_name}.yaml", shipped_profile)
    for session in plan.workouts:
        first = session.workout.steps[0]
        assert first.kind == "warmup" and 5 * 60 <= first.duration.seconds <= 10 * 60, session
    assert "static stretches" in plan.notes and "foam rolling" in plan.notes


def test_the_progression_goes_by_effort_with_an_8_1_choice_at_the_end(shipped_profile):
    plan = sessions("progression-10-weeks", shipped_profile)
    assert all(s.target.__class__.__name__ == "NoTarget"
               for session in plan for s in leaf_steps(session.workout.steps))
    for week in (9, 10):
        ratios = {(s.duration.seconds, s.kind) for session in plan if session.week == week
                  for s in leaf_steps(session.workout.steps) if s.kind in ("run", "walk")}
        assert (480, "run") in ratios and (60, "walk") in ratios and (1800, "run") in ratios


# --- 7. calculators agree with themselves ---

def test_a_pace_per_km_is_looked_up_as_it_is_printed():
    # 4:21/km = 7:00.04/mi: printed 7:00, so the 7:00 row (6:00/0:30), not 7:30's.
    assert run("ratio", "--pace", "4:21/km").output.startswith(
        "run 6:00 / walk 0:30  (Galloway's chart for 7:00/mi overall)")


def test_a_race_at_a_distance_without_a_factor_keeps_distances_in_order():
    # 15K in 1:15:00 (8:02.8/mi). Riegel to 10 mi, the nearest distance with a factor:
    # 4500 x (16093.44/15000)^1.06 = 4848.5 s = 484.85 s/mi; M = 484.85 / 1.175 = 412.6 s;
    # 10K = 1.15 M = 474.5 s/mi = 7:55/mi, faster than the 15K just raced.
    profile = profile_of("race: {distance: 15km, time: '1:15:00'}\n")
    ten_k = per_mile(profile.pace("10k")[0])
    assert ten_k == pytest.approx(474.5, abs=0.2) and ten_k < 4500 / (15000 / MILE)
    assert per_mile(profile.pace("mile")[0]) == pytest.approx(412.6, abs=0.2)


# --- 7. maintenance as its source means it [000] ---

MAINTENANCE = ["maintenance-beginner", "maintenance-intermediate", "maintenance-advanced"]


def weekly(plan):
    """(minutes in each week, longest session of each week in minutes)."""
    weeks = {}
    for session in plan.workouts:
        weeks.setdefault(session.week, []).append(totals(session.workout.steps)[0] / 60)
    return [sum(w) for _, w in sorted(weeks.items())], [max(w) for _, w in sorted(weeks.items())]


@pytest.mark.parametrize("plan_name", MAINTENANCE)
def test_maintenance_starts_without_speed(plan_name, shipped_profile):
    from runwalk.plan import load_plan
    plan = load_plan(WORKOUTS / "plans" / f"{plan_name}.yaml", shipped_profile)
    first_week = [s.workout for s in plan.workouts if s.week == 1]
    assert first_week and not any(is_hard(w, shipped_profile) for w in first_week)
    assert all(not (s.name or "").startswith("Hill") for w in first_week
               for s in leaf_steps(w.steps))


@pytest.mark.parametrize("plan_name", MAINTENANCE)
def test_maintenance_grows_gently_or_holds(plan_name, shipped_profile):
    from runwalk.plan import load_plan
    minutes, longest = weekly(load_plan(WORKOUTS / "plans" / f"{plan_name}.yaml",
                                        shipped_profile))
    for series in (minutes, longest):
        for before, after in zip(series, series[1:]):
            assert after <= before * 1.10, (plan_name, series)


@pytest.mark.parametrize("plan_name", MAINTENANCE)
@pytest.mark.parametrize("mile", ["5:00", "8:00", "12:00"])
def test_maintenance_easy_runs_have_ceilings_and_no_run_walk_pace_as_a_run_target(plan_name,
                                                                                 mile):
    from runwalk.plan import load_plan
    profile = profile_of(f"magic_mile: {mile}\n")
    plan = load_plan(WORKOUTS / "plans" / f"{plan_name}.yaml", profile)
    for session in plan.workouts:
        for step in leaf_steps(session.workout.steps):
            target = step.target
            if isinstance(target, Speed):
                assert target.label != "long", session.workout.name
                if target.label == "easy":
                    assert target.ceiling, session.workout.name  # never "too slow"
    assert "leisurely walking" in plan.notes and "after a race" in plan.notes


def test_the_galloway_block_tests_the_magic_mile_first_and_runs_midweek_by_time(shipped_profile):
    from runwalk.plan import load_plan
    plan = load_plan(WORKOUTS / "plans" / "galloway-marathon-block.yaml", shipped_profile)
    sessions = plan.workouts
    assert sessions[0].workout.name.endswith("Magic mile test")
    first_paced = next(i for i, s in enumerate(sessions)
                       if any(isinstance(st.target, Speed) for st in leaf_steps(s.workout.steps)))
    assert first_paced > 0
    for session in sessions:
        if session.weekday in (1, 3):  # Tuesday and Thursday: time-based
            for step in leaf_steps(session.workout.steps):
                assert not isinstance(step.duration, Distance) or step.name == "Magic mile", \
                    session.workout.name


def test_beginner_notes_name_the_stretching(shipped_profile):
    from runwalk.plan import load_plan
    plan = load_plan(WORKOUTS / "plans" / "beginner-4-weeks.yaml", shipped_profile)
    assert "stretch" in plan.notes
    for week in range(1, 5):
        assert "stretch" in (WORKOUTS / "beginner" / f"week{week}.yaml").read_text()

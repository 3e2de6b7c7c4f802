"""The pace model over the whole range of runners, checked on what the watch decodes.

For every magic mile from 5:00 to 15:00 (every 5 s), in mi and km profiles, and for
race results turned into a magic mile, the shipped race day, race rehearsal, long run
and recovery run are built to FIT, decoded with garmin-fit-sdk, and the rules of the
pace model are checked on the decoded steps:

1. walks are walks: no alert on a walk, and the walk pace behind every ``average:``
   (total distance, time and run distance give it) is 14:00-20:00/mi;
2. race-day and rehearsal run parts are no faster than the 10-mile race pace;
3. a long run's run parts are no faster than race day's, and the long run as a whole
   no faster than the long-run pace;
4. the recovery ceiling is no faster than half + 2:00, the slow end of easy or a long
   run's run parts, and faster than the walk (a jog never alerts);
5. no target is faster than the runner's own mile;
6. where these cannot hold, the run parts carry no alert, and the profile says so.

Paces are seconds per mile; a decoded speed is m/s to the millimetre per second.
"""

from __future__ import annotations

import pytest

from conftest import WORKOUTS, decode_fit, run
from runwalk.plan import load_plan
from runwalk.profile import profile_from_data
from runwalk.workout import load_workout
from runwalk.writers import Options, writer
from runwalk.yamlfile import load_text

MILE = 1609.344
MARATHON = 42195.0
TOLERANCE = 0.6  # s/mi: FIT keeps speeds to 1 mm/s, about 0.4 s/mi at a 20:00/mi walk


def per_mile(speed: float) -> float:
    return MILE / speed


def make_profile(text: str):
    return profile_from_data(load_text(text, "profile.yaml"), "profile.yaml")


def flat(messages: dict) -> list:
    """The decoded steps as the watch runs them, repeats unrolled."""
    steps = messages["workout_step_mesgs"]
    out, counters, i = [], {}, 0
    while i < len(steps):
        step = steps[i]
        if step["duration_type"] == "repeat_until_steps_cmplt":
            done = counters.get(i, 1)
            if done < step["repeat_steps"]:
                counters[i] = done + 1
                i = step["duration_step"]
            else:
                counters.pop(i, None)
                i += 1
            continue
        out.append(step)
        i += 1
    return out


def decoded(workout, profile) -> list:
    return flat(decode_fit(writer("fit").render(workout, Options(profile=profile)).data))


def speed_target(step):
    """(slow end m/s, fast end m/s) of a pace target, else None."""
    if step.get("target_type") != "speed":
        return None
    return step["custom_target_speed_low"], step["custom_target_speed_high"]


def middle(target) -> float:
    """The pace (s/mi) runwalk aims at: the middle of the window in pace terms."""
    return (per_mile(target[0]) + per_mile(target[1])) / 2


def parts(steps) -> tuple:
    """(run parts, walk parts) of the run/walk block: the active and recovery steps."""
    runs = [s for s in steps if s["intensity"] == "active"]
    walks = [s for s in steps if s["intensity"] == "recovery"]
    return runs, walks


def seconds(step) -> float:
    return step["duration_time"]


def check_walks(walks) -> None:
    assert walks and all(speed_target(w) is None for w in walks), "a walk carries an alert"


# m: a ratio's leftover under 45 m is dropped, the rest is rounded to 10 m
# and FIT keeps speeds to 1 mm/s: a few metres over a marathon
SLACK = (-50.0, 10.0)


def covered(step, pace: float) -> tuple:
    """(miles, seconds) of a step run at ``pace`` s/mi: its time or its distance."""
    if step["duration_type"] == "distance":
        return step["duration_distance"] / MILE, step["duration_distance"] / MILE * pace
    return seconds(step) / pace, seconds(step)


def walk_paces_behind(runs, walks, total_metres: float) -> tuple:
    """The walk pace an averaged block assumes, from the decoded steps: the distance its
    run parts cover at their target (and walks by distance cover) taken from the whole,
    which the steps cover to within the leftover a ratio rounds. (fastest, slowest)"""
    run_miles = sum(covered(r, middle(speed_target(r)))[0] for r in runs)
    walk_miles = sum(covered(w, 1.0)[0] for w in walks if w["duration_type"] == "distance")
    walk_seconds = sum(seconds(w) for w in walks if w["duration_type"] == "time")
    return tuple(walk_seconds / (total / MILE - run_miles - walk_miles)
                 for total in (total_metres + SLACK[1], total_metres + SLACK[0]))


def check_walk_behind(runs, walks, total_metres: float, walk: float) -> None:
    fastest, slowest = walk_paces_behind(runs, walks, total_metres)
    assert fastest - TOLERANCE <= walk <= slowest + TOLERANCE, (fastest, walk, slowest)


def block_overall(runs, walks, walk_pace: float) -> float:
    """The pace (s/mi) of run and walk together: total time over total distance, runs at
    their target, walks at the pace behind them."""
    done = [covered(r, middle(speed_target(r))) for r in runs]
    done += [covered(w, walk_pace) for w in walks]
    return sum(t for _, t in done) / sum(m for m, _ in done)


def rehearsal(profile):
    plan = load_plan(WORKOUTS / "plans" / "galloway-marathon-block.yaml", profile)
    return next(s.workout for s in plan.workouts if s.workout.name.endswith("Race rehearsal"))


def check_runner(profile) -> dict:
    """Build the four sessions for ``profile`` and check rules 1-6 on the decoded FIT."""
    paces = {name: per_mile(fast) for name, (slow, fast) in profile.paces.items()}
    easy_slow = per_mile(profile.pace("easy")[0])
    walk = paces["walk"]
    assert 14 * 60 <= walk <= 20 * 60  # 1: the walk runwalk assumes
    found = {}

    # race day and the weekly rehearsal (2)
    race = decoded(load_workout(WORKOUTS / "galloway" / "race-day.yaml", profile), profile)
    runs, walks = parts(race)
    check_walks(walks)
    if "race day" in profile.by_feel:
        assert all(speed_target(r) is None for r in runs)
    else:
        race_run = max(middle(speed_target(r)) for r in runs)
        assert min(middle(speed_target(r)) for r in runs) >= paces["10mi"] - TOLERANCE
        check_walk_behind(runs, walks, MARATHON, walk)  # 1
        assert block_overall(runs, walks, walk) >= paces["marathon"] - TOLERANCE
        found["race run"] = race_run
        for step in parts(decoded(rehearsal(profile), profile))[0]:
            if speed_target(step):
                assert middle(speed_target(step)) >= paces["10mi"] - TOLERANCE

    # the long run (3)
    long_run = decoded(load_workout(WORKOUTS / "galloway" / "long-run-30-30.yaml", profile),
                       profile)
    runs, walks = parts(long_run)
    check_walks(walks)
    if "long run" in profile.by_feel:
        assert all(speed_target(r) is None for r in runs)
    else:
        long_parts = min(middle(speed_target(r)) for r in runs)
        if "race run" in found:
            assert long_parts >= found["race run"] - TOLERANCE
        check_walk_behind(runs, walks, 10 * MILE, walk)  # 1
        assert block_overall(runs, walks, walk) >= paces["long"] - TOLERANCE
        found["long run"] = long_parts

    # recovery (4)
    recovery = decoded(load_workout(WORKOUTS / "recovery" / "marathon.yaml", profile), profile)
    ceiling = [speed_target(s) for s in recovery if s["intensity"] == "active"][0]
    if "recovery" in profile.by_feel:
        assert ceiling is None
    else:
        low, high = ceiling
        assert low == 0  # a ceiling: slower is never alerted
        pace = per_mile(high)
        assert pace >= paces["half"] + 120 - TOLERANCE
        assert pace >= easy_slow - TOLERANCE
        if "long run" in found:
            assert pace >= found["long run"] - TOLERANCE
        assert pace < walk  # a jog at walking pace never alerts

    # 5: nothing faster than the runner's mile, window included
    for step in race + long_run + recovery:
        if speed_target(step):
            assert per_mile(speed_target(step)[1]) >= paces["mile"] - TOLERANCE
    # 6: whatever went by feel, the profile says so in one line
    if profile.by_feel:
        lines = [str(w) for w in profile.warnings if "no pace alert" in str(w)]
        assert len(lines) == 1 and "\n" not in lines[0]
    return found


MAGIC_MILES = [5 * 60 + 5 * i for i in range(121)]  # 5:00 to 15:00


@pytest.mark.parametrize("units", ["mi", "km"])
@pytest.mark.parametrize("mile", MAGIC_MILES, ids=lambda m: f"{m // 60}:{m % 60:02d}")
def test_every_magic_mile_gets_sessions_a_coach_would_give(mile, units):
    check_runner(make_profile(f"units: {units}\nmagic_mile: {mile // 60}:{mile % 60:02d}\n"))


RACES = {"5k": (5000, 1.0, 33.0), "10k": (10000, 1.15, 0.0), "half": (21097.5, 1.2, 0.0),
         "marathon": (42195, 1.3, 0.0)}


@pytest.mark.parametrize("units", ["mi", "km"])
@pytest.mark.parametrize("distance", list(RACES))
@pytest.mark.parametrize("mile", range(5 * 60, 15 * 60 + 1, 30), ids=lambda m: f"M{m}")
def test_race_results_turned_into_a_magic_mile_follow_the_same_rules(distance, mile, units):
    metres, factor, add = RACES[distance]
    total = round((mile * factor + add) * metres / MILE)
    time = f"{total // 3600}:{total % 3600 // 60:02d}:{total % 60:02d}"
    profile = make_profile(f"units: {units}\nrace: {{distance: {distance}, time: '{time}'}}\n")
    assert per_mile(profile.pace("mile")[1]) == pytest.approx(mile, abs=1.0)
    check_runner(profile)


# --- hand-worked: the arithmetic written out ---

def model(mile: str):
    return make_profile(f"magic_mile: {mile}\n")


def clock(pace: float) -> str:
    pace = round(pace)
    return f"{pace // 60}:{pace % 60:02d}"


@pytest.mark.parametrize("mile, walk, race, race_run, long_run, recovery", [
    # M = 5:00 (300): marathon 1.3 M = 390, 10 mi 1.175 M = 352.5, long 390 + 120 = 510.
    # Walk: long + 1:00 = 9:30 is faster than a brisk 15:00, so 15:00 (900).
    # Race day: the chart's row for 6:30 is 6:00/0:30: runs 360 / (390/390 - 30/900)
    # = 372.4 (6:12) >= 352.5. Long run 0:30/0:30: 30 / (60/510 - 30/900) = 355.8 is
    # faster than race day's runs: held at 372.4 (the whole: 60 / (30/372.4 + 30/900)
    # = 526.8, slower than 510). Recovery: half + 2:00 = 480, easy's slow end 390 + 90
    # = 480, long runs' parts 372.4: 480 (8:00).
    ("5:00", "15:00", (360, 30), "6:12", "6:12", "8:00"),
    # M = 8:00 (480): marathon 624, 10 mi 564, long 744; walk 15:00 (744 + 60 < 900).
    # Race day: 1:30/0:30 from the chart: 90 / (120/624 - 30/900) = 566.1 (9:26) >= 564.
    # Long run: 30 / (60/744 - 30/900) = 634.1 (10:34). Recovery: max(576 + 120, 624 +
    # 90, 634.1) = 714 (11:54).
    ("8:00", "15:00", (90, 30), "9:26", "10:34", "11:54"),
    # M = 10:00 (600): marathon 780, 10 mi 705, long 900; walk 900 + 60 = 960 (16:00).
    # Race day: 0:30/0:30 would need 30 / (60/780 - 30/960) = 656.8, faster than 705;
    # 1:00/0:30 needs 60 / (90/780 - 30/960) = 713.1 (11:53). Long run: 30 / (60/900 -
    # 30/960) = 847.1 (14:07). Recovery: max(720 + 120, 780 + 90, 847.1) = 870 (14:30).
    ("10:00", "16:00", (60, 30), "11:53", "14:07", "14:30"),
    # M = 12:00 (720): marathon 936, 10 mi 846, long 1056; walk 1116 (18:36). Race day:
    # 0:10, 0:15 and 0:30 runs need 631, 708 and 806; 1:00/0:30 needs 60 / (90/936 -
    # 30/1116) = 866.1 (14:26). Long run: 30 / (60/1056 - 30/1116) = 1002.1 (16:42).
    # Recovery: max(864 + 120, 936 + 90, 1002.1) = 1026 (17:06).
    ("12:00", "18:36", (60, 30), "14:26", "16:42", "17:06"),
    # M = 14:00 (840): marathon 1092, 10 mi 987, long 1212; walk 1212 + 60 is past 20:00,
    # so 20:00 (1200). Race day: 0:08/0:30 would need 8 / (38/1092 - 30/1200) = 820.3;
    # 0:10 and 0:15 are faster still; 0:30/0:30 needs 30 / (60/1092 - 30/1200) = 1001.8
    # (16:42). The long-run pace 1212 is slower than the walk: no run pace averages it,
    # so the long run goes by feel. Recovery: max(1008 + 120, 1092 + 90) = 1182 (19:42),
    # faster than the 20:00 walk.
    ("14:00", "20:00", (30, 30), "16:42", None, "19:42"),
])
def test_hand_worked_runners(mile, walk, race, race_run, long_run, recovery):
    profile = model(mile)
    assert clock(per_mile(profile.pace("walk")[1])) == walk
    plan = profile.run_walk["race day"]
    assert (plan.run_s, plan.walk_s) == race and clock(plan.run) == race_run
    long_plan = profile.run_walk["long run"]
    assert (clock(long_plan.run) if long_plan.run else None) == long_run
    assert clock(per_mile(profile.pace("recovery")[1])) == recovery


def test_seven_minute_mile_repeats_are_8_35():
    # goal = the predicted marathon, 1.3 x 7:00 = 9:06/mi; repeats = goal - 0:30 = 8:36,
    # and 8:35 in the source, which rounds 1.3 x 420 = 546 differently: within 1 s.
    assert per_mile(model("7:00").pace("mile_repeats")[1]) == pytest.approx(515, abs=1)


def test_the_slowest_runner_is_told_in_one_line_from_paces_check_and_build(tmp_path):
    profile = tmp_path / "profile.yaml"
    profile.write_text("magic_mile: 15:00\nage: 40\n")
    message = "come near walking"
    for args in (("paces",), ("check", WORKOUTS / "recovery" / "marathon.yaml"),
                 ("build", WORKOUTS / "recovery" / "marathon.yaml", "-o", tmp_path / "out")):
        result = run(*args, "--profile", profile)
        assert result.exit_code == 0, result.output
        lines = [line for line in result.output.splitlines() if message in line]
        assert len(lines) == 1, result.output
        assert "recovery runs carry no pace alert" in lines[0]
        assert "long runs carry no pace alert" in lines[0]


@pytest.mark.parametrize("marathon, ratio, source_run, ours", [
    # The sources' own race days, as `ratio:` with `average: marathon` and the brisk walk:
    # 3:03 with 4:50/0:35 (runs at 6:42 in the source): 290 / (325/419.0 - 35/900) =
    # 393.6 (6:34); the 10 mi pace is 1.175 x 419.0 / 1.3 = 378.7 (6:19).
    ("3:03:00", "4:50/0:35", 402, 393.6),
    # 3:34 with 3:00/0:30 (about 8:00 in the source): 180 / (210/489.8 - 30/900) = 455.4
    # (7:35); the 10 mi pace is 442.7 (7:23).
    ("3:34:00", "3:00/0:30", 480, 455.4),
    # 3:59 with 4:00/0:30 (8:30 in the source): 240 / (270/547.2 - 30/900) = 521.6
    # (8:42); the 10 mi pace is 494.6 (8:15).
    ("3:59:00", "4:00/0:30", 510, 521.6),
])
def test_the_sources_race_days_are_sustainable(marathon, ratio, source_run, ours):
    from runwalk.steps import leaf_steps
    from conftest import compile_text

    profile = make_profile(f"race: {{distance: marathon, time: '{marathon}'}}\n")
    ten_mile = per_mile(profile.pace("10mi")[1])
    assert source_run >= ten_mile  # the source's own runs are sustainable by the rule
    workout = compile_text(f"name: R\nsteps:\n  - ratio: {ratio}\n    for: marathon\n"
                           "    average: marathon\n", profile)
    run_step = leaf_steps(workout.steps)[0]
    pace = per_mile(run_step.target.middle)
    assert pace >= ten_mile and pace == pytest.approx(ours, abs=0.5)


def test_the_charts_2_00_at_9_00_with_a_brisk_walk_is_sustainable():
    # runs 9:00, walks 15:00: 150 s cover 120/540 + 30/900 = 0.25556 mi: 586.96 s/mi
    # overall, a marathon pace that a magic mile of 586.96 / 1.3 = 451.5 predicts; its
    # 10 mi pace is 1.175 x 451.5 = 530.5 (8:51), faster than the 9:00 runs.
    from runwalk.paces import overall_pace
    overall = overall_pace(120, 30, 540, 900)
    assert overall == pytest.approx(586.96, abs=0.05)
    assert 540 >= 1.175 * overall / 1.3


@pytest.mark.parametrize("args, message", [
    (("0:30/0:30", "--average", "4:00/mi", "--walk-pace", "20:00/mi"), "2:13/mi"),
    (("4:00/0:30", "--run-pace", "3:00/mi", "--walk-pace", "17:00/mi"), "3:00/mi"),
])
def test_the_calculator_refuses_run_paces_no_human_runs(args, message):
    result = run("ratio", *args)
    assert result.exit_code == 1
    assert message in result.output and "faster than anyone runs (3:40/mi)" in result.output
    assert "typo" in result.output


def test_a_workout_average_that_needs_superhuman_runs_asks_about_a_typo():
    from conftest import compile_text
    from runwalk.errors import RunwalkError

    with pytest.raises(RunwalkError, match="typo"):
        compile_text("name: R\nsteps:\n  - ratio: 0:30/0:30\n    for: 5k\n"
                     "    average: 4:00/mi\n    walk: 20:00/mi\n", make_profile(""))


def test_paces_prints_the_walk_and_what_the_watch_asks():
    output = run("paces", "--mile", "10:00").output
    assert "walk         16:00/mi         1:00/mi slower than long runs (15:00/mi)" in output
    assert ("race day     1:00/0:30  runs 11:53/mi, walks 16:00/mi: 13:00/mi overall (the "
            "chart's 0:30/0:30 would need runs faster than your 10-mile race pace)") in output
    assert "rehearsal    the same ratio and paces" in output
    assert "long run     0:30/0:30  runs 14:07/mi, walks 16:00/mi: 15:00/mi overall" in output


def test_paces_in_km():
    output = run("paces", "--mile", "8:00", "--units", "km").output
    assert "walk         9:19/km          a brisk walk" in output
    assert "race day     1:30/0:30  runs 5:52/km, walks 9:19/km: 6:28/km overall" in output


def test_a_km_runner_reads_every_pace_line_in_km(tmp_path):
    profile = tmp_path / "p.yaml"
    profile.write_text("units: km\nmagic_mile: 15:00\n")
    result = run("paces", "--profile", profile)
    warning = next(line for line in result.output.splitlines() if "come near walking" in line)
    assert "/km" in warning and "/mi)" not in warning and "12:26/km" in warning
    assert "walk         12:26/km" in result.output


def test_a_recovery_pace_set_as_runwalk_derives_it_gets_no_warning():
    # 8:00 magic mile: recovery 11:54/mi, slower than easy's slow end and a long run's run
    # parts (10:34), though faster than the long-run pace of run and walk together (12:24)
    profile = make_profile("magic_mile: 8:00\npaces:\n  recovery: 11:54/mi\n")
    assert not [w for w in profile.warnings if "recovery" in str(w)]
    faster = make_profile("magic_mile: 8:00\npaces:\n  recovery: 10:00/mi\n")
    assert any("recovery pace is faster than the easy pace" in str(w) for w in faster.warnings)


def test_a_recovery_window_at_a_walking_pace_carries_no_alert_either():
    from conftest import compile_text
    profile = make_profile("magic_mile: 15:00\n")
    workout = compile_text("name: R\nsteps:\n  - run: 3mi @ recovery\n", profile)
    from runwalk.steps import NoTarget
    assert workout.steps[0].target == NoTarget()
    assert any("no pace alert at recovery" in d for d in workout.derived)


def test_a_ratio_of_more_cycles_than_a_watch_runs_names_its_file_and_line(tmp_path):
    path = tmp_path / "long.yaml"
    path.write_text("name: L\nsteps:\n  - ratio: 1s/1s\n    for: 12h\n")
    result = run("check", path)
    assert result.exit_code == 1 and f"{path}:3:" in result.output
    assert "more than any watch runs" in result.output

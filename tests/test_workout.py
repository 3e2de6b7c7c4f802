"""Workout files compiled into step lists: the ratio shorthand and every bad input."""

import pytest

from runwalk.display import item_text, summary
from runwalk.errors import RunwalkError
from runwalk.steps import Distance, Repeat, Speed, Step, Time, totals
from runwalk.workout import compile_workout
from runwalk.yamlfile import load_text


def lines(workout):
    return [item_text(i, workout.units) for i in workout.steps]


def test_ratio_for_a_time_fills_whole_cycles(workout_from, profile):
    w = workout_from("""
        name: Galloway
        steps:
          - ratio: 4:00/0:30     # run 4:00, walk 0:30
            for: 45min
            run: marathon
            walk: 16:00-20:00/mi
        """, profile)
    assert lines(w) == ["Repeat 10x: Run 4:00 @ 10:08-10:40/mi, Walk 0:30 @ 16:00-20:00/mi"]
    assert totals(w.steps)[0] == 45 * 60


def test_ratio_for_a_time_runs_the_remainder(workout_from, profile):
    w = workout_from("""
        name: R
        steps:
          - ratio: 3:00/0:30
            for: 45min
        """, profile)
    # 12 cycles of 3:30 = 42:00; 3:00 left is run.
    assert lines(w) == ["Repeat 12x: Run 3:00, Walk 0:30", "Run 3:00"]
    assert totals(w.steps)[0] == 45 * 60


def test_ratio_remainder_longer_than_a_run_ends_with_a_walk(workout_from, profile):
    w = workout_from("name: R\nsteps:\n  - ratio: 1:00/2:00\n    for: 20min\n", profile)
    assert lines(w) == ["Repeat 6x: Run 1:00, Walk 2:00", "Run 1:00", "Walk 1:00"]


def test_ratio_for_a_distance_uses_the_profile_paces(workout_from, profile):
    w = workout_from("""
        name: R
        steps:
          - ratio: 4:00/0:30
            for: 8km
            run: 8:00/mi
            walk: 16:00/mi
        """, profile)
    repeat, *rest = w.steps
    run, walk = repeat.steps
    cycle = 240 * run.expected_speed + 30 * walk.expected_speed
    assert repeat.count == int(8000 // cycle)
    # the leftover is run and walked in the cycle's proportion (its walk at least 50 m),
    # each part to 10 m: 305.3 m is 310 m, a 260 m run and a 50 m walk
    assert [s.kind for s in rest] == ["run", "walk"]
    assert all(isinstance(s.duration, Distance) for s in rest)
    left = 8000 - repeat.count * cycle
    assert [s.duration.metres for s in rest] == [260, 50] and left == pytest.approx(305.3, abs=0.1)
    assert sum(s.duration.metres for s in rest) == pytest.approx(left, abs=10)
    assert totals(w.steps)[1] == pytest.approx(8000, abs=10)


def test_ratio_with_a_repeat_count(workout_from, profile):
    w = workout_from("name: R\nsteps:\n  - ratio: '0:30/0:30'\n    repeat: 8\n", profile)
    assert w.steps == (Repeat(8, (Step("run", Time(30), expected_speed=w.steps[0].steps[0].expected_speed, line=3),
                                  Step("walk", Time(30), expected_speed=w.steps[0].steps[1].expected_speed, line=3)),
                              line=3),)


def test_many_cycles_become_blocks_of_at_most_99(workout_from, profile):
    w = workout_from("name: R\nsteps:\n  - ratio: 0:30/0:30\n    for: 3h\n", profile)
    assert [r.count for r in w.steps] == [99, 81]


def test_single_pace_gets_the_default_window(workout_from, profile):
    w = workout_from("name: R\nsteps:\n  - run: 4min @ 8:30/mi\n", profile)
    target = w.steps[0].target
    assert isinstance(target, Speed)
    # +/-10 s/km around 8:30/mi (3.156 m/s)
    assert 1000 / target.low == pytest.approx(1609.344 / 3.156 * 1000 / 1609.344 + 10, abs=0.1)
    assert target.low < 3.156 < target.high


def test_walks_get_no_pace_alert_unless_asked(workout_from, profile):
    w = workout_from("name: R\nsteps:\n  - ratio: 1:00/1:00\n    repeat: 3\n    run: easy\n", profile)
    run, walk = w.steps[0].steps
    assert isinstance(run.target, Speed) and walk.target.__class__.__name__ == "NoTarget"


def test_nested_repeats_and_steps(workout_from, profile):
    w = workout_from("""
        name: Couch to 5K week 3
        steps:
          - warmup: 5min
          - repeat: 2
            steps:
              - run: 1:30
              - walk: 1:30
              - repeat: 2
                steps:
                  - run: 400m @ 5k
                  - rest: 60s
          - cooldown: lap @ z2
        """, profile)
    assert lines(w) == ["Warm up 5:00",
                        "Repeat 2x: Run 1:30, Walk 1:30, Repeat 2x: [Run 400m @ 8:17-8:49/mi, Rest 1:00]",
                        "Cool down until lap @ HR zone 2 (108-126 bpm)"]
    assert summary(w).startswith("8 steps")


BAD = [
    ("name: X\nstpes:\n  - run: 1min\n", "did you mean 'steps'", 2),
    ("name: X\nsteps:\n  - rnu: 1min\n", "did you mean 'run'", 3),
    ("name: X\nsteps:\n  - run: 1min\n    nmae: x\n", "unknown key 'nmae'", 4),
    ("name: X\nsteps:\n  - run: 5 parsecs\n", "not a duration", 3),
    ("name: X\nsteps:\n  - run: 0min\n", "at least 1s", 3),
    ("name: X\nsteps:\n  - run: 1min @ 5:25-5:10/km\n", "upside down", 3),
    ("name: X\nsteps:\n  - run: 1min @ 8:30\n", "needs its unit", 3),
    ("name: X\nsteps:\n  - run: 1min @ tempo\n", "not a target", 3),
    ("name: X\nsteps:\n  - run: 1min @ easyy\n", "did you mean 'easy'", 3),
    ("name: X\nsteps:\n  - run: 1min @ 150-130bpm\n", "low-high", 3),
    ("name: X\nsteps:\n  - repeat: 0\n    steps:\n      - run: 1min\n", "at least 1", 3),
    ("name: X\nsteps:\n  - repeat: -2\n    steps:\n      - run: 1min\n", "at least 1", 3),
    ("name: X\nsteps:\n  - repeat: 3\n", "no steps", 3),
    ("name: X\nsteps:\n  - repeat: 3\n    steps: []\n", "steps is empty", 4),
    ("name: X\nsteps: []\n", "steps is empty", 2),
    ("name: X\nsteps:\n", "steps is empty", 2),
    ("name: X\n", "has no steps", 1),
    ("steps:\n  - run: 1min\n", "needs a name", 1),
    ("name: X\nsteps:\n  - ratio: 4:00\n    for: 10min\n", "should read run/walk", 3),
    ("name: X\nsteps:\n  - ratio: 4:00/0:30\n", "either 'for", 3),
    ("name: X\nsteps:\n  - ratio: 4:00/0:30\n    for: soon\n", "should be a time", 4),
    ("name: X\nsteps:\n  - ratio: 4:00/0:30\n    repeat: 0\n", "at least 1", 4),
    ("name: X\nsteps:\n  - ratio: 4:00/0:30\n    for: 10min\n    wlak: easy\n", "did you mean 'walk'", 5),
    ("name: X\nsteps:\n  - repeat: 100\n    steps:\n      - run: 1min\n", "more than 99", 3),
    ("name: X\nsteps:\n  - run: 1min\n  - run: 1min\n  run: 2min\n", "not valid YAML", 5),
    ("name: X\nname: Y\nsteps:\n  - run: 1min\n", "appears twice", 2),
    ("- just\n- a list\n", "'key: value' lines", 1),
]


@pytest.mark.parametrize("text, message, line", BAD)
def test_bad_input_names_file_and_line(text, message, line, profile):
    with pytest.raises(RunwalkError, match=message) as info:
        compile_workout(load_text(text, "bad.yaml"), "bad.yaml", profile)
    assert (info.value.file, info.value.line) == ("bad.yaml", line)


def test_a_named_pace_the_profile_lacks(workout_from):
    from runwalk.profile import Profile
    with pytest.raises(RunwalkError, match="has no 'marathon' pace") as info:
        workout_from("name: X\nsteps:\n  - run: 1min @ marathon\n", Profile(source="me.yaml"))
    assert info.value.line == 3


def test_more_than_50_steps_is_a_fit_error_not_a_workout_error(profile, tmp_path):
    from conftest import run
    from runwalk.writers import Options, writer
    text = "name: Long\nsteps:\n" + "".join(f"  - run: {i + 1}min\n  - walk: 1min\n" for i in range(35))
    workout = compile_workout(load_text(text, "long.yaml"), "long.yaml", profile)
    with pytest.raises(RunwalkError, match="long.yaml:3: the workout has 70 steps.*at most 50"):
        writer("fit").render(workout, Options(profile=profile))
    writer("zwo").render(workout, Options(profile=profile))  # other formats hold it
    (tmp_path / "long.yaml").write_text(text)
    result = run("build", tmp_path / "long.yaml", "-o", tmp_path / "out")
    assert result.exit_code == 1 and "at most 50" in result.output and not (tmp_path / "out").exists()
    result = run("build", tmp_path / "long.yaml", "-o", tmp_path / "out", "--format", "zwo,icu")
    assert result.exit_code == 0 and (tmp_path / "out" / "long.zwo").exists()
    check = run("check", tmp_path / "long.yaml").output
    assert "fits zwo, icu" in check and "fit would lose: 70 steps" in check

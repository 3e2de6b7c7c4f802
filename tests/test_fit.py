"""FIT files as a watch sees them, decoded with Garmin's own garmin-fit-sdk."""

import pytest

from conftest import WORKOUTS, decode_fit, shipped_items, watch_steps
from runwalk.workout import load_workout
from runwalk.writers import Options
from runwalk.writers.fit import render

SHIPPED = shipped_items()


def test_there_are_shipped_workouts_and_plan_sessions():
    assert len(SHIPPED) >= 13 + 100


@pytest.mark.parametrize("item", SHIPPED, ids=lambda i: i.stem.as_posix())
def test_every_shipped_workout_decodes_with_garmin_fit_sdk(item):
    from runwalk.lowering import cut_name
    workout = item.workout
    rendered = render(workout)
    # the only loss a shipped workout has in FIT: its notes cut to what a watch shows
    assert all(w.kind == "notes cut to 49 bytes" for w in rendered.warnings)
    messages = decode_fit(rendered.data)
    head = messages["workout_mesgs"][0]
    assert head["wkt_name"] == workout.short_name
    assert head["sport"] == "running"
    assert head.get("wkt_description") == (cut_name(workout.notes, ("bytes", 49)) or None)
    assert len(messages["workout_step_mesgs"]) <= 50


def test_beginner_week_1_is_what_the_watch_runs(shipped_profile):
    workout = load_workout(WORKOUTS / "beginner" / "week1.yaml", shipped_profile)
    steps = watch_steps(decode_fit(render(workout).data))
    assert steps == [
        ("Warm up", "warmup", ("time", 300.0), None),
        ("Run", "active", ("time", 60.0), None),
        ("Walk", "recovery", ("time", 120.0), None),
        ("repeat", 1, 6),
        ("Cool down", "cooldown", ("time", 300.0), None),
    ]


def test_pace_and_heart_rate_targets_decode_in_real_units(workout_from, profile):
    workout = workout_from("""
        name: Targets
        steps:
          - run: 4min @ 8:30/mi
          - run: 1km @ 5:10-5:25/km
          - run: 2km @ 130-145bpm
          - run: lap @ z2
          - walk: 1min @ 16:00-20:00/mi
        """, profile)
    steps = watch_steps(decode_fit(render(workout).data))
    (_, _, d0, (kind, low, high)) = steps[0]
    assert kind == "speed" and low < 3.156 < high
    # +/-10 s/km around 316.9 s/km: 306.9..326.9 s/km, not 1000x off
    assert 1000 / high == pytest.approx(306.9, abs=0.3) and 1000 / low == pytest.approx(326.9, abs=0.3)
    assert steps[1][2:] == (("distance", 1000.0), ("speed", pytest.approx(3.077, abs=0.001),
                                                   pytest.approx(3.226, abs=0.001)))
    assert steps[2][2:] == (("distance", 2000.0), ("bpm", 130, 145))
    assert steps[3][2:] == (("lap",), ("hr_zone", 2))
    assert steps[4][:2] == ("Walk", "recovery")
    assert steps[4][3] == ("speed", pytest.approx(1.341, abs=0.001), pytest.approx(1.676, abs=0.001))


def test_nested_repeats_jump_back_to_the_right_steps(workout_from, profile):
    workout = workout_from("""
        name: Nested
        steps:
          - warmup: 5min
          - repeat: 2
            steps:
              - run: 1:30
              - repeat: 3
                steps:
                  - run: 30s
                  - walk: 30s
          - cooldown: 5min
        """, profile)
    steps = watch_steps(decode_fit(render(workout).data))
    assert [s[0] for s in steps] == ["Warm up", "Run", "Run", "Walk", "repeat", "repeat", "Cool down"]
    assert steps[4] == ("repeat", 2, 3) and steps[5] == ("repeat", 1, 2)


def test_builds_are_byte_identical_and_honour_source_date_epoch(shipped_profile):
    workout = load_workout(WORKOUTS / "galloway" / "race-day.yaml", shipped_profile)
    assert render(workout).data == render(workout).data
    later = render(workout, Options(time_created=1767225600)).data
    file_id = decode_fit(later)["file_id_mesgs"][0]
    assert int(file_id["time_created"].timestamp()) == 1767225600
    assert file_id["serial_number"] != 0


def test_serial_numbers_differ_between_workouts(shipped_profile):
    # distinct workouts get distinct serials (a plan may repeat one workout on several days)
    by_content = {repr(i.workout.steps) + i.workout.name: i.workout for i in SHIPPED}
    serials = {decode_fit(render(w).data)["file_id_mesgs"][0]["serial_number"]
               for w in by_content.values()}
    assert len(serials) == len(by_content)


@pytest.mark.parametrize("name", ['Tom & Jerry\'s <fast> "run"', "Café 🏃 crème", "Ñandú"])
def test_odd_names_read_back_within_the_byte_limit(workout_from, profile, name):
    import json
    workout = workout_from(f"name: {json.dumps(name, ensure_ascii=False)}\nsteps:\n  - run: 1min\n", profile)
    rendered = render(workout)
    decoded = decode_fit(rendered.data)["workout_mesgs"][0]["wkt_name"]
    assert name.startswith(decoded)
    assert len(decoded.encode()) <= 15
    if decoded != name:
        assert any("cut to" in w for w in rendered.warnings)
    else:
        assert rendered.warnings == ()


def test_a_cut_never_splits_a_character(workout_from, profile):
    workout = workout_from('name: "ééééééééé"\nsteps:\n  - run: 1min\n', profile)
    assert decode_fit(render(workout).data)["workout_mesgs"][0]["wkt_name"] == "ééééééé"


def test_the_header_is_garmins_14_bytes_with_its_crc(shipped_profile):
    from garmin_fit_sdk.crc_calculator import CrcCalculator
    data = render(load_workout(WORKOUTS / "beginner" / "week1.yaml", shipped_profile)).data
    assert data[0] == 14 and data[1] == 0x10 and data[8:12] == b".FIT"
    assert CrcCalculator.calculate_crc(data, 0, 12) == int.from_bytes(data[12:14], "little")
    decode_fit(data)  # and the file's own CRC holds


def test_notes_reach_the_watch(workout_from, profile):
    workout = workout_from("""
        name: Notes
        notes: Easy does it; walk the hills.
        steps:
          - run: 10min @ easy
            notes: Talk test
          - walk: 2min
        """, profile)
    messages = decode_fit(render(workout).data)
    assert messages["workout_mesgs"][0]["wkt_description"] == "Easy does it; walk the hills."
    assert [s.get("notes") for s in messages["workout_step_mesgs"]] == ["Talk test", None]


def test_repeat_steps_carry_what_garmins_own_files_give_them(workout_from, profile):
    workout = workout_from("name: R\nsteps:\n  - ratio: 1:00/1:00\n    repeat: 4\n", profile)
    repeat = decode_fit(render(workout).data)["workout_step_mesgs"][2]
    assert repeat["duration_type"] == "repeat_until_steps_cmplt"
    assert (repeat["duration_step"], repeat["repeat_steps"]) == (0, 4)
    assert (repeat["target_type"], repeat["intensity"]) == ("open", "active")


def test_the_serial_number_follows_the_workout_not_its_paces(tmp_path):
    from conftest import run
    tree = tmp_path / "workouts"
    (tree / "plans").mkdir(parents=True)
    (tree / "easy.yaml").write_text("name: Easy\nsteps:\n  - run: 20min @ easy\n")
    (tree / "named.yaml").write_text("name: Named\nid: my-easy\nsteps:\n  - run: 20min @ easy\n")
    (tree / "plans" / "p.yaml").write_text("plan: P\nweeks:\n  - [../easy.yaml, ../easy.yaml]\n")

    def serials(mile, out):
        (tmp_path / "p.yaml").write_text(f"magic_mile: {mile}\n")
        assert run("build", tree, "-o", out, "--profile", tmp_path / "p.yaml").exit_code == 0
        return {p.relative_to(out).as_posix(): decode_fit(p.read_bytes())["file_id_mesgs"][0]["serial_number"]
                for p in sorted(out.rglob("*.fit"))}

    slow, fast = serials("8:00", tmp_path / "slow"), serials("7:00", tmp_path / "fast")
    assert slow == fast  # re-targeted: the watch replaces each workout
    assert len(set(slow.values())) == 4  # easy, named, and the plan's two sessions
    import zlib
    assert slow["named.fit"] == zlib.crc32(b"my-easy") and slow["easy.fit"] == zlib.crc32(b"easy")
    # built alone, a file in a workouts folder keeps its identity
    alone = tmp_path / "alone"
    run("build", tree / "easy.yaml", "-o", alone, "--profile", tmp_path / "p.yaml")
    assert decode_fit((alone / "easy.fit").read_bytes())["file_id_mesgs"][0]["serial_number"] == \
        slow["easy.fit"]


def test_two_workouts_with_one_identity_are_an_error(tmp_path):
    from conftest import run
    (tmp_path / "a.yaml").write_text("name: A\nid: same\nsteps:\n  - run: 1min\n")
    (tmp_path / "b.yaml").write_text("name: B\nid: same\nsteps:\n  - run: 2min\n")
    result = run("build", tmp_path, "-o", tmp_path / "out")
    assert result.exit_code == 1 and "two workouts have the identity 'same'" in result.output
    assert not (tmp_path / "out").exists()

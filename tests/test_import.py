"""Bringing workouts in: any format runwalk writes (and other tools' files) back into
workout files a person can edit, that build the same watch files again."""

import pytest

from conftest import WORKOUTS, compile_text, needs_shared, run, shipped_items
from runwalk.importing import workout_yaml
from runwalk.writers import Options, writer

SHIPPED = shipped_items()


def reimport(fmt, workout, profile, absolute=False):
    """Write ``workout`` as ``fmt``, read it back, write the YAML, compile that."""
    options = Options(profile=profile)
    data = writer(fmt).render(workout, options).data
    workouts = writer(fmt).read(data, f"w.{fmt}", profile)
    step = writer(fmt).CAN.speed_resolution
    texts = [workout_yaml(w, profile, absolute, speed_resolution=step)[0] for w in workouts]
    return data, [compile_text(text, profile, "imported.yaml") for text in texts], texts


def comparable(items):
    """The step list as a watch runs it: kinds, durations, targets, counts, names."""
    from runwalk.steps import Repeat
    out = []
    for item in items:
        if isinstance(item, Repeat):
            out.append(("repeat", item.count, tuple(comparable(item.steps))))
        else:
            out.append((item.kind, item.duration, item.target, item.label, item.notes))
    return out


@pytest.mark.parametrize("item", SHIPPED, ids=lambda i: i.stem.as_posix())
def test_fit_round_trips_byte_for_byte(item, shipped_profile):
    data, (again,), _ = reimport("fit", item.workout, shipped_profile)
    assert writer("fit").render(again, Options(profile=shipped_profile)).data == data


@pytest.mark.parametrize("item", SHIPPED, ids=lambda i: i.stem.as_posix())
def test_garmin_connect_json_round_trips(item, shipped_profile):
    data, (again,), _ = reimport("gc", item.workout, shipped_profile)
    assert writer("gc").render(again, Options(profile=shipped_profile)).data == data


def test_the_yaml_reads_as_a_person_writes_it(shipped_profile):
    from runwalk.workout import load_workout
    workout = load_workout(WORKOUTS / "beginner" / "week2.yaml", shipped_profile)
    _, _, (text,) = reimport("fit", workout, shipped_profile)
    assert "\n  - ratio: 2:00/2:00\n    repeat: 6\n" in text
    assert "  - warmup: 5:00\n" in text and "  - cooldown: 5:00\n" in text


def test_named_paces_and_exact_decimals(profile):
    workout = compile_text("""
        name: Paces
        steps:
          - run: 10min @ easy
          - run: 1mi @ 9:07.4-9:15/mi
          - run: 5min @ no faster than recovery
          - run: 2km @ 130-150bpm
        """, profile)
    _, (again,), (text,) = reimport("fit", workout, profile)
    assert "- run: 10:00 @ easy\n" in text
    assert "- run: 1mi @ 9:07.4-9:15/mi\n" in text
    assert "- run: 5:00 @ no faster than recovery\n" in text
    assert "- run: 2km @ 130-150bpm\n" in text
    _, _, (absolute,) = reimport("fit", workout, profile, absolute=True)
    assert "@ easy" not in absolute and "- run: 10:00 @ 11:23.9-11:54.2/mi" not in absolute
    assert comparable(again.steps) == comparable(workout.steps)


@pytest.mark.parametrize("name", ['Tom & Jerry\'s <fast> "run"', "Café 🏃 crème: yes # no",
                                  "- dash", "50%", "Ñandú"])
def test_odd_names_come_back_exactly(profile, name):
    import dataclasses
    workout = dataclasses.replace(compile_text("name: x\nsteps:\n  - run: 1min\n", profile),
                                  name=name, notes=name + "\nsecond line")
    _, (again,), _ = reimport("gc", workout, profile)
    assert (again.name, again.notes) == (name, name + "\nsecond line")


def test_importing_a_file_writes_yaml_that_builds_the_same_fit(tmp_path):
    built = tmp_path / "built"
    run("build", WORKOUTS / "plans" / "couch-to-5k.yaml", "-o", built, "--format", "fit")
    source = built / "couch-to-5k" / "w03d2.fit"
    result = run("import", source, "-o", tmp_path / "mine")
    assert result.exit_code == 0, result.output
    again = run("build", tmp_path / "mine" / "w03d2.yaml", "-o", tmp_path / "again", "--format", "fit")
    assert again.exit_code == 0
    assert (tmp_path / "again" / "w03d2.fit").read_bytes() == source.read_bytes()
    clash = run("import", source, "-o", tmp_path / "mine")
    assert clash.exit_code == 1 and "already in" in clash.output
    assert run("import", source, "-o", tmp_path / "mine", "--force").exit_code == 0


@pytest.mark.foreign_files
@pytest.mark.parametrize("name", ["WorkoutIndividualSteps.fit", "WorkoutCustomTargetValues.fit",
                                  "WorkoutRepeatSteps.fit", "WorkoutRepeatGreaterThanStep.fit"])
def test_garmins_own_examples_import_with_what_cannot_be_said_as_comments(name, tmp_path):
    path = needs_shared("samples", "fit", name)
    result = run("import", path, "-o", tmp_path)
    assert result.exit_code == 0, result.output
    text = (tmp_path / path.with_suffix(".yaml").name).read_text()
    assert "# target: power" in text and "(kept as a comment)" in result.output
    assert run("check", tmp_path / path.with_suffix(".yaml").name).exit_code == 0


@pytest.mark.foreign_files
@pytest.mark.parametrize("name", ["TrainingPeaks_SAP_2025-12-20.fit", "txt2fit_sweetspot_3x10.fit",
                                  "txt2fit_cadence_pyramid.fit", "csharpsdk_bike_workout_test.fit"])
def test_workouts_of_other_sports_are_refused_in_one_line(name, tmp_path):
    path = needs_shared("samples", "fit", name)
    result = run("import", path, "-o", tmp_path / "out")
    assert result.exit_code == 1 and "this is a cycling workout" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.foreign_files
@pytest.mark.parametrize("data", [b"", b"garbage", b".FIT" * 3, b'{"workoutName": "x"}'])
def test_bad_files_are_one_clear_line_and_write_nothing(data, tmp_path):
    for suffix in (".fit", ".json"):
        path = tmp_path / f"bad{suffix}"
        path.write_bytes(data)
        result = run("import", path, "-o", tmp_path / "out")
        assert result.exit_code == 1 and result.output.startswith("error: ")
        assert "Traceback" not in result.output and not (tmp_path / "out").exists()


# The TCX, intervals.icu and ZWO round trips (read back = the lowered step list, field
# by field) are in test_codecs.py, for every format.


@pytest.mark.foreign_files
def test_other_tools_zwift_and_tcx_files_import_or_are_refused_in_one_line(tmp_path):
    folder = needs_shared("samples", "xml")
    for path in sorted(folder.glob("*.zwo")) + sorted(folder.glob("*.tcx")):
        result = run("import", path, "-o", tmp_path / path.stem)
        assert "Traceback" not in result.output
        if result.exit_code:
            assert sum(line.startswith("error:") for line in result.output.splitlines()) == 1
            assert "bike" in result.output or "biking" in result.output, result.output
        else:
            for written in (tmp_path / path.stem).glob("*.yaml"):
                assert run("check", written).exit_code == 0, (path, written.read_text())


def test_show_reads_every_format_import_reads(tmp_path):
    run("build", WORKOUTS / "beginner" / "week1.yaml", "-o", tmp_path)
    for suffix in (".fit", ".zwo", ".tcx", ".txt", ".json"):
        result = run("show", tmp_path / f"week1{suffix}")
        assert result.exit_code == 0, (suffix, result.output)
        assert "Repeat 6x: Run 1:00" in result.output and "Walk 2:00" in result.output


@pytest.mark.foreign_files
def test_a_tcx_of_activities_is_refused(tmp_path):
    path = tmp_path / "run.tcx"
    path.write_text('<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/'
                    'TrainingCenterDatabase/v2"><Activities/></TrainingCenterDatabase>')
    result = run("import", path, "-o", tmp_path / "out")
    assert result.exit_code == 1 and "activities (recorded runs), not workouts" in result.output


@pytest.mark.foreign_files
@pytest.mark.parametrize("suffix, root", [(".tcx", "TrainingCenterDatabase"), (".zwo", "workout_file")])
def test_xml_entity_tricks_are_one_clear_line(tmp_path, suffix, root):
    entities = "".join(f'<!ENTITY a{i} "' + ("&a{};".format(i - 1) if i else "aaaaaaaaaa") * 10 + '">'
                       for i in range(9))
    cases = {"laughs": f'<?xml version="1.0"?><!DOCTYPE l [{entities}]><{root}>&a8;</{root}>',
             "external": f'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                         f'<{root}><name>&x;</name></{root}>'}
    for name, text in cases.items():
        path = tmp_path / f"{name}{suffix}"
        path.write_text(text)
        result = run("import", path, "-o", tmp_path / "out")
        assert result.exit_code == 1 and result.output.startswith("error: ")
        assert "root:" not in result.output and not (tmp_path / "out").exists()


@pytest.mark.foreign_files
def test_damaged_files_of_every_format_are_one_clear_error(shipped_profile, tmp_path):
    """Bytes flipped, cut and inserted at random in files of every format: a reader either
    reads them or says what is wrong (a RunwalkError), never anything else."""
    import json
    import random

    from runwalk.errors import RunwalkError
    from runwalk.workout import load_workout
    workout = load_workout(WORKOUTS / "beginner" / "week2.yaml", shipped_profile)
    rng = random.Random(7)
    for fmt in ("fit", "gc", "tcx", "zwo", "icu"):
        good = writer(fmt).render(workout, Options(profile=shipped_profile)).data
        for _ in range(150):
            data = bytearray(good)
            for _ in range(rng.randint(1, 6)):
                at = rng.randrange(len(data))
                choice = rng.random()
                if choice < 0.5:
                    data[at] = rng.randrange(256)
                elif choice < 0.75:
                    del data[at:at + rng.randint(1, 20)]
                else:
                    data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 5)))
            try:
                writer(fmt).read(bytes(data), f"damaged.{fmt}", shipped_profile)
            except RunwalkError:
                pass
    for shape in ([], 5, {"workoutSegments": 5}, {"workoutSegments": [5]},
                  {"workoutSegments": [{"workoutSteps": [{"type": "RepeatGroupDTO"}]}]},
                  {"sportType": "x", "workoutSegments": []}):
        with pytest.raises(RunwalkError):
            writer("gc").read(json.dumps(shape).encode(), "odd.json", shipped_profile)


@pytest.mark.foreign_files
def test_a_file_name_with_a_line_break_cannot_inject_yaml(tmp_path):
    built = tmp_path / "built"
    run("build", WORKOUTS / "beginner" / "week1.yaml", "-o", built, "--format", "fit")
    odd = tmp_path / "week1\nname: evil.fit"
    odd.write_bytes((built / "week1.fit").read_bytes())
    result = run("import", odd, "-o", tmp_path / "mine")
    assert result.exit_code == 0, result.output
    (written,) = (tmp_path / "mine").glob("*.yaml")
    text = written.read_text()
    assert text.splitlines()[0] == "# Imported by runwalk from week1 name: evil.fit"
    assert run("check", written).exit_code == 0


@pytest.mark.foreign_files
def test_an_endless_zwift_step_is_one_clear_error(tmp_path):
    path = tmp_path / "endless.zwo"
    path.write_text('<workout_file><sportType>run</sportType><workout>'
                    '<SteadyState Duration="inf" Power="0.8"/></workout></workout_file>')
    result = run("import", path, "-o", tmp_path / "out")
    assert result.exit_code == 1 and result.output.startswith("error: ")
    assert "a step lasts from 1 s to 12 hours, not inf s" in result.output

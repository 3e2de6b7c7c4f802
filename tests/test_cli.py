"""The command line as a runner uses it: click's runner, and once the installed script."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import (ROOT, WORKOUTS, check_written_files, compile_text, decode_fit, needs_shared,
                      run, watch_steps)


def snapshot(folder: Path) -> dict:
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def bad_tree(tmp_path):
    tree = tmp_path / "plans"
    shutil.copytree(WORKOUTS, tree)
    (tree / "zz-broken.yaml").write_text("name: Broken\nsteps:\n  - run: 5 parsecs\n")
    return tree


def test_build_writes_every_shipped_workout_mirroring_folders(tmp_path):
    from conftest import shipped_items
    out = tmp_path / "out"
    result = run("build", "-o", out, "--profile", WORKOUTS / "profile.yaml")
    assert result.exit_code == 0, result.output
    assert "(7 plans)" in result.output and (out / "index.html").exists()
    week1 = out / "beginner" / "week1.fit"
    assert watch_steps(decode_fit(week1.read_bytes()))[3] == ("repeat", 1, 6)
    expected = sorted(i.stem.with_suffix(".fit") for i in shipped_items())
    workouts = [p for p in out.rglob("*.fit") if p.name != "schedule.fit"]
    assert sorted(p.relative_to(out) for p in workouts) == expected
    assert len(list(out.rglob("schedule.fit"))) == 7  # one per dated plan
    assert Path("plans/couch-to-5k/w03d2.fit") in expected
    assert not list(out.rglob(".*")), "temporary files left behind"


def test_two_builds_are_byte_identical(tmp_path):
    env = {"SOURCE_DATE_EPOCH": "1767225600"}
    run("build", "-o", tmp_path / "a", WORKOUTS, env=env)
    run("build", "-o", tmp_path / "b", WORKOUTS, env=env)
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")


@pytest.mark.foreign_files  # a planted keep.fit
def test_a_build_with_an_error_writes_nothing_and_keeps_out_as_it_was(tmp_path, bad_tree):
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.fit").write_bytes(b"old")
    before = snapshot(out)
    result = run("build", bad_tree, "-o", out)
    assert result.exit_code == 1
    assert "zz-broken.yaml:3: '5 parsecs' is not a duration" in result.output
    assert "Traceback" not in result.output
    assert snapshot(out) == before


def test_broken_yaml_is_one_clear_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: X\nsteps:\n  - run: [1min\n")
    result = run("check", bad)
    assert result.exit_code == 1
    assert f"{bad}:" in result.output and "not valid YAML" in result.output
    assert "Traceback" not in result.output


def test_names_never_write_outside_the_output_folder(tmp_path):
    tree = tmp_path / "w"
    tree.mkdir()
    (tree / "evil.yaml").write_text('name: "../../../etc/passwd"\nshort_name: "/tmp/x"\n'
                                    "steps:\n  - run: 1min\n")
    out = tmp_path / "out"
    assert run("build", tree, "-o", out).exit_code == 0
    assert [p.relative_to(tmp_path) for p in tmp_path.rglob("*.fit")] == [Path("out/evil.fit")]


def test_unknown_format_is_an_error(tmp_path):
    result = run("build", "--format", "fit,gpx", "-o", tmp_path)
    assert result.exit_code == 1 and "unknown format 'gpx'" in result.output


def test_check_prints_a_summary_per_workout():
    result = run("check", WORKOUTS / "beginner")
    assert result.exit_code == 0
    assert "week1.yaml: Beginner walk-run, week 1: 5 steps, 28:00" in result.output
    lines = result.output.strip().splitlines()
    # a summary per workout, and below each what is lost: FIT cuts the long notes, an
    # Apple workout carries none
    assert len([line for line in lines if not line.startswith("  ")]) == 4
    assert all("fit would lose: notes" in line or "apple would lose: the workout's notes" in line
               for line in lines if line.startswith("  "))


def test_check_reports_every_bad_file(bad_tree):
    result = run("check", bad_tree)
    assert result.exit_code == 1
    assert "1 of" in result.output and "zz-broken.yaml:3" in result.output


def test_show_a_yaml_workout_in_the_runners_units(tmp_path):
    profile = tmp_path / "p.yaml"
    profile.write_text("units: mi\npaces:\n  easy: 10:00-10:30/mi\n")
    workout = tmp_path / "w.yaml"
    workout.write_text("name: W\nsteps:\n  - ratio: 1:00/2:00\n    repeat: 6\n    run: easy\n")
    result = run("show", workout, "--profile", profile)
    assert "Repeat 6x: Run 1:00 @ 10:00-10:30/mi, Walk 2:00" in result.output


def test_show_our_own_fit_file(tmp_path):
    run("build", WORKOUTS / "beginner" / "week1.yaml", "-o", tmp_path)
    result = run("show", tmp_path / "week1.fit")
    assert result.output.splitlines()[1:4] == ["  Warm up 5:00", "  Repeat 6x: Run 1:00, Walk 2:00",
                                               "  Cool down 5:00"]


FOREIGN = ["WorkoutIndividualSteps.fit", "WorkoutCustomTargetValues.fit", "WorkoutRepeatSteps.fit",
           "WorkoutRepeatGreaterThanStep.fit", "TrainingPeaks_SAP_2025-12-20.fit",
           "txt2fit_sweetspot_3x10.fit", "txt2fit_cadence_pyramid.fit",
           "csharpsdk_bike_workout_test.fit"]


@pytest.mark.parametrize("name", FOREIGN)
def test_show_reads_every_foreign_fit_sample(name):
    path = needs_shared("samples", "fit", name)
    result = run("show", path)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output


def test_show_foreign_repeats_as_the_watch_runs_them():
    result = run("show", needs_shared("samples", "fit", "WorkoutRepeatSteps.fit"))
    assert "Repeat 3x: B1_ 500m @ power zone 5, B2_ 500m @ power zone 3" in result.output
    result = run("show", needs_shared("samples", "fit", "WorkoutRepeatGreaterThanStep.fit"))
    assert "Repeat until HR > " in result.output
    result = run("show", needs_shared("samples", "fit", "txt2fit_sweetspot_3x10.fit"))
    assert "Repeat 3x: Ramp 88%-94% 10:00" in result.output


@pytest.mark.foreign_files
def test_show_refuses_a_non_workout_fit_file(tmp_path):
    fake = tmp_path / "activity.fit"
    fake.write_bytes(b"\x0e\x10\x00\x00\x00\x00\x00\x00.FIT\x00\x00")
    result = run("show", fake)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert str(fake) in result.output
    text = tmp_path / "notes.fit"
    text.write_text("hello")
    result = run("show", text)
    assert result.exit_code == 1 and "not a FIT file" in result.output


@pytest.fixture
def fake_mounts(tmp_path):
    watch = tmp_path / "media" / "runner" / "FENIX"
    (watch / "GARMIN").mkdir(parents=True)
    (tmp_path / "media" / "runner" / "USBSTICK").mkdir()
    built = tmp_path / "built"
    run("build", WORKOUTS / "beginner", "-o", built)
    env = {"RUNWALK_MOUNT_ROOTS": str(tmp_path / "media" / "runner" / "*")}
    return watch, built, env


def test_copy_finds_the_watch_and_fills_newfiles(fake_mounts):
    watch, built, env = fake_mounts
    result = run("copy", built / "week1.fit", built / "week2.fit", env=env)
    assert result.exit_code == 0, result.output
    # named on the watch from the workout's own (short) name
    assert sorted(p.name for p in (watch / "GARMIN" / "NewFiles").iterdir()) == [
        "Beginner-W1.fit", "Beginner-W2.fit"]
    assert (watch / "GARMIN" / "NewFiles" / "Beginner-W1.fit").read_bytes() == \
        (built / "week1.fit").read_bytes()


def test_copy_to_a_given_drive(fake_mounts, tmp_path):
    watch, built, _ = fake_mounts
    assert run("copy", built / "week1.fit", "--to", watch).exit_code == 0
    assert (watch / "GARMIN" / "NewFiles" / "Beginner-W1.fit").exists()


def test_copy_asks_when_several_watches_are_mounted(fake_mounts):
    watch, built, env = fake_mounts
    other = watch.parent / "FORERUNNER"
    (other / "GARMIN").mkdir(parents=True)
    result = run("copy", built / "week1.fit", env=env)  # no terminal: an error listing them
    assert result.exit_code == 1 and "several watches" in result.output


def test_copy_says_clearly_when_no_watch_is_found(tmp_path, fake_mounts):
    _, built, _ = fake_mounts
    result = run("copy", built / "week1.fit", env={"RUNWALK_MOUNT_ROOTS": str(tmp_path / "none" / "*")})
    assert result.exit_code == 1 and "no watch found" in result.output and "MTP" in result.output


def test_copy_refuses_what_is_not_fit(fake_mounts, tmp_path):
    watch, built, env = fake_mounts
    result = run("copy", built / "week1.fit", WORKOUTS / "profile.yaml", env=env)
    assert result.exit_code == 1 and "not a FIT file" in result.output
    assert not (watch / "GARMIN" / "NewFiles").exists()


def script(name):
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if not found:
        pytest.skip(f"the {name} script is not installed (pip install -e '.[test]')")
    return found


def test_installed_script_builds_and_fails_cleanly(tmp_path):
    runwalk = script("runwalk")
    ok = subprocess.run([runwalk, "build", "-o", str(tmp_path / "o")], cwd=ROOT,
                        capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert (tmp_path / "o" / "beginner" / "week1.fit").exists()
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: X\nsteps:\n  - repeat: 0\n    steps:\n      - run: 1min\n")
    fail = subprocess.run([runwalk, "check", str(bad)], capture_output=True, text=True)
    assert fail.returncode == 1
    assert fail.stderr.startswith(f"error: {bad}:3: repeat must be at least 1")
    assert "Traceback" not in fail.stderr


def test_help_and_check_import_neither_fit_tool_nor_jinja2():
    code = ("import sys; from runwalk.cli import main\n"
            "try:\n    main(['check', '%s'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('fit_tool', 'jinja2')))"
            % (WORKOUTS / "beginner"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.foreign_files  # the installed package's templates
def test_the_wheel_carries_the_shipped_workouts_and_runs_outside_a_checkout(tmp_path):
    wheel_dir = tmp_path / "wheel"
    made = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                           str(wheel_dir), str(ROOT)], capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {made.stderr[-300:]}")
    wheel = next(wheel_dir.glob("runwalk-*.whl"))
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(target), str(wheel)], check=True, capture_output=True)
    assert (target / "runwalk" / "workouts" / "beginner" / "week1.yaml").exists()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = dict(os.environ, PYTHONPATH=str(target))
    done = subprocess.run([sys.executable, "-m", "runwalk", "build"], cwd=elsewhere, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (elsewhere / "out" / "beginner" / "week1.fit").exists()
    assert check_written_files(elsewhere / "out") == 3 * 143 + 7  # + a schedule per plan
    assert str(target) in subprocess.run(
        [sys.executable, "-c", "import runwalk; print(runwalk.__file__)"], cwd=elsewhere, env=env,
        capture_output=True, text=True).stdout


def test_build_writes_every_format_beside_each_other(tmp_path):
    out = tmp_path / "out"
    assert run("build", WORKOUTS / "beginner", "-o", out).exit_code == 0
    assert sorted(p.name for p in out.iterdir() if p.stem == "week1") == [
        "week1.fit", "week1.json", "week1.tcx", "week1.txt", "week1.workout", "week1.zwo"]
    only = tmp_path / "only"
    assert run("build", WORKOUTS / "beginner", "-o", only, "--format", "zwo,icu").exit_code == 0
    assert sorted(p.suffix for p in only.iterdir() if p.stem == "week1") == [".txt", ".zwo"]


RECOVERY = "name: Recovery\nsteps:\n  - warmup: 5min\n  - run: 3mi @ no faster than recovery\n"


def test_strict_turns_a_lossy_conversion_into_an_error(tmp_path):
    out = tmp_path / "out"
    lossy = tmp_path / "half-marathon.yaml"  # a distance step: ZWO says time
    lossy.write_text(RECOVERY)
    result = run("build", lossy, "-o", out, "--strict")
    assert result.exit_code == 1
    assert "ZWO" in result.output and "--strict" in result.output
    assert not out.exists()
    relaxed = run("build", lossy, "-o", out)
    assert relaxed.exit_code == 0 and "warning:" in relaxed.output
    assert (out / "half-marathon.zwo").exists()
    assert run("build", lossy, "-o", tmp_path / "fit", "--format", "fit,tcx", "--strict").exit_code == 0


def test_a_user_template_wins_over_the_shipped_one(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "workout.txt").write_text("{{ name }}\n{% for b in blocks %}{% for l in b.lines %}"
                                      "* {{ l }}\n{% endfor %}{% endfor %}")
    out = tmp_path / "out"
    run("build", WORKOUTS / "beginner" / "week1.yaml", "-o", out, "--templates", mine)
    assert (out / "week1.txt").read_text().startswith("Beginner walk-run, week 1\n* Warm up 5m\n")
    assert (out / "week1.tcx").read_bytes().startswith(b"<?xml")  # the others are untouched
    # the same from the profile's templates setting, relative to the profile file
    profile = tmp_path / "profile.yaml"
    profile.write_text((WORKOUTS / "profile.yaml").read_text() + "templates: mine\n")
    other = tmp_path / "other"
    run("build", WORKOUTS / "beginner" / "week1.yaml", "-o", other, "--profile", profile)
    assert (other / "week1.txt").read_text() == (out / "week1.txt").read_text()


def test_a_broken_user_template_is_one_clear_error(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "workout.zwo").write_text("<a>{{ name }</a>")
    out = tmp_path / "out"
    result = run("build", WORKOUTS / "beginner" / "week1.yaml", "-o", out, "--templates", mine)
    assert result.exit_code == 1 and "template problem" in result.output
    assert "Traceback" not in result.output and not out.exists()


def test_check_says_which_formats_fit_as_written(tmp_path):
    (tmp_path / "recovery.yaml").write_text(RECOVERY)
    result = run("check", tmp_path / "recovery.yaml")
    assert "fits fit, tcx, icu" in result.output
    assert "zwo would lose: step 'Run': distance written as the time" in result.output


def test_a_write_that_fails_leaves_no_trace(tmp_path, monkeypatch):
    import runwalk.publish as publish
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("old")
    real = publish._write_new
    calls = []

    def failing(target, data):
        calls.append(target)
        if len(calls) == 5:
            raise OSError(28, "No space left on device", str(target))
        return real(target, data)

    monkeypatch.setattr(publish, "_write_new", failing)
    result = run("build", WORKOUTS / "beginner", "-o", out)
    assert result.exit_code == 1 and "No space left on device; nothing was written" in result.output
    assert "Traceback" not in result.output
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == ["keep.txt"]


def test_a_user_template_that_fails_while_rendering_is_one_clear_error(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "workout.txt").write_text("{{ name }}\n{{ 1 / 0 }}\n")
    out = tmp_path / "out"
    result = run("build", WORKOUTS / "beginner" / "week1.yaml", "-o", out, "--templates", mine)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{mine / 'workout.txt'}:2: template problem: ZeroDivisionError" in result.output
    assert not out.exists()


def test_a_single_file_build_names_no_index_it_did_not_write(tmp_path):
    result = run("build", WORKOUTS / "beginner" / "week1.yaml", "-o", tmp_path / "out")
    assert result.exit_code == 0 and "index.html" not in result.output
    assert not (tmp_path / "out" / "index.html").exists()
    result = run("build", WORKOUTS / "beginner", "-o", tmp_path / "pack")
    assert f"(see {tmp_path / 'pack' / 'index.html'})" in result.output


def test_a_single_fit_build_imports_nothing_fit_output_does_not_need(tmp_path):
    code = ("import sys; from runwalk.cli import main\n"
            "try:\n    main(['build', '%s', '-o', '%s', '--format', 'fit', '-q'])\n"
            "except SystemExit:\n    pass\n"
            "print(sorted({m.split('.')[0] if m.split('.')[0] != 'runwalk' else m for m in sys.modules"
            " if m.split('.')[0] in ('jinja2', 'icalendar', 'garmin_fit_sdk', 'zipfile')"
            " or m in ('runwalk.pack', 'runwalk.calendar', 'runwalk.plan')}))"
            % (WORKOUTS / "beginner" / "week1.yaml", tmp_path / "out"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stderr


# --- messages a newcomer meets

def test_a_tab_in_the_indentation_is_named_as_a_tab(tmp_path):
    path = tmp_path / "tab.yaml"
    path.write_text("name: T\nsteps:\n\t- run: 5min\n")
    result = run("check", path)
    assert result.exit_code == 1
    assert f"{path}:3: not valid YAML: a tab in the indentation" in result.output


@pytest.mark.parametrize("spelling", ["8:30/mile", "8:30 min/mi", "8:30/miles", "5:17 min/km"])
def test_the_spellings_people_write_for_a_pace(spelling, profile):
    from runwalk.steps import leaf_steps
    workout = compile_text(f"name: P\nsteps:\n  - run: 5min @ {spelling}\n", profile)
    assert leaf_steps(workout.steps)[0].target.middle == pytest.approx(
        1609.344 / 510 if "mi" in spelling else 1000 / 317, rel=1e-3)


def test_a_ratio_without_for_or_repeat_is_told_what_is_missing(profile):
    from runwalk.errors import RunwalkError
    with pytest.raises(RunwalkError, match="neither 'for: 45min'.*nor 'repeat: N': add one"):
        compile_text("name: R\nsteps:\n  - ratio: 1:00/1:00\n", profile)
    with pytest.raises(RunwalkError, match="'for:' or 'repeat:', not both"):
        compile_text("name: R\nsteps:\n  - ratio: 1:00/1:00\n    for: 10min\n    repeat: 3\n",
                     profile)


def test_a_plan_name_is_matched_in_any_case_and_a_near_miss_suggested(tmp_path):
    out = tmp_path / "out"
    assert run("build", WORKOUTS / "plans" / "couch-to-5k.yaml", "-o", out).exit_code == 0
    watch = tmp_path / "watch"
    (watch / "GARMIN").mkdir(parents=True)
    result = run("copy", "--plan", "Couch-To-5K", "--week", "1", "-o", out, "--to", watch,
                 "--dry-run")
    assert result.exit_code == 0, result.output
    result = run("copy", "--plan", "couch-to-5", "-o", out, "--to", watch)
    assert result.exit_code == 1 and "did you mean 'couch-to-5k'?" in result.output


def test_start_today_is_taken_as_from_today_is(tmp_path):
    result = run("build", WORKOUTS / "plans" / "couch-to-5k.yaml", "-o", tmp_path / "out",
                 "--start", "today")
    assert result.exit_code == 0, result.output

"""A copy to the watch that never loses a file and never replaces one silently."""

import shutil

import pytest

from conftest import WORKOUTS, decode_fit, decode_schedule, run


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Every shipped workout and plan, built once (FIT only)."""
    out = tmp_path_factory.mktemp("built") / "out"
    assert run("build", WORKOUTS, "-o", out, "--format", "fit").exit_code == 0
    return out


@pytest.fixture
def watch(tmp_path):
    (tmp_path / "WATCH" / "GARMIN").mkdir(parents=True)
    return tmp_path / "WATCH"


def on_watch(watch) -> dict:
    folder = watch / "GARMIN" / "NewFiles"
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.exists() else {}


def test_two_plans_first_sessions_both_reach_the_watch(built, watch):
    firsts = [built / "plans" / plan / "w01d1.fit" for plan in ("couch-to-5k", "beginner-4-weeks")]
    result = run("copy", *firsts, "--to", watch)
    assert result.exit_code == 0, result.output
    assert sorted(on_watch(watch)) == ["Begin-W01D1.fit", "C25K-W01D1.fit"]


def test_every_plan_copied_together_keeps_every_file(built, watch):
    files = sorted(built.glob("plans/*/w*.fit"))
    result = run("copy", *files, "--to", watch)
    assert result.exit_code == 0, result.output
    assert len(on_watch(watch)) == len(files) == result.output.count("copied ")


def test_a_file_of_the_same_name_with_other_bytes_stops_the_copy(built, watch, tmp_path):
    week1 = built / "beginner" / "week1.fit"
    new_files = watch / "GARMIN" / "NewFiles"
    new_files.mkdir()
    (new_files / "Beginner-W1.fit").write_bytes(b"an older build")
    result = run("copy", week1, built / "beginner" / "week2.fit", "--to", watch)
    assert result.exit_code == 1
    assert "already has other files called Beginner-W1.fit" in result.output
    assert on_watch(watch) == {"Beginner-W1.fit": b"an older build"}  # nothing copied
    assert run("copy", week1, "--to", watch, "--force").exit_code == 0
    assert on_watch(watch)["Beginner-W1.fit"] == week1.read_bytes()
    again = run("copy", week1, "--to", watch)  # the same bytes: skipped
    assert again.exit_code == 0 and "already on the watch" in again.output
    assert "copied" not in again.output


def test_two_different_files_with_one_watch_name_are_an_error(built, watch, tmp_path):
    other = tmp_path / "other"
    (other / "x").mkdir(parents=True)
    source = tmp_path / "x.yaml"
    source.write_text("name: Beginner W1\nshort_name: Beginner W1\nsteps:\n  - run: 9min\n")
    run("build", source, "-o", other, "--format", "fit")
    result = run("copy", built / "beginner" / "week1.fit", other / "x.fit", "--to", watch)
    assert result.exit_code == 1 and "would both be Beginner-W1.fit" in result.output
    assert on_watch(watch) == {}


def test_dry_run_lists_and_copies_nothing(built, watch):
    result = run("copy", "--plan", "couch-to-5k", "--week", "2", "-o", built, "--to", watch,
                 "--dry-run")
    assert result.exit_code == 0
    assert result.output.count("would copy") == 4  # three sessions and their schedule
    assert "C25K-W02D3.fit" in result.output and on_watch(watch) == {}


def test_a_week_of_a_plan_brings_its_schedule_for_that_week(built, watch):
    assert run("copy", "--plan", "couch-to-5k", "--week", "2", "-o", built, "--to", watch).exit_code == 0
    files = on_watch(watch)
    serials = {decode_fit(data)["file_id_mesgs"][0]["serial_number"]
               for name, data in files.items() if name.startswith("C25K")}
    entries = decode_schedule(files["couch-to-5k-schedule.fit"])
    assert {e["serial_number"] for e in entries} == serials and len(entries) == 3


def test_plan_matches_plan_folders_only(built, watch, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(built, out)
    decoy = out / "elsewhere" / "couch-to-5k"
    decoy.mkdir(parents=True)
    shutil.copy(out / "beginner" / "week1.fit", decoy / "week1.fit")  # a workout folder, not a plan
    result = run("copy", "--plan", "couch-to-5k", "--week", "1", "-o", out, "--to", watch)
    assert result.exit_code == 0, result.output
    assert "Beginner-W1.fit" not in on_watch(watch)

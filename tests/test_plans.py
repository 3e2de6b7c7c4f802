"""Plans, pace rules and the pack: calendars, manifest, index and zip read back."""

import datetime as dt
import hashlib
import json
import shutil
import zipfile

import pytest
from click.testing import CliRunner
from lxml import etree

from conftest import WORKOUTS, decode_fit
from runwalk.cli import main
from runwalk.errors import RunwalkError
from runwalk.paces import galloway_ratio, run_walk_average
from runwalk.plan import compile_plan
from runwalk.units import pace_to_speed
from runwalk.yamlfile import load_text


def run(*args, env=None):
    result = CliRunner().invoke(main, [str(a) for a in args], env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.mark.parametrize("pace, ratio", [
    ("6:30", (360, 30)), ("7:00", (360, 30)), ("7:01", (300, 30)), ("8:00", (240, 30)),
    ("8:15", (180, 30)), ("9:00", (120, 30)), ("9:15", (90, 30)), ("10:00", (90, 30)),
    ("10:45", (90, 30)), ("10:46", (60, 30)), ("12:15", (60, 30)), ("14:30", (30, 30)),
    ("15:45", (15, 30)), ("17:00", (10, 30)), ("18:30", (8, 30)), ("20:00", (5, 30)),
    ("20:01", None),
])
def test_galloway_chart_at_and_between_its_edges(pace, ratio):
    minutes, seconds = pace.split(":")
    assert galloway_ratio(int(minutes) * 60 + int(seconds)) == ratio


def test_run_walk_average_is_by_distance():
    average = run_walk_average(240, 30, pace_to_speed(510, "mi"), pace_to_speed(1020, "mi"))
    assert 1609.344 / average == pytest.approx(540)  # 9:00/mi, not the time-weighted 9:27


def test_ratio_and_paces_commands():
    out = run("ratio", "4:00/0:30", "--run-pace", "8:30/mi", "--walk-pace", "17:00/mi",
              "--distance", "marathon").output
    assert "average 9:00/mi" in out and "in 3:55:58" in out
    assert run("ratio", "--pace", "9:15/mi").output.startswith("run 1:30 / walk 0:30")
    assert "continuous running" in run("ratio", "--pace", "6:45/mi").output
    assert run("ratio").exit_code == 2
    table = run("paces", "--mile", "8:00").output
    assert "marathon     10:24/mi" in table and "half         9:36/mi" in table
    assert "5k           8:33/mi" in table
    assert "marathon     9:33/mi" in run("paces", "--race", "10k", "52:30").output
    bad = run("paces", "--mile", "soon")
    assert bad.exit_code == 1 and "not a time" in bad.output


PLAN = """\
plan: Test plan
short_name: TP
start: 2027-01-06
days: [mon, wed, fri]
weeks:
  - - ../beginner/week1.yaml
    - workout: ../beginner/week2.yaml
    - name: Inline
      steps:
        - run: 10min @ easy
  - mon: ../beginner/week1.yaml
    tue: {cross: 30 min bike}
    wed: rest
    sat:
      steps:
        - ratio: 1:00/1:00
          repeat: 5
"""


def compile_text_plan(text, profile, start=None):
    return compile_plan(load_text(text, str(WORKOUTS / "plans" / "t.yaml")),
                        str(WORKOUTS / "plans" / "t.yaml"), profile, start)


def test_a_plan_names_sessions_so_they_sort_and_stay_unique(profile):
    plan = compile_text_plan(PLAN, profile)
    names = [s.workout.short_name for s in plan.workouts]
    assert names == ["TP W1D1", "TP W1D2", "TP W1D3", "TP W2D1", "TP W2D2"]
    assert [s.slug for s in plan.workouts] == ["w01d1", "w01d2", "w01d3", "w02d1", "w02d2"]
    assert plan.workouts[2].workout.name == "Test plan W1D3: Inline"
    assert plan.workouts[4].workout.name == "Test plan W2D2"
    # start is a Wednesday: week 1's Monday session falls on the next Monday
    assert [s.date for s in plan.sessions] == [
        dt.date(2027, 1, 11), dt.date(2027, 1, 6), dt.date(2027, 1, 8),
        dt.date(2027, 1, 18), dt.date(2027, 1, 19), dt.date(2027, 1, 16)]
    assert plan.sessions[4].cross == "30 min bike"
    moved = compile_text_plan(PLAN, profile, start=dt.date(2027, 3, 1))
    assert moved.sessions[1].date == dt.date(2027, 3, 3)


@pytest.mark.parametrize("change, message", [
    ("short_name: TP\n", None),
    ("plna: x\n", "did you mean 'plan'"),
    ("short_name: A very long one\n", "too long"),
    ("start: 2027-02-30\n", "not a date"),
    ("days: [mon, wed, fry]\n", "not a day"),
])
def test_plan_errors_name_file_and_line(profile, change, message):
    key = change.split(":")[0]
    lines = [line for line in PLAN.splitlines(keepends=True) if not line.startswith(key + ":")]
    text = change + "".join(lines) if key != "plna" else change + PLAN
    if message is None:
        compile_text_plan(text, profile)
        return
    with pytest.raises(RunwalkError, match=message) as info:
        compile_text_plan(text, profile)
    assert info.value.line is not None and info.value.file.endswith("t.yaml")


def test_plan_session_errors(profile):
    for bad, message in [("  - [missing.yaml]\n", "no workout file"),
                         ("  - [jog]\n", "is not a session"),
                         ("  - [a.yaml, b.yaml, c.yaml, d.yaml]\n", "4 sessions"),
                         ("  - mon: {wrkout: x.yaml}\n", "did you mean 'workout'"),
                         ("  - funday: rest\n", "not a day")]:
        with pytest.raises(RunwalkError, match=message):
            compile_text_plan(PLAN + bad, profile)


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    out = tmp_path_factory.mktemp("pack") / "out"
    result = CliRunner().invoke(main, ["build", str(WORKOUTS), "-o", str(out), "--zip"],
                                env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert result.exit_code == 0, result.output
    return out, result.output


def test_every_file_in_the_pack_reads_back(pack):
    from conftest import check_written_files
    assert check_written_files(pack[0]) == 3 * 143 + 7  # FIT, TCX, .workout; a schedule a plan


def test_the_manifest_matches_the_files(pack):
    out, _ = pack
    files = json.loads((out / "manifest.json").read_text())["files"]
    on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert {f["path"] for f in files} == on_disk - {"manifest.json", "runwalk-pack.zip"}
    for entry in files:
        data = (out / entry["path"]).read_bytes()
        assert entry["bytes"] == len(data) and entry["sha256"] == hashlib.sha256(data).hexdigest()
    c25k = next(f for f in files if f["path"] == "plans/couch-to-5k/w01d1.fit")
    assert (c25k["format"], c25k["steps"], c25k["seconds"]) == ("fit", 5, 1800)
    assert c25k["workout"] == "Couch to 5K W1D1: Week 1"


def test_every_plan_calendar_parses_back(pack):
    from icalendar import Calendar
    out, _ = pack
    calendars = sorted(out.rglob("*.ics"))
    assert len(calendars) == 7
    c25k = Calendar.from_ical((out / "plans/couch-to-5k/couch-to-5k.ics").read_bytes())
    events = c25k.walk("VEVENT")
    assert len(events) == 27
    assert len({str(e["uid"]) for e in events}) == 27
    first = events[0]
    assert first.decoded("dtstart") == dt.date(2027, 1, 4)
    assert str(first["summary"]).startswith("C25K W1D1: 5 steps, 30:00")
    assert "Repeat 8x: Run 1:00, Walk 1:30" in str(first["description"])
    maintenance = Calendar.from_ical((out / "plans/maintenance-beginner/maintenance-beginner.ics").read_bytes())
    assert any("Cross-training" in str(e["description"]) for e in maintenance.walk("VEVENT"))


def test_shipped_plans_rest_at_least_one_day_a_week(shipped_profile):
    from runwalk.plan import load_plan
    for path in sorted((WORKOUTS / "plans").glob("*.yaml")):
        plan = load_plan(path, shipped_profile)
        for week in range(1, plan.weeks + 1):
            busy = {s.weekday for s in plan.sessions if s.week == week}
            assert len(busy) <= 6, f"{path.name} week {week} has no rest day"


def test_the_index_is_well_formed_and_links_only_to_files_that_exist(pack):
    out, _ = pack
    root = etree.parse(str(out / "index.html")).getroot()
    from urllib.parse import unquote
    links = [unquote(a.get("href")) for a in root.iter("{*}a", "a")]
    assert len(links) > 500
    assert all((out / link).is_file() for link in links)
    assert "plans/couch-to-5k/couch-to-5k.ics" in links
    svgs = list(root.iter("{http://www.w3.org/2000/svg}svg"))
    assert len(svgs) >= 143
    # A picture is a title and one path per kind of step, however many blocks it has.
    assert all(len(svg) <= 7 for svg in svgs)
    kinds = {r.get("class") for r in root.iter("{http://www.w3.org/2000/svg}path")}
    assert {"run", "walk", "warmup", "cooldown"} <= kinds


def test_the_zip_holds_the_pack(pack):
    out, _ = pack
    with zipfile.ZipFile(out / "runwalk-pack.zip") as zf:
        names = set(zf.namelist())
        assert "manifest.json" in names and "index.html" in names
        assert zf.read("plans/couch-to-5k/w01d1.fit") == (out / "plans/couch-to-5k/w01d1.fit").read_bytes()
    decode_fit((out / "plans/galloway-marathon-block/w02d3.fit").read_bytes())


def test_the_pack_is_byte_identical_from_two_clones(pack, tmp_path):
    out, _ = pack
    clone = tmp_path / "clone"
    shutil.copytree(WORKOUTS, clone / "workouts")
    again = tmp_path / "again"
    result = CliRunner().invoke(main, ["build", str(clone / "workouts"), "-o", str(again), "--zip"],
                                env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert result.exit_code == 0
    mine = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    theirs = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert mine.keys() == theirs.keys()
    assert [k for k in mine if mine[k] != theirs[k]] == []


def test_changing_the_magic_mile_retargets_the_pack(tmp_path):
    tree = tmp_path / "workouts"
    shutil.copytree(WORKOUTS, tree)
    profile = tree / "profile.yaml"
    run("build", tree, "-o", tmp_path / "slow", "--profile", profile, "--format", "fit")
    profile.write_text(profile.read_text().replace("magic_mile: 8:00", "magic_mile: 6:00"))
    run("build", tree, "-o", tmp_path / "fast", "--profile", profile, "--format", "fit")
    slow = decode_fit((tmp_path / "slow/galloway/race-day.fit").read_bytes())["workout_step_mesgs"]
    fast = decode_fit((tmp_path / "fast/galloway/race-day.fit").read_bytes())["workout_step_mesgs"]
    # Paces and ratios both follow: marathon 10:24/mi runs 1:30/0:30, 7:48/mi runs 4:00/0:30.
    assert (slow[0]["duration_time"], slow[1]["duration_time"]) == (90, 30)
    assert (fast[0]["duration_time"], fast[1]["duration_time"]) == (240, 30)
    assert fast[0]["custom_target_speed_high"] > slow[0]["custom_target_speed_high"] * 1.2


def test_a_big_plan_gets_a_watch_limit_note_and_copy_takes_one_week(pack, tmp_path):
    out, output = pack
    assert "plan 'Walk-run progression, 10 weeks' has 30" not in output  # 30 fits
    assert "'Maintenance, advanced' has" not in output  # 20 fits
    watch = tmp_path / "WATCH"
    (watch / "GARMIN").mkdir(parents=True)
    result = run("copy", "--plan", "couch-to-5k", "--week", "3", "-o", out, "--to", watch)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (watch / "GARMIN/NewFiles").iterdir()) == [
        "C25K-W03D1.fit", "C25K-W03D2.fit", "C25K-W03D3.fit", "couch-to-5k-schedule.fit"]
    missing = run("copy", "--plan", "nope", "-o", out, "--to", watch)
    assert missing.exit_code == 1 and "no built plan 'nope'" in missing.output


def test_a_plan_over_the_watch_limit_is_noted(tmp_path, profile):
    tree = tmp_path / "w"
    (tree / "plans").mkdir(parents=True)
    shutil.copytree(WORKOUTS / "beginner", tree / "beginner")
    weeks = "".join("  - [../beginner/week1.yaml, ../beginner/week1.yaml, ../beginner/week1.yaml]\n"
                    for _ in range(11))
    (tree / "plans" / "big.yaml").write_text(f"plan: Big\nshort_name: Big\nweeks:\n{weeks}")
    result = run("build", tree, "-o", tmp_path / "out", "--format", "fit")
    assert result.exit_code == 0
    assert "has 33 workouts; older watches hold about 30" in result.output
    assert "no start date, so no calendar" in result.output
    assert run("build", tree, "-o", tmp_path / "dated", "--start", "2027-05-03").exit_code == 0
    assert (tmp_path / "dated/plans/big/big.ics").exists()


def test_an_unquoted_comma_in_cross_training_is_caught(profile):
    with pytest.raises(RunwalkError, match="beside cross"):
        compile_text_plan(PLAN + "  - tue: {cross: bike, swim}\n", profile)


def test_show_a_plan_week_by_week():
    out = run("show", WORKOUTS / "plans" / "maintenance-beginner.yaml").output
    lines = out.splitlines()
    assert lines[0] == "Maintenance, beginner  (4 weeks, 12 workouts, from 2027-01-04)"
    assert lines[1].startswith("  2027-01-04 Mon  MaintB W1D1: Jog/walk 2:00/2:00 (5 steps")
    assert lines[2] == "  2027-01-05 Tue  cross-training: 30-45 min easy cycling, swimming or elliptical"


def test_a_dated_plan_brings_a_schedule_pointing_at_its_workout_files(tmp_path):
    import datetime as dt

    from conftest import decode_schedule
    out = tmp_path / "out"
    assert run("build", WORKOUTS / "plans" / "couch-to-5k.yaml", "-o", out).exit_code == 0
    folder = out / "couch-to-5k"
    files = {}
    for path in folder.glob("w*.fit"):
        head = decode_fit(path.read_bytes())["file_id_mesgs"][0]
        files[(head["manufacturer"], head["product"], head["serial_number"], head["time_created"])] = path.name
    entries = decode_schedule((folder / "schedule.fit").read_bytes())
    pointed = [files[(e["manufacturer"], e["product"], e["serial_number"], e["time_created"])]
               for e in entries]
    # four weeks from the plan's first session (2027-01-04), three sessions a week
    assert pointed == [f"w{w:02d}d{d}.fit" for w in range(1, 5) for d in range(1, 4)]
    epoch = dt.datetime(1989, 12, 31)
    days = [(epoch + dt.timedelta(seconds=e["scheduled_time"])).date() for e in entries]
    assert days[:3] == [dt.date(2027, 1, 4), dt.date(2027, 1, 6), dt.date(2027, 1, 9)]  # mon, wed, sat
    later = tmp_path / "later"
    run("build", WORKOUTS / "plans" / "couch-to-5k.yaml", "-o", later, "--from", "2027-02-01")
    entries = decode_schedule((later / "couch-to-5k" / "schedule.fit").read_bytes())
    assert (epoch + dt.timedelta(seconds=entries[0]["scheduled_time"])).date() == dt.date(2027, 2, 1)
    assert len(entries) == 12
    gone = run("build", WORKOUTS / "plans" / "couch-to-5k.yaml", "-o", tmp_path / "gone",
               "--from", "2030-01-01")
    assert "no schedule.fit" in gone.output and not (tmp_path / "gone/couch-to-5k/schedule.fit").exists()
    assert run("build", WORKOUTS / "plans", "-o", tmp_path / "x", "--from", "soon").exit_code == 1


def test_a_schedule_holds_what_a_watch_holds():
    import datetime as dt
    from types import SimpleNamespace

    from runwalk.writers.fit import schedule_window
    start = dt.date(2027, 1, 4)
    sessions = [SimpleNamespace(date=start + dt.timedelta(days=n // 2)) for n in range(80)]
    chosen = schedule_window(SimpleNamespace(workouts=sessions), start)
    assert len(chosen) == 30 and chosen[-1].date < start + dt.timedelta(weeks=4)

"""Hostile or careless input, class by class: each ends in correct output or one clear line."""

import pytest

from conftest import WORKOUTS, compile_text, decode_fit, run
from runwalk.errors import RunwalkError


def fit_file(steps, name="Hostile", chained=1) -> bytes:
    """A FIT workout written with fit-tool, message by message, as another tool might."""
    from fit_tool.fit_file_builder import FitFileBuilder
    from fit_tool.profile.messages.file_id_message import FileIdMessage
    from fit_tool.profile.messages.workout_message import WorkoutMessage
    from fit_tool.profile.messages.workout_step_message import WorkoutStepMessage
    from fit_tool.profile.profile_type import (FileType, Intensity, Manufacturer, Sport,
                                               WorkoutStepDuration, WorkoutStepTarget)

    builder = FitFileBuilder(auto_define=True)
    file_id = FileIdMessage()
    file_id.type = FileType.WORKOUT
    file_id.manufacturer = Manufacturer.DEVELOPMENT.value
    file_id.serial_number = 7
    file_id.time_created = 1704067200000
    builder.add(file_id)
    head = WorkoutMessage()
    head.sport = Sport.RUNNING
    head.num_valid_steps = len(steps)
    head.workout_name = name
    builder.add(head)
    for index, step_name, kind, value in steps:
        message = WorkoutStepMessage()
        message.message_index = index
        if kind == "repeat":
            message.duration_type = WorkoutStepDuration.REPEAT_UNTIL_STEPS_CMPLT
            message.duration_step, message.target_repeat_steps = value
        else:
            message.workout_step_name = step_name
            message.intensity = Intensity.ACTIVE
            message.duration_type = WorkoutStepDuration.TIME
            message.duration_time = value
            message.target_type = WorkoutStepTarget.OPEN
        builder.add(message)
    return builder.build_bytes() * chained


HOSTILE_FITS = {
    "huge and out-of-order indices": [(60000, "Last", "time", 60), (3, "First", "time", 30),
                                      (700, "Middle", "time", 45)],
    "a repeat pointing at itself": [(0, "Run", "time", 60), (1, "", "repeat", (1, 3))],
    "a repeat pointing forward": [(0, "Run", "time", 60), (1, "", "repeat", (5, 3)),
                                  (2, "Walk", "time", 30)],
    "NUL bytes in names": [(0, "Ru\x00n", "time", 60), (1, "\x00", "time", 30)],
    "a zero-second step": [(0, "Run", "time", 0), (1, "Walk", "time", 30)],
}


@pytest.mark.foreign_files
@pytest.mark.parametrize("case", sorted(HOSTILE_FITS))
def test_show_reads_any_fit_without_a_traceback(case, tmp_path):
    path = tmp_path / "hostile.fit"
    path.write_bytes(fit_file(HOSTILE_FITS[case], name="Bad\x00Name"))
    result = run("show", path)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and "\x00" not in result.output
    assert result.output.startswith("Bad\n")  # what a watch shows: the name up to the NUL


@pytest.mark.foreign_files
def test_show_reads_steps_in_message_index_order(tmp_path):
    path = tmp_path / "hostile.fit"
    path.write_bytes(fit_file(HOSTILE_FITS["huge and out-of-order indices"]))
    lines = run("show", path).output.splitlines()
    assert [line.split()[0] for line in lines[1:4]] == ["First", "Middle", "Last"]


@pytest.mark.foreign_files
def test_show_reads_every_workout_of_a_chained_fit(tmp_path):
    path = tmp_path / "chained.fit"
    path.write_bytes(fit_file([(0, "Run", "time", 60)], name="Twice", chained=2))
    output = run("show", path).output
    assert output.count("Twice") == 2


@pytest.mark.foreign_files
@pytest.mark.parametrize("data", [b"", b".FIT", b"\x0e\x10" + b"\xff" * 40,
                                  b"\x0e\x10\xd9\x07\x10\x00\x00\x00.FIT\x00\x00" + b"\x00" * 16])
def test_show_on_a_broken_fit_is_one_clear_line(tmp_path, data):
    path = tmp_path / "broken.fit"
    path.write_bytes(data)
    result = run("show", path)
    assert result.exit_code == 1 and result.output.startswith("error: ")
    assert len(result.output.strip().splitlines()) == 1


# --- the last line of defence ---

def test_an_unexpected_exception_is_one_line_naming_a_bug(tmp_path, monkeypatch):
    import runwalk.display as display

    def broken(*args, **kwargs):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(display, "workout_lines", broken)
    monkeypatch.delenv("RUNWALK_DEBUG")
    from click.testing import CliRunner
    from runwalk.cli import main
    result = CliRunner().invoke(main, ["show", str(WORKOUTS / "beginner" / "week1.yaml")])
    assert result.exit_code == 2
    assert result.output.strip() == ("error: this is a bug in runwalk (ZeroDivisionError: boom); "
                                     "rerun with RUNWALK_DEBUG=1 for the details, and please "
                                     "report it")
    monkeypatch.setenv("RUNWALK_DEBUG", "1")
    result = CliRunner().invoke(main, ["show", str(WORKOUTS / "beginner" / "week1.yaml")])
    assert isinstance(result.exception, ZeroDivisionError)


# --- untrusted folders: templates are data ---

ESCAPES = [
    "{{ cycler.__init__.__globals__.os.system('touch PWNED') }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ self.__init__.__globals__ }}",
    "{% set x = [].append(1) %}{{ x }}",
]


@pytest.mark.parametrize("template", ESCAPES)
def test_a_template_from_a_strangers_folder_cannot_run_code(tmp_path, template, monkeypatch):
    folder = tmp_path / "coach"
    (folder / "evil").mkdir(parents=True)
    (folder / "evil" / "workout.txt").write_text("hello\n" + template + "\n")
    (folder / "profile.yaml").write_text("magic_mile: 8:00\ntemplates: evil\n")
    (folder / "w.yaml").write_text("name: W\nsteps:\n  - run: 1min\n")
    monkeypatch.chdir(tmp_path)
    result = run("build", folder / "w.yaml", "--profile", folder / "profile.yaml", "-o", "out")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{folder / 'evil' / 'workout.txt'}:2: template problem" in result.output
    assert not (tmp_path / "PWNED").exists() and not (tmp_path / "out").exists()


def test_check_renders_a_profiles_own_templates_as_build_will(tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "workout.txt").write_text("{{ name.__class__.__mro__ }}\n")
    (tmp_path / "profile.yaml").write_text("magic_mile: 8:00\ntemplates: mine\n")
    (tmp_path / "w.yaml").write_text("name: W\nsteps:\n  - run: 1min\n")
    result = run("check", tmp_path / "w.yaml", "--profile", tmp_path / "profile.yaml")
    assert result.exit_code == 1
    fits = next(line for line in result.output.splitlines() if "fits" in line)
    assert fits.endswith("fits fit, zwo, tcx, gc, apple")  # not icu: its template fails
    assert "workout.txt:1: template problem: not allowed in a template" in result.output


def test_a_profiles_templates_folder_must_exist(tmp_path):
    (tmp_path / "profile.yaml").write_text("magic_mile: 8:00\ntemplates: nowhere\n")
    result = run("check", WORKOUTS / "beginner" / "week1.yaml", "--profile", tmp_path / "profile.yaml")
    assert result.exit_code == 1
    assert "profile.yaml:2: templates folder 'nowhere' does not exist" in result.output


def test_yaml_tags_are_never_acted_on(profile, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(RunwalkError, match="must be text"):
        compile_text("name: !!python/object/apply:os.system ['touch PWNED']\n"
                     "steps:\n  - run: 1min\n", profile)
    workout = compile_text("name: !!python/object/apply:os.system 'touch PWNED'\n"
                           "steps:\n  - run: 1min\n", profile)
    assert workout.name == "touch PWNED" and not (tmp_path / "PWNED").exists()


# --- bounded work ---

def billion_laughs(levels=9):
    lines = ["a0: &a0 [run, run, run, run, run, run, run, run, run, run]"]
    for n in range(1, levels):
        lines.append(f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]")
    return "\n".join(lines) + f"\nname: Laughs\nsteps: *a{levels - 1}\n"


def test_billion_laughs_is_one_error_not_a_hang(tmp_path):
    path = tmp_path / "laughs.yaml"
    path.write_text(billion_laughs())
    result = run("check", path)
    assert result.exit_code == 1 and "expands to more than 200,000 values" in result.output


def test_deep_nesting_and_huge_files_are_refused(tmp_path):
    deep = tmp_path / "deep.yaml"
    deep.write_text("name: Deep\nsteps: " + "[" * 100 + "]" * 100 + "\n")
    result = run("check", deep)
    assert result.exit_code == 1 and "nest more than 40 deep" in result.output
    deep.write_text("name: Deep\nsteps: " + "[" * 100000 + "]" * 100000 + "\n")
    result = run("check", deep)
    assert result.exit_code == 1 and "deep.yaml:2: not valid YAML" in result.output
    big = tmp_path / "big.yaml"
    big.write_text("name: Big\n# " + "x" * 2_000_000 + "\nsteps:\n  - run: 1min\n")
    result = run("check", big)
    assert result.exit_code == 1 and "larger than 1000 kB" in result.output


@pytest.mark.parametrize("text, message", [
    ("name: Days\nsteps:\n  - repeat: 99\n    steps:\n      - run: 12h\n", "at most 24 hours"),
    ("name: Millions\nsteps:\n  - repeat: 99\n    steps:\n      - repeat: 99\n        steps:\n"
     "          - repeat: 99\n            steps:\n              - run: 1s\n", "fit any format"),
    ("name: Deep\nsteps:\n" + "".join("  " * (2 * n) + "  - repeat: 2\n" + "  " * (2 * n) +
                                      "    steps:\n" for n in range(7)) + "  " * 14 + "  - run: 1s\n",
     "nest more than 5 deep"),
])
def test_workouts_no_watch_could_hold_are_refused_before_rendering(profile, text, message):
    with pytest.raises(RunwalkError, match=message):
        compile_text(text, profile)


# --- any depth of nesting, and expansions that yield nothing ---

NESTED = """name: Three deep
steps:
  - repeat: 2
    steps:
      - repeat: 3
        steps:
          - repeat: 2
            steps:
              - ratio: 1:00/0:30
                repeat: 2
                run: easy
              - walk: 1min
"""


def test_three_levels_of_repeats_build_in_every_format(tmp_path):
    (tmp_path / "nested.yaml").write_text(NESTED)
    assert run("check", tmp_path / "nested.yaml").exit_code == 0
    result = run("build", tmp_path / "nested.yaml", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "nested repeats are written out" in result.output
    zwo = (tmp_path / "out" / "nested.zwo").read_text()
    # 2 x 3 x 2 x (2 cycles + a walk): the ZWO writes out all 12 inner passes.
    assert zwo.count("<IntervalsT") + zwo.count("<SteadyState") > 12
    steps = decode_fit((tmp_path / "out" / "nested.fit").read_bytes())["workout_step_mesgs"]
    repeats = [s for s in steps if s["duration_type"] == "repeat_until_steps_cmplt"]
    assert all(s["duration_step"] < s["message_index"] for s in repeats)
    assert sorted(s["repeat_steps"] for s in repeats) == [2, 2, 2, 3]


@pytest.mark.parametrize("text, message", [
    ("name: X\nsteps:\n  - ratio: 4:00/0:30\n    for: 10s\n", "shorter than one cycle"),
    ("name: X\nsteps:\n  - ratio: 4:00/0:30\n    for: 4min\n", "shorter than one cycle"),
    ("name: X\nsteps:\n  - repeat: 2\n    steps: []\n", "steps is empty"),
    ("name: X\nsteps:\n  - repeat: 0\n    steps:\n      - run: 1min\n", "at least 1"),
    ("name: X\nsteps:\n  - run: 0.5s\n", "at least 1s"),
])
def test_expansions_that_yield_no_steps_are_errors(profile, text, message):
    with pytest.raises(RunwalkError, match=message) as info:
        compile_text(text, profile)
    assert info.value.file == "w.yaml" and info.value.line in (3, 4)


# --- impossible steps and profiles ---

@pytest.mark.parametrize("profile_text, message, line", [
    ("magic_mile: 4:00\npace_window: 2min/km\n", "pace_window", 2),
    ("magic_mile: 8:00\ngoal: 1:00\n", "goal '1:00'", 2),
    ("race: {distance: marathon, time: '0:30:00'}\n", "race gives a magic mile", 1),
    ("magic_mile: 0:30\n", "between 3:00 and 30:00", 1),
    ("paces:\n  easy: 0:10/mi\n", "not a pace a person runs", 2),
])
def test_profiles_that_derive_impossible_paces_are_errors(tmp_path, profile_text, message, line):
    (tmp_path / "p.yaml").write_text(profile_text)
    for command in ("check", "build", "show"):
        args = [command, WORKOUTS / "beginner" / "week1.yaml", "--profile", tmp_path / "p.yaml"]
        if command == "build":
            args += ["-o", tmp_path / "out"]
        result = run(*args)
        assert result.exit_code == 1, (command, result.output)
        assert f"p.yaml:{line}:" in result.output and message in result.output
    assert not (tmp_path / "out").exists()


def test_a_fast_pace_with_a_wide_window_is_an_error_naming_the_window(tmp_path):
    (tmp_path / "p.yaml").write_text("units: km\npace_window: 90s/km\n")
    (tmp_path / "w.yaml").write_text("name: Fast\nsteps:\n  - run: 1km @ 2:30/km\n")
    for command in ("check", "build"):
        result = run(command, tmp_path / "w.yaml", "--profile", tmp_path / "p.yaml",
                     *(["-o", tmp_path / "out"] if command == "build" else []))
        assert result.exit_code == 1
        assert "w.yaml:3:" in result.output and "pace_window of 90s/km (" in result.output
        assert "p.yaml:2)" in result.output


def test_impossible_steps_cannot_be_made():
    from runwalk.steps import Distance, HeartRate, Repeat, Speed, Step, Time
    for make in (lambda: Time(0), lambda: Distance(0.5), lambda: Speed(3.0, 2.0),
                 lambda: Speed(-1.0, 2.0), lambda: HeartRate(20, 150), lambda: HeartRate(150, 140),
                 lambda: Repeat(0, (Step("run", Time(60)),)), lambda: Repeat(2, ()),
                 lambda: Step("sprint", Time(60)), lambda: Step("run", Time(60), name="a\nb")):
        with pytest.raises(RunwalkError):
            make()


# --- text stays text ---

@pytest.mark.parametrize("text, message", [
    ("name: [a, b]\nsteps:\n  - run: 1min\n", "'name' must be text, not a list"),
    ("name: X\nnotes: {a: b}\nsteps:\n  - run: 1min\n", "'notes' must be text, not a block"),
    ("name: X\nshort_name: [a]\nsteps:\n  - run: 1min\n", "'short_name' must be text"),
    ("name: \"a\\nb\"\nsteps:\n  - run: 1min\n", "line break"),
    ("name: \"a\\u2028b\"\nsteps:\n  - run: 1min\n", "line break"),
    ("name: \"a\\x07b\"\nsteps:\n  - run: 1min\n", "'\\\\x07'"),
    ("name: \"a\\uFFFEb\"\nsteps:\n  - run: 1min\n", "'\\\\ufffe'"),
    ("name: X\nsteps:\n  - run: 1min\n    name: \"x\\ny\"\n", "line break"),
])
def test_text_fields_must_be_one_line_of_text(profile, text, message):
    with pytest.raises(RunwalkError, match=message):
        compile_text(text, profile)


@pytest.mark.parametrize("field, value, message", [
    ("plan", "[a, b]", "'plan' must be text"),
    ("plan", '"C25K\\r\\nX-INJECTED: yes"', "line break"),
    ("notes", "{a: 1}", "'notes' must be text"),
])
def test_plan_text_fields_must_be_text(tmp_path, profile, field, value, message):
    from runwalk.plan import load_plan
    fields = {"plan": "Plan", "short_name": "P", "weeks": "\n  - [{cross: swim}, ../w.yaml]"}
    fields[field] = value
    (tmp_path / "plans").mkdir()
    (tmp_path / "w.yaml").write_text("name: W\nsteps:\n  - run: 1min\n")
    (tmp_path / "plans" / "p.yaml").write_text("".join(f"{k}: {v}\n" for k, v in fields.items()))
    with pytest.raises(RunwalkError, match=message):
        load_plan(tmp_path / "plans" / "p.yaml", profile)


def test_cross_training_must_be_text(tmp_path, profile):
    from runwalk.plan import load_plan
    (tmp_path / "p.yaml").write_text("plan: P\nweeks:\n  - [{cross: [swim, bike]}]\n")
    with pytest.raises(RunwalkError, match="'cross' must be text"):
        load_plan(tmp_path / "p.yaml", profile)


def test_a_step_name_never_changes_the_intervals_icu_steps(profile):
    from runwalk.writers import Options, writer
    workout = compile_text("name: X\nsteps:\n  - run: 1min\n    name: 4x 100m strides\n"
                           "  - walk: 30s\n    name: press lap Z5 90% HR\n  - run: 2min\n"
                           "    name: Easy jog\n", profile)
    rendered = writer("icu").render(workout, Options(profile=profile))
    assert rendered.data.decode().splitlines() == ["- Run 1m", "- Walk 30s", "- Easy jog 2m"]
    assert any("would read as a duration or target" in w for w in rendered.warnings)


def test_file_names_keep_inner_dots_and_any_case_of_yaml(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "race.5k.yaml").write_text("name: A\nsteps:\n  - run: 1min\n")
    (src / "UPPER.YAML").write_text("name: B\nsteps:\n  - run: 1min\n")
    (src / "short.Yml").write_text("name: C\nsteps:\n  - run: 1min\n")
    result = run("build", src, "-o", tmp_path / "out", "--format", "fit")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").glob("*.fit")) == \
        ["UPPER.fit", "race.5k.fit", "short.fit"]


def test_links_in_the_index_are_url_encoded(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a b#c?.yaml").write_text("name: A\nsteps:\n  - run: 1min\n")
    run("build", src, "-o", tmp_path / "out", "--format", "fit")
    assert 'href="a%20b%23c%3F.fit"' in (tmp_path / "out" / "index.html").read_text()


def test_plans_past_99_weeks_are_a_clean_error(tmp_path, profile):
    from runwalk.plan import load_plan
    (tmp_path / "p.yaml").write_text("plan: Long\nweeks:\n" + "  - [{cross: swim}]\n" * 100)
    with pytest.raises(RunwalkError, match="100 weeks; at most 99"):
        load_plan(tmp_path / "p.yaml", profile)


@pytest.mark.parametrize("start", ["0001-01-01", "9999-12-31", "1970-01-01", "2099-12-01"])
def test_dates_no_output_can_carry_are_clean_errors(tmp_path, start):
    result = run("build", WORKOUTS / "plans" / "couch-to-5k.yaml", "--start", start,
                 "-o", tmp_path / "out")
    assert result.exit_code == 1 and "out of range" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("stamp", ["-1", "0", "99999999999", "1e9"])
def test_source_date_epoch_values_no_output_can_carry_are_clean_errors(tmp_path, stamp):
    result = run("build", WORKOUTS / "beginner" / "week1.yaml", "-o", tmp_path / "out",
                 env={"SOURCE_DATE_EPOCH": stamp})
    assert result.exit_code == 1 and "SOURCE_DATE_EPOCH" in result.output
    assert not (tmp_path / "out").exists()


def test_a_hostile_name_cannot_inject_calendar_lines(tmp_path):
    (tmp_path / "plans").mkdir()
    (tmp_path / "w.yaml").write_text("name: W\nsteps:\n  - run: 1min\n")
    (tmp_path / "plans" / "p.yaml").write_text(
        "plan: 'Tom & Jerry <b>\"fast\"</b> 🏃 Ünïcode'\nshort_name: TJ\nstart: 2027-01-04\n"
        "weeks:\n  - [../w.yaml, {cross: 'swim; DESCRIPTION:x'}]\n")
    result = run("build", tmp_path / "plans", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    from icalendar import Calendar
    calendar = Calendar.from_ical((tmp_path / "out" / "p" / "p.ics").read_bytes())
    assert str(calendar["x-wr-calname"]) == 'Tom & Jerry <b>"fast"</b> 🏃 Ünïcode'
    assert len(list(calendar.walk("VEVENT"))) == 2


def test_a_template_cannot_read_a_file_through_a_link_in_its_folder(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("the neighbour's password")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "leak").symlink_to(secret)
    (mine / "workout.txt").write_text('{% include "leak" %}\n')
    (tmp_path / "w.yaml").write_text("name: W\nsteps:\n  - run: 1min\n")
    out = tmp_path / "out"
    result = run("build", tmp_path / "w.yaml", "-o", out, "--templates", mine, "--format", "icu")
    assert result.exit_code == 1 and "is not a file of the templates folder" in result.output
    assert "password" not in result.output and not out.exists()
    (mine / "workout.txt").unlink()
    (mine / "workout.txt").symlink_to(secret)  # the template itself a link
    result = run("build", tmp_path / "w.yaml", "-o", out, "--templates", mine, "--format", "icu")
    assert result.exit_code == 1 and "password" not in result.output and not out.exists()


def test_text_from_a_foreign_file_is_one_line_in_the_imported_yaml(tmp_path):
    import yaml
    hostile = 'x\n  - run: 10:00\nid: "serial:3735928559"\n#'
    data = {"workoutName": "x", "sportType": {"sportTypeId": 1, "sportTypeKey": "running"},
            "workoutSegments": [{"workoutSteps": [{
                "type": "ExecutableStepDTO", "stepType": {"stepTypeId": 3},
                "endCondition": {"conditionTypeId": 2}, "endConditionValue": 60,
                "targetType": {"workoutTargetTypeId": 9, "workoutTargetTypeKey": hostile}}]}]}
    import json
    path = tmp_path / "evil.json"
    path.write_text(json.dumps(data))
    out = tmp_path / "imported"
    result = run("import", path, "-o", out)
    assert result.exit_code == 0, result.output
    text = (out / "evil.yaml").read_text()
    parsed = yaml.safe_load(text)
    assert "id" not in parsed and len(parsed["steps"]) == 1  # the attacker's lines are a comment
    assert all(line.lstrip().startswith("#") or "serial" not in line for line in text.splitlines())


def test_outputs_that_differ_only_by_case_are_one_clear_error(tmp_path):
    folder = tmp_path / "w"
    folder.mkdir()
    (folder / "Week1.yaml").write_text("name: A\nsteps:\n  - run: 1min\n")
    (folder / "week1.yaml").write_text("name: B\nsteps:\n  - run: 2min\n")
    result = run("build", folder, "-o", tmp_path / "out")
    assert result.exit_code == 1 and "differ only by case" in result.output
    assert "Week1.yaml" in result.output and "week1.yaml" in result.output
    assert not (tmp_path / "out").exists()


def test_two_identities_with_one_serial_number_are_one_clear_error(tmp_path):
    # crc32 collides for these two (found by search): a watch would mix them up
    folder = tmp_path / "w"
    folder.mkdir()
    (folder / "a.yaml").write_text("name: A\nid: coach-29685295\nsteps:\n  - run: 1min\n")
    (folder / "b.yaml").write_text("name: B\nid: coach-32060020\nsteps:\n  - run: 2min\n")
    result = run("build", folder, "-o", tmp_path / "out")
    assert result.exit_code == 1 and "the same FIT serial number" in result.output
    assert not (tmp_path / "out").exists()

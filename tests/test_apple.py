"""Apple Watch custom workouts (.workout): decoded by Google's protobuf parser (not
runwalk's reader) and compared with the steps meant; Apple's own files read back."""

from __future__ import annotations

import json

import pytest

from conftest import SHARED, WORKOUTS, compile_text, needs_shared, run, shipped_items
from runwalk.steps import Distance, HeartRate, HeartRateZone, Lap, Repeat, Speed, Time
from runwalk.writers import Options, writer
from workout_decoder import decode

MILE = 1609.344


def render(workout, profile) -> bytes:
    return writer("apple").render(workout, Options(profile=profile)).data


def watch_step(step) -> dict:
    """What the Workout app should show for a step of runwalk's step list."""
    out = {"name": step.name if step.name else ("Recover" if step.kind == "recover" else
                                                "Rest" if step.kind == "rest" else None)}
    d = step.duration
    if isinstance(d, Time):
        out.update(goal="time", seconds=pytest.approx(d.seconds))
    elif isinstance(d, Distance):
        out.update(goal="distance", metres=pytest.approx(d.metres))
    else:
        out["goal"] = "open"
    t = step.target
    if isinstance(t, Speed):
        slow = t.low if not t.ceiling else MILE / 2700
        out["alert"] = {"type": "current speed", "kind": "range", "min": pytest.approx(slow),
                        "max": pytest.approx(t.high)}
    elif isinstance(t, HeartRate):
        out["alert"] = {"type": "current heart rate", "kind": "range", "min": t.low,
                        "max": t.high}
    elif isinstance(t, HeartRateZone):
        out["alert"] = {"type": "current heart rate", "kind": "zone", "zone": t.zone}
    return out


def test_beginner_week_1_on_the_watch(shipped_profile):
    from runwalk.workout import load_workout
    workout = load_workout(WORKOUTS / "beginner" / "week1.yaml", shipped_profile)
    app = decode(render(workout, shipped_profile))
    assert (app["activity"], app["location"], app["name"]) == ("running", "outdoor",
                                                                "Beginner walk-run, week 1")
    assert app["warmup"] == {"name": None, "goal": "time", "seconds": 300.0}
    assert app["cooldown"] == {"name": None, "goal": "time", "seconds": 300.0}
    (block,) = app["blocks"]
    assert block["iterations"] == 6
    assert [(s["purpose"], s["seconds"]) for s in block["steps"]] == [("work", 60), ("recovery", 120)]


@pytest.mark.parametrize("item", shipped_items(), ids=lambda i: i.stem.as_posix())
def test_every_shipped_workout_decodes_to_the_steps_meant(item, shipped_profile):
    from runwalk.lowering import lower
    from runwalk.writers import Losses
    from runwalk.writers.apple import CAN, reference_id
    workout = item.workout
    app = decode(render(workout, shipped_profile))
    lowered = list(lower(workout, CAN, Losses("Apple", workout), shipped_profile).workout.steps)
    assert app["reference"] == reference_id(workout)
    assert app["activity"] == workout.sport and app["name"] == workout.name
    if not isinstance(lowered[0], Repeat) and lowered[0].kind == "warmup":
        assert app["warmup"] == watch_step(lowered.pop(0))
    if lowered and not isinstance(lowered[-1], Repeat) and lowered[-1].kind == "cooldown":
        assert app["cooldown"] == watch_step(lowered.pop())
    assert len(app["blocks"]) == len(lowered)
    for block, item_ in zip(app["blocks"], lowered):
        steps = item_.steps if isinstance(item_, Repeat) else (item_,)
        assert block["iterations"] == (item_.count if isinstance(item_, Repeat) else 1)
        assert [dict(s, purpose=None) for s in block["steps"]] == [
            dict(watch_step(s), purpose=None) for s in steps]
        assert [s["purpose"] for s in block["steps"]] == [
            "work" if s.kind == "run" else "recovery" for s in steps]


def test_targets_as_apple_alerts(profile):
    workout = compile_text("""
        name: Alerts
        steps:
          - warmup: 5min
          - run: 1km @ 8:30-8:45/mi
          - run: 10min @ no faster than recovery
          - run: 5min @ 130-145bpm
          - run: 5min @ z2
          - walk: lap
          - cooldown: 5min
        """, profile)
    app = decode(render(workout, profile))
    run_, ceiling, bpm, zone, walk = (s for b in app["blocks"] for s in b["steps"])
    # a pace window: current speed from the slower end to the faster
    # (speeds to 0.1 mm/s, so that a pace written out reads back to the same bytes)
    assert MILE / run_["alert"]["min"] == pytest.approx(525, abs=0.01)
    assert MILE / run_["alert"]["max"] == pytest.approx(510, abs=0.01)
    assert run_["metres"] == pytest.approx(1000)
    # a ceiling: from 45:00/mi (slower than anyone walks) to the recovery pace
    assert MILE / ceiling["alert"]["min"] == pytest.approx(2700)
    assert MILE / ceiling["alert"]["max"] == pytest.approx(714, abs=0.5)
    assert (bpm["alert"]["min"], bpm["alert"]["max"]) == (130, 145)
    assert zone["alert"] == {"type": "current heart rate", "kind": "zone", "zone": 2}
    assert walk == {"name": None, "goal": "open", "purpose": "recovery"}


def test_what_apple_cannot_hold_is_lowered_and_said(profile):
    workout = compile_text("""
        name: Nested
        notes: Easy does it.
        steps:
          - warmup: 5min
          - repeat: 3
            steps:
              - repeat: 2
                steps:
                  - run: 1:00
                  - recover: 1:00
              - warmup: 2:00
          - cooldown: 5min
        """, profile)
    rendered = writer("apple").render(workout, Options(profile=profile))
    kinds = {w.kind for w in rendered.warnings}
    assert "nested repeats written out" in kinds and "notes left out" in kinds
    assert "warmup steps inside the workout written as runs" in kinds
    (block,) = decode(rendered.data)["blocks"]
    assert block["iterations"] == 3
    assert [(s["name"], s["purpose"]) for s in block["steps"]] == [
        (None, "work"), ("Recover", "recovery"), (None, "work"), ("Recover", "recovery"),
        ("Warm up", "work")]


def test_the_reference_id_follows_the_workout_not_its_paces(tmp_path):
    (tmp_path / "a.yaml").write_text("name: A\nsteps:\n  - run: 10min @ easy\n")
    fast, slow = tmp_path / "fast.yaml", tmp_path / "slow.yaml"
    fast.write_text("magic_mile: 7:00\n")
    slow.write_text("magic_mile: 10:00\n")
    ids = []
    for profile in (fast, slow, fast):
        out = tmp_path / "out"
        assert run("build", tmp_path / "a.yaml", "-o", out, "--profile", profile,
                   "--format", "apple").exit_code == 0
        ids.append(decode((out / "a.workout").read_bytes())["reference"])
    assert ids[0] == ids[1] == ids[2]
    (tmp_path / "b.yaml").write_text("name: B\nsteps:\n  - run: 10min @ easy\n")
    run("build", tmp_path / "b.yaml", "-o", tmp_path / "out", "--format", "apple")
    assert decode((tmp_path / "out" / "b.workout").read_bytes())["reference"] != ids[0]


# --- Apple's own files (../shared/samples/workout)

def samples():
    folder = SHARED / "samples" / "workout"
    return sorted(p.name for p in folder.glob("*.workout")) if folder.exists() else ["absent"]


RUNNING = ("running", "walking")
UNITS = {"seconds": 1, "minutes": 60, "hours": 3600, "meters": 1, "kilometers": 1000,
         "miles": MILE, "feet": 0.3048, "yards": 0.9144}


def spec_steps(spec: dict) -> list:
    """(kind, seconds or metres or None, name) of a custom spec, repeats written out."""
    def goal(g):
        if g["type"] == "time":
            return g["time"]["value"] * UNITS[g["time"]["unit"]]
        if g["type"] == "distance":
            return g["distance"]["value"] * UNITS[g["distance"]["unit"]]
        return None

    out = []
    if spec.get("warmup"):
        out.append(("warmup", goal(spec["warmup"]["goal"]), spec["warmup"].get("displayName")))
    for block in spec.get("blocks", []):
        for _ in range(block["iterations"]):
            out += [("run" if s["purpose"] == "work" else "walk", goal(s["step"]["goal"]),
                     s["step"].get("displayName")) for s in block["steps"]]
    if spec.get("cooldown"):
        out.append(("cooldown", goal(spec["cooldown"]["goal"]), spec["cooldown"].get("displayName")))
    return out


@pytest.mark.foreign_files
@pytest.mark.parametrize("name", samples())
def test_apples_own_files_read_as_their_descriptions_say(name, profile):
    from runwalk.errors import RunwalkError
    from runwalk.steps import unrolled
    path = needs_shared("samples", "workout", name)
    spec = json.loads(path.with_suffix(".spec.json").read_text())
    kind = next(k for k in spec if k != "referenceId")
    body = spec[kind]
    if body.get("activity") not in RUNNING:
        with pytest.raises(RunwalkError, match="runwalk imports running and walking workouts"):
            writer("apple").read(path.read_bytes(), str(path), profile)
        return
    (workout,) = writer("apple").read(path.read_bytes(), str(path), profile)
    assert workout.identity == "uuid:" + spec["referenceId"]
    assert workout.sport == body["activity"]
    steps = unrolled(workout.steps)
    if kind == "custom":
        assert workout.name == (body.get("displayName") or path.stem)
        got = [(s.kind, getattr(s.duration, "seconds", getattr(s.duration, "metres", None)),
                s.name) for s in steps]
        assert got == [(k, pytest.approx(v) if v else None, n or None)
                       for k, v, n in spec_steps(body)]
    elif kind == "goal":
        (step,) = steps
        g = body["goal"]
        if g["type"] == "open":
            assert isinstance(step.duration, Lap)
        else:
            assert (step.duration.seconds if g["type"] == "time" else step.duration.metres) == \
                pytest.approx(g[g["type"]]["value"] * UNITS[g[g["type"]]["unit"]])
    else:  # a pacer: its distance, at the pace of its distance in its time
        (step,) = steps
        metres = body["distance"]["value"] * UNITS[body["distance"]["unit"]]
        seconds = body["time"]["value"] * UNITS[body["time"]["unit"]]
        assert step.duration.metres == pytest.approx(metres)
        assert step.target.middle == pytest.approx(metres / seconds, rel=1e-6)


@pytest.mark.foreign_files
@pytest.mark.parametrize("name", ["custom-many-blocks", "custom-unicode-name",
                                  "custom-walking-miles", "custom-empty-displayname"])
def test_apples_running_and_walking_workouts_import_and_build_to_apples_bytes(name, tmp_path):
    path = needs_shared("samples", "workout", f"{name}.workout")
    out = tmp_path / "imported"
    result = run("import", path, "-o", out)
    assert result.exit_code == 0, result.output
    assert run("check", out / f"{name}.yaml").exit_code == 0
    built = tmp_path / "built"
    assert run("build", out / f"{name}.yaml", "-o", built, "--format", "apple").exit_code == 0
    again = (built / f"{name}.workout").read_bytes()
    if name == "custom-empty-displayname":
        # a workout needs a name: runwalk gives it the file's; and a step named "" has none
        apple, ours = decode(path.read_bytes()), decode(again)
        assert ours["name"] == name and apple["name"] == ""
        assert apple["blocks"][0]["steps"][0]["name"] == "" and ours["blocks"][0]["steps"][0]["name"] is None
        for block in (apple, ours):
            block["name"] = block["blocks"][0]["steps"][0]["name"] = None
        assert ours == apple
    else:
        assert again == path.read_bytes()


@pytest.mark.foreign_files
def test_other_activities_and_damaged_files_are_one_line_and_write_nothing(tmp_path):
    folder = needs_shared("samples", "workout")
    cases = {"custom-pool-swim.workout": "this is a swimming workout",
             "goal-cycling-indoor.workout": "this is a cycling workout",
             "custom-unknown-location.workout": "this is a yoga workout",
             "sbr-triathlon-open.workout": "this is a a triathlon (swim, bike, run) workout"}
    for name, message in cases.items():
        result = run("import", folder / name, "-o", tmp_path / "out")
        assert result.exit_code == 1 and message.replace("a a ", "a ") in result.output.replace("a a ", "a ")
        assert len(result.output.strip().splitlines()) == 2  # the error, and "nothing written"
    data = (folder / "custom-many-blocks.workout").read_bytes()
    # cut inside the workout, cut inside the last number, a workout longer than the file
    for damaged in (data[:100], data[:-1], b"\xff" * 20, b"", data[:39] + b"\xff\x7f" + data[41:]):
        path = tmp_path / "damaged.workout"
        path.write_bytes(damaged)
        result = run("import", path, "-o", tmp_path / "out")
        assert result.exit_code == 1 and result.output.startswith("error: ")
        assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.foreign_files
def test_show_reads_a_workout_file():
    path = needs_shared("samples", "workout", "custom-walking-miles.workout")
    result = run("show", path)
    assert result.exit_code == 0
    assert result.output.splitlines()[:2] == ["Sunday stroll", "  Run 2.5mi"]


def test_a_plan_in_the_pack_has_its_workout_files(tmp_path):
    out = tmp_path / "out"
    assert run("build", WORKOUTS / "plans" / "couch-to-5k.yaml", "-o", out).exit_code == 0
    assert (out / "couch-to-5k" / "w01d1.workout").exists()
    manifest = json.loads((out / "manifest.json").read_text())["files"]
    assert any(f["path"] == "couch-to-5k/w01d1.workout" and f["format"] == "apple" for f in manifest)


@pytest.mark.parametrize("item", shipped_items(), ids=lambda i: i.stem.as_posix())
def test_every_shipped_workout_imports_and_builds_again_to_the_same_bytes(item, shipped_profile):
    from runwalk.importing import workout_yaml
    module = writer("apple")
    rendered = module.render(item.workout, Options(profile=shipped_profile))
    (read,) = module.read(rendered.data, "w.workout", shipped_profile)
    text = workout_yaml(read, shipped_profile, speed_resolution=module.CAN.speed_resolution)[0]
    again = module.render(compile_text(text, shipped_profile, "again.yaml"),
                          Options(profile=shipped_profile))
    if {w.kind for w in rendered.warnings} <= {"notes left out"}:  # notes are not in the bytes
        assert again.data == rendered.data, text
    else:  # what was lowered comes back lowered
        assert decode(again.data)["blocks"] == decode(rendered.data)["blocks"]


def test_a_treadmill_workout_is_an_indoor_one(profile, tmp_path):
    workout = compile_text("name: T\nlocation: indoor\nsteps:\n  - run: 20min @ easy\n", profile)
    data = render(workout, profile)
    assert decode(data)["location"] == "indoor"
    (back,) = writer("apple").read(data, "t.workout", profile)
    assert back.indoor
    from runwalk.errors import RunwalkError
    with pytest.raises(RunwalkError, match="location must be outdoor or indoor") as info:
        compile_text("name: T\nlocation: moon\nsteps:\n  - run: 20min\n", profile)
    assert info.value.line == 2

"""Garmin Connect workout JSON, checked against a JSON Schema of the shape Garmin's own
workouts have (the sample in ../shared/samples/gc passes it too) and against the step list."""

import json

import jsonschema
import pytest

from conftest import compile_text, needs_shared, run, shipped_items
from runwalk.steps import Distance, HeartRate, HeartRateZone, Repeat, Speed, Time
from runwalk.writers import Options, writer


def pair(id_key, type_key, pairs):
    """A type object whose numeric id and key agree (Garmin reads the id)."""
    return {"type": "object", "required": [id_key, type_key],
            "oneOf": [{"properties": {id_key: {"const": i}, type_key: {"const": k}}}
                      for i, k in pairs]}


STEP_TYPES = [(1, "warmup"), (2, "cooldown"), (3, "interval"), (4, "recovery"), (5, "rest"),
              (7, "other")]
SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["workoutName", "sportType", "workoutSegments"],
    "properties": {
        "workoutName": {"type": "string", "minLength": 1},
        "description": {"type": ["string", "null"]},
        "sportType": pair("sportTypeId", "sportTypeKey", [(1, "running")]),
        "workoutSegments": {"type": "array", "minItems": 1, "items": {
            "type": "object", "required": ["segmentOrder", "sportType", "workoutSteps"],
            "properties": {"segmentOrder": {"const": 1},
                           "workoutSteps": {"type": "array", "minItems": 1,
                                            "items": {"$ref": "#/$defs/step"}}}}},
    },
    "$defs": {
        "step": {"oneOf": [{"$ref": "#/$defs/executable"}, {"$ref": "#/$defs/repeat"}]},
        "executable": {
            "type": "object",
            "required": ["type", "stepOrder", "stepType", "endCondition", "targetType"],
            "properties": {
                "type": {"const": "ExecutableStepDTO"},
                "stepOrder": {"type": "integer", "minimum": 1},
                "stepType": pair("stepTypeId", "stepTypeKey", STEP_TYPES),
                "endCondition": pair("conditionTypeId", "conditionTypeKey",
                                     [(1, "lap.button"), (2, "time"), (3, "distance")]),
                "endConditionValue": {"type": ["number", "null"], "minimum": 0},
                "targetType": pair("workoutTargetTypeId", "workoutTargetTypeKey",
                                   [(1, "no.target"), (4, "heart.rate.zone"), (6, "pace.zone")]),
                "targetValueOne": {"type": ["number", "null"]},
                "targetValueTwo": {"type": ["number", "null"]},
                "zoneNumber": {"type": ["integer", "null"], "minimum": 1, "maximum": 5},
                "description": {"type": ["string", "null"]},
            },
        },
        "repeat": {
            "type": "object",
            "required": ["type", "stepOrder", "stepType", "numberOfIterations", "endCondition",
                         "endConditionValue", "workoutSteps", "childStepId"],
            "properties": {
                "type": {"const": "RepeatGroupDTO"},
                "stepOrder": {"type": "integer", "minimum": 1},
                "stepType": pair("stepTypeId", "stepTypeKey", [(6, "repeat")]),
                "numberOfIterations": {"type": "integer", "minimum": 1, "maximum": 99},
                "endCondition": pair("conditionTypeId", "conditionTypeKey", [(7, "iterations")]),
                "smartRepeat": {"const": False},
                "childStepId": {"type": "integer", "minimum": 1},
                "workoutSteps": {"type": "array", "minItems": 1,
                                 "items": {"$ref": "#/$defs/step"}},
            },
        },
    },
}
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
CEILING = 1609.344 / 2700  # a pace ceiling's open end: 45:00/mi


def valid(data: dict) -> dict:
    errors = sorted(VALIDATOR.iter_errors(data), key=str)
    assert not errors, errors[0]
    return data


def test_garmins_own_workout_passes_the_schema():
    sample = needs_shared("samples", "gc", "garminconnect-sample-workout.json")
    valid(json.loads(sample.read_text()))


def expected(items, out, group=None):
    """(stepOrder, childStepId, end condition, value, target) as the step list means them."""
    for item in items:
        if isinstance(item, Repeat):
            out.append(("repeat", item.count))
            expected(item.steps, out, True)
            continue
        d, t = item.duration, item.target
        end = (("time", d.seconds) if isinstance(d, Time) else
               ("distance", d.metres) if isinstance(d, Distance) else ("lap.button", None))
        target = (("pace.zone", round(t.high, 4), round(t.low if not t.ceiling else CEILING, 4))
                  if isinstance(t, Speed) else
                  ("heart.rate.zone", t.low, t.high) if isinstance(t, HeartRate) else
                  ("zone", t.zone) if isinstance(t, HeartRateZone) else ("no.target",))
        out.append((end, target))
    return out


def flatten(steps, out, orders):
    for step in steps:
        orders.append(step["stepOrder"])
        if step["type"] == "RepeatGroupDTO":
            assert step["endConditionValue"] == step["numberOfIterations"]
            assert all(s["childStepId"] == step["childStepId"] for s in step["workoutSteps"]
                       if s["type"] == "ExecutableStepDTO")
            out.append(("repeat", step["numberOfIterations"]))
            flatten(step["workoutSteps"], out, orders)
            continue
        end = (step["endCondition"]["conditionTypeKey"], step.get("endConditionValue"))
        key = step["targetType"]["workoutTargetTypeKey"]
        target = ((key, step["targetValueOne"], step["targetValueTwo"]) if key == "pace.zone" else
                  ("zone", step["zoneNumber"]) if "zoneNumber" in step else
                  (key, step["targetValueOne"], step["targetValueTwo"])
                  if key == "heart.rate.zone" else (key,))
        out.append((end, target))
    return out


@pytest.mark.parametrize("item", shipped_items(), ids=lambda i: i.stem.as_posix())
def test_every_shipped_workout_is_a_garmin_connect_workout_with_its_numbers(item, shipped_profile):
    workout = item.workout
    data = valid(json.loads(writer("gc").render(workout, Options(profile=shipped_profile)).data))
    assert data["workoutName"] == workout.name  # the full name, not the watch's 15 bytes
    assert data.get("description") == (workout.notes or None)
    orders = []
    assert flatten(data["workoutSegments"][0]["workoutSteps"], [], orders) == \
        expected(workout.steps, [])
    assert orders == list(range(1, len(orders) + 1))  # counting through the groups


def test_a_run_walk_in_garmin_connect_terms(profile):
    workout = compile_text("""
        name: Run/walk with targets
        steps:
          - warmup: 5min
          - ratio: 4:00/1:00
            repeat: 3
            run: 8:30/mi
          - run: 1km @ z2
            notes: Talk test
          - run: 10min @ no faster than recovery
          - cooldown: lap
        """, profile)
    steps = valid(json.loads(writer("gc").render(workout, Options(profile=profile)).data))[
        "workoutSegments"][0]["workoutSteps"]
    assert [s["stepType"]["stepTypeKey"] for s in steps] == [
        "warmup", "repeat", "interval", "interval", "cooldown"]
    group = steps[1]
    assert (group["numberOfIterations"], group["childStepId"], group["endConditionValue"]) == (3, 1, 3.0)
    run_step, walk = group["workoutSteps"]
    assert (run_step["stepOrder"], walk["stepOrder"], steps[2]["stepOrder"]) == (3, 4, 5)
    assert walk["stepType"] == {"stepTypeId": 4, "stepTypeKey": "recovery"}
    # 8:30/mi +/- 10 s/km: the faster end (higher m/s) first, as Garmin keeps it
    assert run_step["targetValueOne"] > run_step["targetValueTwo"]
    assert 1609.344 / run_step["targetValueOne"] == pytest.approx(510 - 16.1, abs=0.2)
    assert steps[2]["zoneNumber"] == 2 and steps[2]["description"] == "Talk test"
    assert steps[2]["endCondition"]["conditionTypeKey"] == "distance" and steps[2]["endConditionValue"] == 1000
    ceiling = steps[3]
    assert 1609.344 / ceiling["targetValueOne"] == pytest.approx(714, abs=0.5)  # recovery 11:54/mi
    assert 1609.344 / ceiling["targetValueTwo"] == pytest.approx(2700, abs=3)  # open: 45:00/mi
    assert steps[4]["endCondition"] == {"conditionTypeId": 1, "conditionTypeKey": "lap.button"}


def test_a_workout_named_like_the_packs_manifest_cannot_clobber_it(tmp_path):
    (tmp_path / "manifest.yaml").write_text("name: M\nsteps:\n  - run: 1min\n")
    result = run("build", tmp_path, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "manifest.json would take the place of the pack's own file" in result.output
    assert not (tmp_path / "out").exists()
    # index.yaml is fine: its files are index.fit, index.json... beside index.html
    (tmp_path / "manifest.yaml").rename(tmp_path / "index.yaml")
    assert run("build", tmp_path, "-o", tmp_path / "out").exit_code == 0
    assert json.loads((tmp_path / "out" / "index.json").read_text())["workoutName"] == "M"
    assert (tmp_path / "out" / "index.html").read_text().startswith("<!DOCTYPE html>")


NESTED = """
name: Nested
steps:
  - warmup: 5min
  - repeat: 3
    steps:
      - repeat: 2
        steps:
          - run: 1:00 @ 8:30/mi
          - walk: 1:00
      - walk: 3:00
  - cooldown: 5min
"""


def test_a_repeat_inside_a_repeat_stays_a_group_inside_a_group(profile):
    # Garmin Connect's editor makes them (drag a repeat into another) and its service
    # keeps them: nothing is written out, and the file reads back as it was written.
    workout = compile_text(NESTED, profile)
    rendered = writer("gc").render(workout, Options(profile=profile))
    assert rendered.warnings == ()
    steps = valid(json.loads(rendered.data))["workoutSegments"][0]["workoutSteps"]
    outer = steps[1]
    inner = outer["workoutSteps"][0]
    assert (outer["type"], outer["numberOfIterations"]) == ("RepeatGroupDTO", 3)
    assert (inner["type"], inner["numberOfIterations"]) == ("RepeatGroupDTO", 2)
    assert [s["stepOrder"] for s in (steps[0], outer, inner, *inner["workoutSteps"],
                                     outer["workoutSteps"][1], steps[2])] == list(range(1, 8))
    back = writer("gc").read(rendered.data, "n.json", profile)[0]
    assert [type(i).__name__ for i in back.steps] == ["Step", "Repeat", "Step"]
    assert back.steps[1].count == 3 and back.steps[1].steps[0].count == 2
    assert writer("gc").render(back, Options(profile=profile)).data == rendered.data

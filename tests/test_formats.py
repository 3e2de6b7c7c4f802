"""ZWO, TCX and intervals.icu text from the same step list, read back with real parsers."""

import re

import pytest
from lxml import etree

from conftest import SHARED, WORKOUTS, compile_text, needs_shared, shipped_items
from runwalk.workout import load_workout
from runwalk.writers import Options, writer

SHIPPED = shipped_items()
TCX_NS = {"t": "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"}
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"


@pytest.fixture(scope="module")
def tcx_schema():
    path = SHARED / "schemas" / "TrainingCenterDatabasev2.xsd"
    if not path.exists():
        return None
    return etree.XMLSchema(etree.parse(str(path)))


def check_tcx(data: bytes, schema):
    """Parse always; validate against Garmin's schema when ../shared is here."""
    root = etree.fromstring(data)
    if schema is not None:
        assert schema.validate(root), schema.error_log
    for step in root.iter("{%s}Step" % TCX_NS["t"], "{%s}Child" % TCX_NS["t"]):
        speed = step.find("t:Target/t:SpeedZone", TCX_NS)
        if speed is not None:
            low = float(speed.findtext("t:LowInMetersPerSecond", namespaces=TCX_NS))
            high = float(speed.findtext("t:HighInMetersPerSecond", namespaces=TCX_NS))
            assert 0 < low <= high
    return root


def render(fmt, workout, profile, **options):
    return writer(fmt).render(workout, Options(profile=profile, **options))


def test_the_schema_rejects_the_invalid_samples(tcx_schema):
    if tcx_schema is None:
        pytest.skip("../shared/schemas is absent: cannot check the validator against samples")
    samples = SHARED / "samples" / "xml"
    assert tcx_schema.validate(etree.parse(str(samples / "kaiord_WorkoutSpeedTargets.tcx")))
    assert not tcx_schema.validate(etree.parse(str(samples / "kaiord_WorkoutRepeatBlocks.tcx")))
    assert not tcx_schema.validate(etree.parse(str(samples / "dblock-tcx_simple_workout_1.tcx")))


@pytest.mark.parametrize("item", SHIPPED, ids=lambda i: i.stem.as_posix())
def test_every_shipped_workout_renders_in_every_format(item, shipped_profile, tcx_schema):
    workout = item.workout
    check_tcx(render("tcx", workout, shipped_profile).data, tcx_schema)
    zwo = etree.fromstring(render("zwo", workout, shipped_profile).data)
    assert zwo.findtext("sportType") == "run" and zwo.findtext("name") == workout.name
    # without it, a popular treadmill app reads a run's durations as metres
    assert zwo.findtext("durationType") == "time"
    assert len(zwo.find("workout")) > 0
    lines = render("icu", workout, shipped_profile).data.decode().splitlines()
    if workout.notes:  # free text first: nothing in it reads as a step or a repeat
        notes, lines = lines[:lines.index("")], lines[lines.index("") + 1:]
        assert notes and not any(n.startswith("-") or re.search(r"\d\s*x$", n) for n in notes)
    assert all(line.startswith("- ") or re.fullmatch(r"\d+x", line) or line in ("", "Main Set")
               for line in lines)
    # after a repeat, the next step comes under a header of its own: a parser that does
    # not end a repeat at the blank line still counts every step right
    for before, blank, after in zip(lines, lines[1:], lines[2:]):
        if before.startswith("- ") and blank == "" and after:
            assert not after.startswith("- "), lines


def test_beginner_week_1_in_zwift(shipped_profile):
    workout = load_workout(WORKOUTS / "beginner" / "week1.yaml", shipped_profile)
    steps = list(etree.fromstring(render("zwo", workout, shipped_profile).data).find("workout"))
    assert [(s.tag, s.get("Duration") or s.get("Repeat")) for s in steps] == [
        ("Warmup", "300"), ("IntervalsT", "6"), ("Cooldown", "300")]
    interval = steps[1]
    assert (interval.get("OnDuration"), interval.get("OffDuration")) == ("60", "120")
    assert float(interval.get("OnPower")) > float(interval.get("OffPower")) > 0
    # Every cycle has its events (offsets count from the start of the block), each with
    # the pace it runs at and the treadmill speed: easy 11:24-11:54/mi, aimed at 11:39/mi
    # = 5.2 mph; walks at a brisk 15:00/mi = 4.0 mph. Without a pace target, the pace it
    # is written at stands in brackets ("@ PACE" is a target the watch holds you to).
    events = [(int(t.get("timeoffset")), t.get("message")) for t in interval.findall("textevent")]
    assert len(events) == 12
    assert [offset for offset, _ in events] == [0, 60, 180, 240, 360, 420, 540, 600, 720, 780,
                                                900, 960]
    assert events[:2] == [(0, "Run 1:00 (11:39/mi) | treadmill 5.2 mph"),
                          (60, "Walk 2:00 (15:00/mi) | treadmill 4.0 mph")]
    description = etree.fromstring(render("zwo", workout, shipped_profile).data).findtext("description")
    assert description.endswith("Set your 5K time in Zwift to 26:34 (the profile's 5K pace) so "
                                "that Zwift's speeds match the paces in this workout.")


def test_zwift_power_is_the_fraction_of_the_5k_pace(profile):
    workout = compile_text("name: P\nsteps:\n  - run: 5min @ 5k\n  - run: 5min @ 8:30/mi\n", profile)
    steps = list(etree.fromstring(render("zwo", workout, profile).data).find("workout"))
    assert steps[0].get("pace") == "1"
    assert float(steps[0].get("Power")) == pytest.approx(1.0, abs=0.002)
    # 8:33/mi is the 5K pace of an 8:00 magic mile; 8:30/mi is a touch faster.
    assert float(steps[1].get("Power")) == pytest.approx(513 / 510, abs=0.002)
    assert steps[1].find("textevent").get("message") == "Run 5:00 @ 8:14-8:46/mi | treadmill 7.1 mph"


def test_beginner_week_1_in_tcx(shipped_profile, tcx_schema):
    workout = load_workout(WORKOUTS / "beginner" / "week1.yaml", shipped_profile)
    root = check_tcx(render("tcx", workout, shipped_profile).data, tcx_schema)
    steps = root.findall("t:Workouts/t:Workout/t:Step", TCX_NS)
    assert [s.get(XSI_TYPE) for s in steps] == ["Step_t", "Repeat_t", "Step_t"]
    assert steps[1].findtext("t:Repetitions", namespaces=TCX_NS) == "6"
    children = steps[1].findall("t:Child", TCX_NS)
    assert [c.findtext("t:Intensity", namespaces=TCX_NS) for c in children] == ["Active", "Resting"]
    assert [c.findtext("t:Duration/t:Seconds", namespaces=TCX_NS) for c in children] == ["60", "120"]


def test_icu_text_for_a_run_walk(profile):
    workout = compile_text("""
        name: I
        steps:
          - warmup: 5min
          - ratio: 4:00/0:30
            repeat: 6
            run: 8:30-8:45/mi
          - run: 2km @ z2
          - run: 1:30 @ 130-145bpm
          - cooldown: lap
        """, profile)
    # warm-up: a brisk walk (15:00/mi), no ramp (a ramp starts at 80 % of the step's
    # speed but never slower than the walk pace) and no alert; z2 as %
    # of max HR (intervals.icu's own Z2 would differ); 2km stays km in a mi profile; a
    # lap step has a nominal duration.
    assert render("icu", workout, profile).data.decode() == (
        "- Warm up 5m\n\n6x\n- Run 4m 8:45-8:30/mi Pace\n- Walk 30s\n\nMain Set\n"
        "- Run 2km 60-70% HR\n- Run 1m30 72-81% HR\n- Cool down 5m press lap\n")


ODD = 'Tom & Jerry\'s <fast> "run" 🏃 Café'


def test_odd_names_are_escaped_and_read_back(profile, tcx_schema):
    import json
    notes = json.dumps('a < b & c > "d"')
    workout = compile_text(f"name: {json.dumps(ODD, ensure_ascii=False)}\nnotes: {notes}\n"
                           "steps:\n  - run: 1min\n    name: '<R&D>'\n", profile)
    zwo = etree.fromstring(render("zwo", workout, profile).data)
    assert zwo.findtext("name") == ODD
    assert zwo.findtext("description").startswith('a < b & c > "d"\n')
    rendered = render("tcx", workout, profile)
    tcx = check_tcx(rendered.data, tcx_schema)
    assert tcx.findtext("t:Workouts/t:Workout/t:Name", namespaces=TCX_NS) == ODD[:15].rstrip()
    assert tcx.findtext(".//t:Step/t:Name", namespaces=TCX_NS) == "<R&D>"
    assert any("cut to" in w for w in rendered.warnings)


def test_more_than_20_tcx_steps_become_parts_with_unique_names(profile, tcx_schema):
    text = "name: Ladder\nsteps:\n" + "".join(f"  - run: {i + 1}min\n  - walk: 1min\n" for i in range(12))
    workout = compile_text(text, profile)
    rendered = render("tcx", workout, profile)
    root = check_tcx(rendered.data, tcx_schema)
    names = [n.text for n in root.findall("t:Workouts/t:Workout/t:Name", TCX_NS)]
    assert names == ["Ladder 1/2", "Ladder 2/2"]
    assert sum(len(w.findall("t:Step", TCX_NS)) for w in root.findall("t:Workouts/t:Workout", TCX_NS)) == 24
    assert any("more than 20 steps" in w for w in rendered.warnings)


def test_repeat_of_one_and_nested_repeats_are_lossy_with_a_warning(profile, tcx_schema):
    workout = compile_text("""
        name: N
        steps:
          - repeat: 1
            steps:
              - run: 1min
          - repeat: 2
            steps:
              - run: 1min
              - repeat: 3
                steps:
                  - run: 10s
                  - walk: 20s
        """, profile)
    tcx = render("tcx", workout, profile)
    check_tcx(tcx.data, tcx_schema)
    assert any("repeat of 1" in w for w in tcx.warnings)
    icu = render("icu", workout, profile)
    assert any("nested repeats" in w for w in icu.warnings)
    assert icu.data.decode().count("- Run 10s") == 3
    zwo = render("zwo", workout, profile)
    assert any("nested repeats" in w for w in zwo.warnings)
    assert "w.yaml:" in zwo.warnings[0] and ": N: ZWO:" in zwo.warnings[0]


def test_heart_rate_and_lap_in_zwift_are_lossy(profile):
    workout = compile_text("name: H\nsteps:\n  - run: 10min @ z2\n  - cooldown: lap\n", profile)
    warnings = render("zwo", workout, profile).warnings
    assert any("heart-rate" in w for w in warnings) and any("lap step" in w for w in warnings)


@pytest.mark.parametrize("name", ["WorkoutIndividualSteps.fit", "WorkoutCustomTargetValues.fit",
                                  "WorkoutRepeatSteps.fit", "WorkoutRepeatGreaterThanStep.fit",
                                  "TrainingPeaks_SAP_2025-12-20.fit", "txt2fit_sweetspot_3x10.fit",
                                  "txt2fit_cadence_pyramid.fit", "csharpsdk_bike_workout_test.fit"])
def test_a_workout_read_from_any_foreign_fit_goes_through_every_writer(name, profile, tcx_schema):
    from runwalk.writers.fit import read_fits
    from runwalk.writers import WRITERS
    from conftest import decode_fit
    path = needs_shared("samples", "fit", name)
    for workout in read_fits(path):
        rendered = {fmt: render(fmt, workout, profile) for fmt in WRITERS}
        decode_fit(rendered["fit"].data)
        check_tcx(rendered["tcx"].data, tcx_schema)
        etree.fromstring(rendered["zwo"].data)
        # power, cadence and foreign durations are reported losses, never silent
        kinds = {w.kind for r in rendered.values() for w in r.warnings}
        if name.startswith("Workout") and name != "WorkoutIndividualSteps.fit":
            assert kinds, name


def test_tcx_plan_sessions_carry_their_date_and_the_file_its_author(shipped_profile, tcx_schema):
    from runwalk.plan import load_plan
    plan = load_plan(WORKOUTS / "plans" / "couch-to-5k.yaml", shipped_profile)
    session = plan.workouts[4]  # week 2, day 2
    data = render("tcx", session.workout, shipped_profile).data
    check_tcx(data, tcx_schema)
    root = etree.fromstring(data)
    ns = {"t": "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"}
    assert root.xpath("//t:Workout/t:ScheduledOn/text()", namespaces=ns) == [session.date.isoformat()]
    assert session.date.isoformat() == "2027-01-13"
    assert root.xpath("/t:TrainingCenterDatabase/t:Author/t:Name/text()", namespaces=ns) == ["runwalk"]


def test_icu_notes_are_free_text_that_reads_as_no_step(profile):
    workout = compile_text("""
        name: N
        notes: |-
          - not a step
          Strides 4x
          Relax.
        steps:
          - run: 400m
        """, profile)
    assert render("icu", workout, profile).data.decode() == (
        "not a step\nStrides 4 times\nRelax.\n\n- Run 400mtr\n")

"""Random workout files: every one compiles, and every format reads back what was meant."""

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from lxml import etree

from conftest import SHARED, compile_text, decode_fit, watch_steps
from runwalk.steps import Distance, HeartRate, HeartRateZone, Lap, Repeat, Speed, Time
from runwalk.writers import Options, writer

KINDS = ["warmup", "run", "walk", "recover", "cooldown", "rest"]
INTENSITY = {"warmup": "warmup", "run": "active", "walk": "recovery", "recover": "recovery",
             "cooldown": "cooldown", "rest": "rest"}

durations = st.one_of(
    st.integers(1, 7200).map(lambda s: f"{s}s"),
    st.integers(1, 90).map(lambda m: f"{m}min"),
    st.integers(1, 30).flatmap(lambda m: st.integers(0, 59).map(lambda s: f"{m}:{s:02d}")),
    st.integers(50, 42000).map(lambda m: f"{m}m"),
    st.sampled_from(["1mi", "2.5km", "lap", "marathon"]),
)
targets = st.one_of(
    st.just(""),
    st.sampled_from([" @ easy", " @ marathon", " @ z2", " @ z5", " @ 130-150bpm",
                     " @ no faster than recovery", " @ 5:10-5:25/km"]),
    st.integers(240, 900).map(lambda s: f" @ {s // 60}:{s % 60:02d}/mi"),
)
steps = st.builds(lambda k, d, t: f"{k}: {d}{t}", st.sampled_from(KINDS), durations, targets)
ratios = st.builds(lambda r, w, n, t: {"ratio": f"{r}s/{w}s", "repeat": n, "run": t},
                   st.integers(5, 600), st.integers(5, 300), st.integers(1, 40),
                   st.sampled_from(["", "easy", "8:30/mi", "no faster than recovery", "z2"]))


@st.composite
def items(draw, depth=0):
    if depth < 3 and draw(st.booleans()):
        body = draw(st.lists(items(depth + 1), min_size=1, max_size=3))
        return {"repeat": draw(st.integers(1, 12)), "steps": body}
    if draw(st.integers(0, 5)) == 0:  # ratio shorthand, at any depth
        return draw(ratios)
    return draw(steps)


def to_yaml(entries, indent=2):
    lines = []
    for entry in entries:
        pad = " " * indent
        if isinstance(entry, dict) and "ratio" in entry:
            lines.append(f"{pad}- ratio: {entry['ratio']}")
            lines.append(f"{pad}  repeat: {entry['repeat']}")
            if entry["run"]:
                lines.append(f"{pad}  run: {entry['run']}")
        elif isinstance(entry, dict):
            lines.append(f"{pad}- repeat: {entry['repeat']}")
            lines.append(f"{pad}  steps:")
            lines.extend(to_yaml(entry["steps"], indent + 4))
        else:
            lines.append(f"{pad}- {entry}")
    return lines


workouts = st.lists(items(), min_size=1, max_size=6).map(
    lambda entries: "name: Random\nsteps:\n" + "\n".join(to_yaml(entries)) + "\n")


def expected(items_, out):
    """The watch steps the step list means, in FIT order."""
    for item in items_:
        if isinstance(item, Repeat):
            first = len(out)
            expected(item.steps, out)
            out.append(("repeat", first, item.count))
            continue
        d = item.duration
        duration = (("time", pytest.approx(d.seconds, abs=0.001)) if isinstance(d, Time) else
                    ("distance", pytest.approx(d.metres, abs=0.01)) if isinstance(d, Distance) else
                    ("lap",))
        t = item.target
        target = (("speed", pytest.approx(t.low, abs=0.001), pytest.approx(t.high, abs=0.001))
                  if isinstance(t, Speed) else ("bpm", t.low, t.high) if isinstance(t, HeartRate)
                  else ("hr_zone", t.zone) if isinstance(t, HeartRateZone) else None)
        assert not isinstance(d, Lap) or duration == ("lap",)
        out.append((item.label, INTENSITY[item.kind], duration, target))
    return out


SCHEMA = SHARED / "schemas" / "TrainingCenterDatabasev2.xsd"
_schema = etree.XMLSchema(etree.parse(str(SCHEMA))) if SCHEMA.exists() else None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(workouts)
def test_random_workouts_read_back_in_every_format(profile, text):
    from runwalk.errors import RunwalkError
    try:
        workout = compile_text(text, profile)
    except RunwalkError as exc:  # only the size limits may refuse a random workout
        assert any(limit in str(exc) for limit in ("at most 50", "at most 24 hours",
                                                   "nest more than", "fit any format")), exc
        return
    options = Options(profile=profile)
    from runwalk.steps import flat_count
    if flat_count(workout.steps) > 50:  # FIT's own limit: a clear error, other formats go on
        with pytest.raises(RunwalkError, match="at most 50"):
            writer("fit").render(workout, options)
    else:
        fit = writer("fit").render(workout, options)
        assert watch_steps(decode_fit(fit.data)) == expected(workout.steps, [])
    tcx = etree.fromstring(writer("tcx").render(workout, options).data)
    if _schema is not None:
        assert _schema.validate(tcx), _schema.error_log
    try:
        zwo = etree.fromstring(writer("zwo").render(workout, options).data)
        assert all(int(e.get("Duration") or e.get("OnDuration")) > 0 for e in zwo.find("workout"))
    except RunwalkError as exc:  # laps as 5 minutes and distances as time, past 24 hours
        assert "as a ZWO workout" in str(exc) and "24 hours" in str(exc)
    text_lines = writer("icu").render(workout, options).data.decode().splitlines()
    assert all(line.startswith("- ") or line[:-1].isdigit() and line.endswith("x")
               or line in ("", "Main Set") for line in text_lines)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(workouts)
def test_random_workouts_import_back_exactly(profile, text):
    """FIT and Garmin Connect JSON: build, import, build again: the same bytes."""
    from runwalk.errors import RunwalkError
    from runwalk.importing import workout_yaml
    from runwalk.steps import flat_count
    try:
        workout = compile_text(text, profile)
    except RunwalkError:
        return
    if flat_count(workout.steps) > 50:
        return
    options = Options(profile=profile)
    for fmt in ("fit", "gc"):
        module = writer(fmt)
        if fmt == "gc":
            from runwalk.lowering import lower
            from runwalk.writers import Losses
            if lower(workout, module.CAN, Losses("gc", workout)).too_many:
                continue  # nested repeats written out: more than Garmin Connect holds
        data = module.render(workout, options).data
        (read,) = module.read(data, f"w.{fmt}", profile)
        yaml_text = workout_yaml(read, profile, speed_resolution=module.CAN.speed_resolution)[0]
        again = compile_text(yaml_text, profile, "again.yaml")
        assert module.render(again, options).data == data, yaml_text

"""Shared test helpers: decode FIT with Garmin's own decoder and list what a watch sees."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest
from garmin_fit_sdk import Decoder, Stream

from runwalk.profile import load_profile, profile_from_data
from runwalk.workout import compile_workout
from runwalk.yamlfile import load_text

# Tests let a bug in runwalk fail loudly (the CLI's last line of defence is off), and
# skip the flush to disk that protects a build against a power cut (slow, and a
# killed process loses nothing without it).
os.environ["RUNWALK_DEBUG"] = "1"
os.environ["RUNWALK_FSYNC"] = "0"

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
WORKOUTS = ROOT / "workouts"


def needs_shared(*parts):
    """The path under ../shared, or skip the test saying why."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: reference files from ../shared are not beside this clone")
    return path


def decode_any_fit(data: bytes) -> dict:
    """Decode with garmin-fit-sdk: must be FIT, CRC valid, and read with no errors."""
    stream = Stream.from_byte_array(bytearray(data))
    decoder = Decoder(stream)
    assert decoder.is_fit()
    assert decoder.check_integrity(), "CRC does not hold"
    stream.reset()
    messages, errors = decoder.read()
    assert errors == []
    return messages


def field_base_types(data: bytes, global_number: int) -> dict:
    """field number -> base type byte, as the FIT file's own definition of message
    ``global_number`` declares it (read from the bytes, not from any encoder)."""
    offset, sizes, found = data[0], {}, {}
    end = offset + int.from_bytes(data[4:8], "little")
    while offset < end:
        header = data[offset]
        offset += 1
        if header & 0x80:  # compressed timestamp: a data message of a local type
            offset += sizes[(header >> 5) & 3]
        elif header & 0x40:  # a definition
            big = data[offset + 1] == 1
            number = int.from_bytes(data[offset + 2:offset + 4], "big" if big else "little")
            count = data[offset + 4]
            fields = [tuple(data[offset + 5 + 3 * i:offset + 8 + 3 * i]) for i in range(count)]
            offset += 5 + 3 * count
            size = sum(f[1] for f in fields)
            if header & 0x20:  # developer fields
                dev = data[offset]
                size += sum(data[offset + 2 + 3 * i] for i in range(dev))
                offset += 1 + 3 * dev
            sizes[header & 0x0F] = size
            if number == global_number:
                found = {f[0]: f[2] for f in fields}
        else:
            offset += sizes[header & 0x0F]
    return found


def decode_schedule(data: bytes) -> list:
    """A FIT schedules file's entries, decoded; each must point at a workout, and
    ``completed`` is the profile's bool (base type enum, 0x00), as Garmin writes it."""
    assert field_base_types(data, 28)[4] == 0x00  # schedule (28), completed (4)
    messages = decode_any_fit(data)
    assert messages["file_id_mesgs"][0]["type"] == "schedules"
    entries = messages.get("schedule_mesgs", [])
    assert entries and all(e["type"] == "workout" and not e["completed"] for e in entries)
    return entries


def decode_fit(data: bytes) -> dict:
    """A FIT workout decoded with garmin-fit-sdk, its steps numbered as a watch needs."""
    messages = decode_any_fit(data)
    assert messages["file_id_mesgs"][0]["type"] == "workout"
    steps = messages["workout_step_mesgs"]
    assert messages["workout_mesgs"][0]["num_valid_steps"] == len(steps)
    assert [s["message_index"] for s in steps] == list(range(len(steps)))
    return messages


def watch_steps(messages: dict) -> list:
    """Each decoded step as a watch shows it: (name, intensity, duration, target)."""
    out = []
    for s in messages["workout_step_mesgs"]:
        if s["duration_type"] == "repeat_until_steps_cmplt":
            out.append(("repeat", s["duration_step"], s["repeat_steps"]))
            continue
        duration = {"time": lambda: ("time", s["duration_time"]),
                    "distance": lambda: ("distance", s["duration_distance"]),
                    "open": lambda: ("lap",)}[s["duration_type"]]()
        target = None
        if s.get("target_type") == "speed":
            target = ("speed", s["custom_target_speed_low"], s["custom_target_speed_high"])
        elif s.get("target_type") == "heart_rate":
            if s["target_value"]:
                target = ("hr_zone", s["target_value"])
            else:
                target = ("bpm", s["custom_target_value_low"] - 100,
                          s["custom_target_value_high"] - 100)
        out.append((s.get("wkt_step_name"), s["intensity"], duration, target))
    return out


PROFILE_TEXT = "units: mi\nmagic_mile: 8:00\nmax_hr: 180\n"


@pytest.fixture
def profile():
    return profile_from_data(load_text(PROFILE_TEXT, "profile.yaml"), "profile.yaml")


@pytest.fixture
def shipped_profile():
    return load_profile(WORKOUTS / "profile.yaml")


def compile_text(text: str, profile, file: str = "w.yaml"):
    return compile_workout(load_text(textwrap.dedent(text), file), file, profile)


@pytest.fixture
def workout_from():
    """compile a workout written inline (dedented) with a given profile."""
    return compile_text


def shipped_items():
    """Every shipped workout and plan session, compiled with the shipped profile."""
    from runwalk.build import compile_sources, find_sources

    items, plans, errors = compile_sources(find_sources([WORKOUTS]),
                                           load_profile(WORKOUTS / "profile.yaml"))
    assert errors == []
    return items


_TCX_SCHEMA = []


def check_written_files(folder: Path) -> int:
    """Decode every FIT under ``folder`` with garmin-fit-sdk, validate every TCX against
    Garmin's schema (when ../shared is here) and decode every .workout with Google's
    protobuf parser; returns how many files were checked."""
    from lxml import etree

    if not _TCX_SCHEMA:
        xsd = SHARED / "schemas" / "TrainingCenterDatabasev2.xsd"
        _TCX_SCHEMA.append(etree.XMLSchema(etree.parse(str(xsd))) if xsd.exists() else None)
    checked = 0
    for path in sorted(folder.rglob("*.fit")):
        data = path.read_bytes()
        if decode_any_fit(data)["file_id_mesgs"][0]["type"] == "schedules":
            decode_schedule(data)
        else:
            decode_fit(data)
        checked += 1
    for path in sorted(folder.rglob("*.tcx")):
        root = etree.parse(str(path))
        if _TCX_SCHEMA[0] is not None:
            assert _TCX_SCHEMA[0].validate(root), (path, _TCX_SCHEMA[0].error_log)
        checked += 1
    from workout_decoder import decode
    for path in sorted(folder.rglob("*.workout")):
        decode(path.read_bytes())
        checked += 1
    return checked


@pytest.fixture(autouse=True)
def every_written_file_reads_back(request):
    """After each test that used tmp_path: every FIT, TCX and .workout it wrote there reads
    back (tests whose tmp_path holds other tools' files are marked ``foreign_files``)."""
    folder = None
    if "tmp_path" in request.fixturenames and not request.node.get_closest_marker("foreign_files"):
        folder = request.getfixturevalue("tmp_path")
    yield
    if folder is not None:
        check_written_files(folder)


def run(*args, env=None, input=None):
    """The CLI as a runner calls it; any exception but a clean exit fails the test."""
    from click.testing import CliRunner

    from runwalk.cli import main

    result = CliRunner().invoke(main, [str(a) for a in args], env=env, input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result

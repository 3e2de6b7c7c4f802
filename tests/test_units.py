import pytest
from hypothesis import given, strategies as st

from runwalk.units import (format_clock, format_pace, parse_distance, parse_pace, parse_time,
                           pace_to_speed)
from runwalk.yamlfile import load_text


@pytest.mark.parametrize("text, seconds", [
    ("90s", 90), ("5min", 300), ("1:30", 90), ("1h05", 3900), ("1h", 3600),
    ("1:05:00", 3900), ("0:30", 30), ("45min", 2700), ("2 min", 120), ("1h30m", 5400),
])
def test_times(text, seconds):
    assert parse_time(text) == seconds


@pytest.mark.parametrize("text, metres", [
    ("400m", 400), ("2km", 2000), ("1mi", 1609.344), ("0.5mi", 804.672),
    ("marathon", 42195), ("half", 21097.5), ("5k", 5000),
])
def test_distances(text, metres):
    assert parse_distance(text) == pytest.approx(metres)


@pytest.mark.parametrize("text", ["4:00", "'4:00'", '"4:00"', "1:30", "'1:30'"])
def test_yaml_sexagesimal_reads_the_same_quoted_or_not(text):
    value = load_text(f"run: {text}", "x.yaml")["run"]
    assert parse_time(value) == parse_time(text.strip("'\""))


def test_pace_8_30_per_mile_is_3_156_metres_per_second():
    slow, fast = parse_pace("8:30/mi")
    assert slow == fast == pytest.approx(3.156, abs=0.001)


def test_pace_range_is_slower_first():
    slow, fast = parse_pace("5:10-5:25/km")
    assert slow == pytest.approx(1000 / 325) and fast == pytest.approx(1000 / 310)


@pytest.mark.parametrize("text, reason", [
    ("5:25-5:10/km", "upside down"), ("8:30", "unit"), ("0:30/mi", "not a pace a person"),
    ("8:75/mi", "minutes:seconds"), ("fast/km", "minutes:seconds"),
])
def test_bad_paces(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_pace(text)


@given(st.integers(min_value=0, max_value=20 * 3600))
def test_clock_round_trips(seconds):
    assert parse_time(format_clock(seconds)) == seconds


@given(st.integers(min_value=180, max_value=1800), st.sampled_from(["mi", "km"]))
def test_pace_round_trips(seconds, unit):
    text = format_pace(pace_to_speed(seconds, unit), unit)
    slow, fast = parse_pace(text)
    assert slow == pytest.approx(pace_to_speed(seconds, unit))

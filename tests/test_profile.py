import pytest

from runwalk.errors import RunwalkError
from runwalk.profile import profile_from_data
from runwalk.units import format_pace
from runwalk.yamlfile import load_text


def paces(text, units="mi"):
    profile = profile_from_data(load_text(text, "p.yaml"), "p.yaml")
    return {name: (format_pace(low, units, False), format_pace(high, units, False))
            for name, (low, high) in profile.paces.items()}, profile


def test_magic_mile_8_00_derives_the_worked_paces():
    table, _ = paces("magic_mile: 8:00")
    assert table["marathon"] == ("10:24", "10:24")
    assert table["half"] == ("9:36", "9:36")
    assert table["5k"] == ("8:33", "8:33")
    assert table["10k"] == ("9:12", "9:12")
    assert table["10mi"] == ("9:24", "9:24")
    assert table["long"] == ("12:24", "12:24")
    assert table["easy"] == ("11:54", "11:24")
    assert table["recovery"] == ("11:54", "11:54")  # never faster than easy (half + 2:00 is)
    assert table["mile_repeats"] == ("9:54", "9:54")
    assert table["walk"] == ("15:00", "15:00")  # a brisk walk


def test_race_10k_in_52_30_gives_marathon_9_33():
    table, _ = paces("race: {distance: 10k, time: 52:30}")
    assert table["10k"][0] == "8:27"
    assert table["mile"][0] == "7:21"
    assert table["marathon"][0] == "9:33"


def test_explicit_paces_win_and_age_gives_max_hr():
    table, profile = paces("magic_mile: 8:00\nage: 40\npaces:\n  easy: 11:00-11:30/mi\n")
    assert table["easy"] == ("11:30", "11:00")
    assert table["marathon"] == ("10:24", "10:24")
    assert profile.max_hr == 180
    assert profile.hr_zone(2) == (108, 126)


@pytest.mark.parametrize("text, message, line", [
    ("units: mi\nmagic_mlie: 8:00\n", "did you mean 'magic_mile'", 2),
    ("units: yards\n", "units must be mi or km", 1),
    ("paces:\n  esay: 10:00/mi\n", "did you mean 'easy'", 2),
    ("paces:\n  easy: 10:30-10:00/mi\n", "upside down", 2),
    ("magic_mile: fast\n", "not a time", 1),
    ("max_hr: 400\n", "max_hr must be", 1),
])
def test_bad_profiles(text, message, line):
    with pytest.raises(RunwalkError, match=message) as info:
        profile_from_data(load_text(text, "p.yaml"), "p.yaml")
    assert info.value.line == line and info.value.file == "p.yaml"

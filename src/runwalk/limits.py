"""What each output format and device can hold, as one table used by check and writers."""

from __future__ import annotations

LIMITS = {
    "fit": {
        "steps": 50,            # Garmin Connect keeps at most 50 step messages (repeats count)
        "name_bytes": 15,       # older watches show 15 bytes of the workout name
        "step_name_bytes": 15,
        "notes_bytes": 49,
        "repeat_max": 99,
    },
    "tcx": {
        "steps": 20,            # StepId 1..20, repeats counted
        "name_chars": 15,
        "repeat_min": 2,
        "repeat_max": 99,
        "seconds_max": 65535,
        "metres_max": 65535,
    },
    "zwo": {
        "nested_repeats": False,
    },
    "icu": {
        "nested_repeats": False,
    },
    "schedule": {
        "weeks": 4,             # watches keep about 4 weeks of scheduled workouts
        "sessions": 30,         # ... and about 30 of them
    },
    "gc": {
        "steps": 50,            # as FIT: Garmin Connect keeps at most 50 (repeat groups count)
    },
}

# Sanity bounds on what a workout file may ask for, whatever the format.
MAX_STEP_SECONDS = 12 * 3600
MAX_STEP_METRES = 200_000
MAX_REPEAT = 99
MAX_DEPTH = 5  # repeats inside repeats
MAX_UNROLLED_STEPS = 10_000  # steps once every repeat is written out
MAX_WORKOUT_SECONDS = 24 * 3600
MAX_PLAN_WEEKS = 99  # session files are named w01d1..w99d7, sorting in plan order
# Dates every output can carry: FIT counts seconds from 1989-12-31 in 32 bits, zip
# dates run 1980-2107, and calendars are read by people.
FIRST_DATE = "1990-01-01"
LAST_DATE = "2099-12-31"
WATCH_WORKOUTS = 30  # workouts an older watch holds at once

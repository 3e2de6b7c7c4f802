"""The bounds that belong to no format: what any watch runs (the step list's types check
them) and what a build takes. Each format's own limits are in its ``Can`` row."""

from __future__ import annotations

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

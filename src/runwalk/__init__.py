"""runwalk: run/walk workouts as small YAML files, built into watch workouts."""

__version__ = "0.1.0"

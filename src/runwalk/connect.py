"""Garmin Connect: workouts into its library and plan sessions onto its calendar.

Built on python-garminconnect (the optional extra ``runwalk[connect]``; it needs Python
3.12 or later). Only this module touches it, through ``Connect``: the handful of calls
runwalk makes, each failure turned into one line (too many requests, an expired or
refused login, no network). What runwalk put there is recorded in the user's config
folder (``connect.json``: workout and calendar ids by workout identity), so pushing
again updates those workouts instead of adding copies, and ``remove`` takes off exactly
what runwalk added.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from .errors import RunwalkError

RECORDS = "connect.json"
TOKENS = "garmin-tokens"


def config_folder(chosen: str | None = None) -> Path:
    """Where runwalk keeps Garmin Connect's tokens and its records of what it pushed:
    ``chosen`` (``runwalk connect --config``, or RUNWALK_CONFIG), else the platform's
    config folder."""
    if chosen:
        return Path(chosen)
    if sys.platform == "win32" and os.environ.get("APPDATA"):
        return Path(os.environ["APPDATA"]) / "runwalk"
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "runwalk"


def _library():
    """python-garminconnect, or one line saying how to get it."""
    try:
        import garminconnect
    except ImportError:
        need = ("" if sys.version_info >= (3, 12) else
                f"; it needs Python 3.12 or later, and this is {sys.version_info.major}."
                f"{sys.version_info.minor}: use a newer Python for 'runwalk connect'")
        raise RunwalkError("runwalk connect needs python-garminconnect: "
                           f"pip install 'runwalk[connect]'{need}") from None
    return garminconnect


def garmin_client(email=None, password=None, prompt_mfa=None, folder: Path | None = None):
    """A python-garminconnect ``Garmin``, logged in from the saved tokens (or, given an
    email and password, logging in and saving new ones). Tests replace this function."""
    library = _library()
    tokens = (folder or config_folder()) / TOKENS
    garmin = library.Garmin(email, password, prompt_mfa=prompt_mfa) if email else library.Garmin()
    if not email and not tokens.exists():
        raise RunwalkError("not logged in to Garmin Connect: run 'runwalk connect login' first")
    tokens.parent.mkdir(parents=True, exist_ok=True)
    try:
        garmin.login(tokenstore=str(tokens))
    except Exception as exc:
        raise RunwalkError(_explain("logging in", exc)) from None
    return garmin


def _explain(what: str, exc: Exception) -> str:
    """One line for a failure of python-garminconnect (told apart by its classes' names,
    so this module loads without the library)."""
    names = {cls.__name__ for cls in type(exc).__mro__}
    if "GarminConnectTooManyRequestsError" in names:
        return (f"Garmin Connect says too many requests (HTTP 429) while {what}: wait a while "
                "(an hour is safe) and run the same command again; runwalk does not retry")
    if "GarminConnectAuthenticationError" in names:
        return (f"Garmin Connect refused the login while {what} (saved tokens expire, and a "
                "wrong password or MFA code is refused): run 'runwalk connect login'")
    if "GarminConnectConnectionError" in names or isinstance(exc, OSError):
        return f"could not talk to Garmin Connect while {what}: {exc}"
    raise exc


class Connect:
    """The calls runwalk makes to Garmin Connect, each failure one clear line."""

    def __init__(self, garmin):
        self.garmin = garmin

    def _call(self, what: str, method: str, *args):
        try:
            return getattr(self.garmin, method)(*args)
        except RunwalkError:
            raise
        except Exception as exc:
            raise RunwalkError(_explain(what, exc)) from None

    def workouts(self) -> dict:
        """workoutId -> workoutName of the account's own workouts."""
        found = self._call("listing workouts", "get_workouts", 0, 1000) or []
        return {w["workoutId"]: w.get("workoutName") for w in found if "workoutId" in w}

    def upload(self, payload: dict, name: str) -> int:
        answer = self._call(f"uploading '{name}'", "upload_workout", payload)
        return answer["workoutId"]

    def update(self, workout_id: int, payload: dict, name: str) -> None:
        self._call(f"updating '{name}'", "update_workout", workout_id, payload)

    def delete(self, workout_id: int, name: str) -> None:
        self._call(f"deleting '{name}'", "delete_workout", workout_id)

    def schedule(self, workout_id: int, date: str, name: str):
        answer = self._call(f"scheduling '{name}' on {date}", "schedule_workout", workout_id, date)
        for key in ("workoutScheduleId", "scheduleId", "id"):
            if isinstance(answer, dict) and answer.get(key) is not None:
                return answer[key]
        return None

    def unschedule(self, schedule_id, name: str) -> None:
        self._call(f"taking '{name}' off the calendar", "unschedule_workout", schedule_id)


def load_records(folder: Path | None = None) -> dict:
    path = (folder or config_folder()) / RECORDS
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"workouts": {}, "schedules": {}}
    except (OSError, ValueError) as exc:
        raise RunwalkError(f"cannot read runwalk's records of Garmin Connect: {exc}", str(path)) \
            from None
    data.setdefault("workouts", {})
    data.setdefault("schedules", {})
    return data


def save_records(records: dict, folder: Path | None = None) -> None:
    from .publish import write_atomic

    path = (folder or config_folder()) / RECORDS
    write_atomic(path, (json.dumps(records, indent=1, sort_keys=True) + "\n").encode())


def push(workouts, connect: Connect, records: dict, dry_run: bool = False):
    """Put each workout in the library (updated when runwalk made it before, or one of
    that name is there) and, when it has a date, on the calendar that day. Yields one
    line per change as it is made (``records`` kept up to date, so a push cut short by
    an error can be saved and run again); with ``dry_run`` nothing is sent and the lines
    say what would be."""
    from .writers.gc import workout_json

    would = "would " if dry_run else ""
    existing = connect.workouts()
    by_name = {name: workout_id for workout_id, name in existing.items()}
    for workout in workouts:
        key = workout.identity or workout.name
        payload = workout_json(workout)
        record = records["workouts"].get(key)
        workout_id = record["id"] if record and record["id"] in existing else by_name.get(workout.name)
        if workout_id is None:
            if not dry_run:
                workout_id = connect.upload(payload, workout.name)
            yield f"{would}upload '{workout.name}'"
        else:
            if not dry_run:
                connect.update(workout_id, payload, workout.name)
            yield f"{would}update '{workout.name}' (Garmin Connect workout {workout_id})"
        if not dry_run:
            records["workouts"][key] = {"id": workout_id, "name": workout.name}
        if workout.date is None:
            continue
        date = workout.date.isoformat()
        scheduled = records["schedules"].get(key)
        if scheduled and scheduled["date"] == date and scheduled.get("workout") == workout_id:
            continue
        if scheduled and scheduled.get("id") is not None:
            if not dry_run:
                connect.unschedule(scheduled["id"], workout.name)
                records["schedules"].pop(key)
            yield f"{would}take '{workout.name}' off {scheduled['date']}"
        if not dry_run:
            records["schedules"][key] = {"id": connect.schedule(workout_id, date, workout.name),
                                         "date": date, "workout": workout_id}
        yield f"{would}schedule '{workout.name}' on {date}"


def remove(prefix: str, connect: Connect, records: dict, dry_run: bool = False):
    """Take off Garmin Connect what runwalk put there for workouts whose identity starts
    with ``prefix`` (a plan's path): their calendar entries, then the workouts. Yields
    one line per change, as ``push`` does."""
    would = "would " if dry_run else ""
    keys = sorted(k for k in records["workouts"] if k == prefix or k.startswith(prefix + "/"))
    for key in keys:
        record = records["workouts"][key]
        scheduled = records["schedules"].get(key)
        if scheduled and scheduled.get("id") is not None:
            if not dry_run:
                connect.unschedule(scheduled["id"], record["name"])
                records["schedules"].pop(key)
            yield f"{would}take '{record['name']}' off {scheduled['date']}"
        if not dry_run:
            connect.delete(record["id"], record["name"])
            records["workouts"].pop(key)
        yield f"{would}delete '{record['name']}' (Garmin Connect workout {record['id']})"

"""runwalk connect against a fake python-garminconnect client (no network, no library):
the exact JSON sent, idempotent pushes, the dry run, removal and every error path."""

import json

import pytest

from conftest import WORKOUTS, run
from runwalk.writers.gc import workout_json


class GarminConnectTooManyRequestsError(Exception):
    """Named as python-garminconnect names it: runwalk tells failures apart by name."""


class GarminConnectAuthenticationError(Exception):
    pass


class FakeGarmin:
    """The calls of python-garminconnect's Garmin that runwalk makes, kept in memory."""

    def __init__(self):
        self.library, self.calendar, self.calls = {}, {}, []
        self.next_id = 1000
        self.fail = {}  # method -> (calls to let through, exception)

    def _log(self, method, *args):
        self.calls.append((method, *args))
        if method in self.fail:
            left, error = self.fail[method]
            if left == 0:
                raise error
            self.fail[method] = (left - 1, error)

    def get_workouts(self, start=0, limit=100):
        self._log("get_workouts", start, limit)
        return [{"workoutId": i, "workoutName": w["workoutName"]} for i, w in self.library.items()]

    def upload_workout(self, payload):
        self._log("upload_workout", payload)
        self.next_id += 1
        self.library[self.next_id] = json.loads(json.dumps(payload))
        return {"workoutId": self.next_id, "workoutName": payload["workoutName"]}

    def update_workout(self, workout_id, payload):
        self._log("update_workout", workout_id, payload)
        assert workout_id in self.library
        self.library[workout_id] = json.loads(json.dumps(payload))

    def delete_workout(self, workout_id):
        self._log("delete_workout", workout_id)
        del self.library[workout_id]

    def schedule_workout(self, workout_id, date):
        self._log("schedule_workout", workout_id, date)
        self.next_id += 1
        self.calendar[self.next_id] = (workout_id, date)
        return {"workoutScheduleId": self.next_id, "calendarDate": date}

    def unschedule_workout(self, schedule_id):
        self._log("unschedule_workout", schedule_id)
        del self.calendar[schedule_id]


MUTATING = {"upload_workout", "update_workout", "delete_workout", "schedule_workout",
            "unschedule_workout"}


@pytest.fixture
def garmin(monkeypatch, tmp_path):
    import runwalk.connect
    fake = FakeGarmin()
    logins = []

    def client(email=None, password=None, prompt_mfa=None, folder=None):
        logins.append((email, password, prompt_mfa))
        return fake

    monkeypatch.setattr(runwalk.connect, "garmin_client", client)
    monkeypatch.setenv("RUNWALK_CONFIG", str(tmp_path / "config"))
    fake.logins = logins
    return fake


def mutations(fake):
    return [c for c in fake.calls if c[0] in MUTATING]


def test_push_sends_exactly_the_garmin_connect_json(garmin, shipped_profile):
    from runwalk.workout import load_workout
    result = run("connect", "push", WORKOUTS / "beginner" / "week1.yaml")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "upload 'Beginner walk-run, week 1'"
    (method, payload), = mutations(garmin)
    workout = load_workout(WORKOUTS / "beginner" / "week1.yaml", shipped_profile)
    assert method == "upload_workout" and payload == workout_json(workout)


def test_pushing_again_updates_instead_of_duplicating(garmin):
    files = [WORKOUTS / "beginner" / f"week{n}.yaml" for n in (1, 2)]
    run("connect", "push", *files)
    first = dict(garmin.library)
    result = run("connect", "push", *files)
    assert result.exit_code == 0
    assert [c[0] for c in mutations(garmin)[2:]] == ["update_workout", "update_workout"]
    assert sorted(garmin.library) == sorted(first)  # the same two workouts, no copies
    assert "update 'Beginner walk-run, week 1' (Garmin Connect workout 1001)" in result.output


def test_a_workout_of_the_same_name_already_there_is_updated(garmin):
    garmin.library[77] = {"workoutName": "Beginner walk-run, week 1"}
    run("connect", "push", WORKOUTS / "beginner" / "week1.yaml")
    assert [c[:2] for c in mutations(garmin)] == [("update_workout", 77)]


def test_a_plan_week_goes_onto_the_calendar_and_follows_a_new_start(garmin):
    result = run("connect", "push", "--plan", "couch-to-5k", "--week", "1")
    assert result.exit_code == 0, result.output
    assert sorted(date for _, date in garmin.calendar.values()) == [
        "2027-01-04", "2027-01-06", "2027-01-09"]
    assert len(garmin.library) == 3
    names = sorted(w["workoutName"] for w in garmin.library.values())
    assert [n.split(":")[0] for n in names] == ["Couch to 5K W1D1", "Couch to 5K W1D2",
                                                "Couch to 5K W1D3"]  # the full names
    again = run("connect", "push", "--plan", "couch-to-5k", "--week", "1")
    assert "schedule" not in again.output and len(garmin.calendar) == 3  # nothing moved
    moved = run("connect", "push", "--plan", "couch-to-5k", "--week", "1", "--start", "2027-02-01")
    assert moved.output.count("take ") == 3 and len(garmin.library) == 3
    assert sorted(date for _, date in garmin.calendar.values()) == [
        "2027-02-01", "2027-02-03", "2027-02-06"]


def test_dry_run_sends_nothing(garmin, tmp_path):
    result = run("connect", "push", "--plan", "couch-to-5k", "--week", "2", "--dry-run")
    assert result.exit_code == 0
    assert result.output.count("would upload") == 3 and result.output.count("would schedule") == 3
    assert mutations(garmin) == [] and not (tmp_path / "config" / "connect.json").exists()


def test_remove_takes_off_what_runwalk_put_there(garmin):
    garmin.library[5] = {"workoutName": "Someone else's"}
    run("connect", "push", "--plan", "couch-to-5k", "--week", "1")
    dry = run("connect", "remove", "--plan", "couch-to-5k", "--dry-run")
    assert dry.output.count("would delete") == 3 and len(garmin.library) == 4
    result = run("connect", "remove", "--plan", "couch-to-5k")
    assert result.exit_code == 0 and result.output.count("delete") == 3
    assert garmin.library == {5: {"workoutName": "Someone else's"}} and garmin.calendar == {}
    assert "put nothing of plan 'couch-to-5k'" in run("connect", "remove", "--plan", "couch-to-5k").output


def test_too_many_requests_is_one_line_and_a_rerun_finishes_the_job(garmin):
    garmin.fail["upload_workout"] = (2, GarminConnectTooManyRequestsError("429"))
    files = [WORKOUTS / "beginner" / f"week{n}.yaml" for n in (1, 2, 3, 4)]
    result = run("connect", "push", *files)
    assert result.exit_code == 1
    assert result.output.splitlines()[-1].startswith(
        "error: Garmin Connect says too many requests (HTTP 429) while uploading 'Beginner "
        "walk-run, week 3'")
    assert "Traceback" not in result.output and len(garmin.library) == 2
    del garmin.fail["upload_workout"]
    assert run("connect", "push", *files).exit_code == 0
    assert len(garmin.library) == 4  # the first two updated, not uploaded twice


def test_an_expired_login_says_to_log_in_again(garmin):
    garmin.fail["get_workouts"] = (0, GarminConnectAuthenticationError("401"))
    result = run("connect", "push", WORKOUTS / "beginner" / "week1.yaml")
    assert result.exit_code == 1 and "run 'runwalk connect login'" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_login_passes_the_credentials_and_an_mfa_prompt(garmin):
    result = run("connect", "login", input="me@example.com\nsecret\n")
    assert result.exit_code == 0 and "tokens saved" in result.output
    email, password, prompt = garmin.logins[-1]
    assert (email, password) == ("me@example.com", "secret") and callable(prompt)


def test_without_the_library_connect_says_how_to_get_it(monkeypatch):
    import sys
    monkeypatch.setitem(sys.modules, "garminconnect", None)
    result = run("connect", "push", WORKOUTS / "beginner" / "week1.yaml")
    assert result.exit_code == 1 and "pip install 'runwalk[connect]'" in result.output


def test_the_calls_runwalk_makes_exist_in_the_real_library():
    """Where python-garminconnect is installed: its Garmin has every call runwalk makes,
    taking the arguments runwalk passes (the fake above mirrors these)."""
    import inspect
    library = pytest.importorskip("garminconnect", reason="python-garminconnect is not installed "
                                  "(the connect extra; Python 3.12+)")
    calls = {"get_workouts": 2, "upload_workout": 1, "update_workout": 2, "delete_workout": 1,
             "schedule_workout": 2, "unschedule_workout": 1, "login": 0}
    for name, count in calls.items():
        signature = inspect.signature(getattr(library.Garmin, name))
        positional = [p for p in signature.parameters.values()
                      if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.name != "self"]
        assert len(positional) >= count, (name, signature)
    assert "tokenstore" in inspect.signature(library.Garmin.login).parameters
    assert "prompt_mfa" in inspect.signature(library.Garmin).parameters
    from garminconnect import exceptions
    for name in ("GarminConnectTooManyRequestsError", "GarminConnectAuthenticationError",
                 "GarminConnectConnectionError"):
        assert hasattr(exceptions, name)

"""A build killed at any instant leaves out/ as before it or as after it, never a mix."""

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import WORKOUTS, run
from runwalk.build import Output
from runwalk.errors import RunwalkError
from runwalk.publish import JOURNAL, STAGING, publish, recover, settle

WORKOUT = """name: Session {n}
steps:
  - warmup: 5min
  - ratio: 1:00/1:00
    repeat: {repeat}
    run: easy
  - cooldown: 5min @ no faster than recovery
"""


def snapshot(folder: Path) -> dict:
    """Every file under ``folder`` (path -> bytes), hidden ones included."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def manifest_holds(folder: Path) -> None:
    files = json.loads((folder / "manifest.json").read_text())["files"]
    for entry in files:
        data = (folder / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["path"]


def outputs(*pairs):
    return [Output(Path(p), data, "txt") for p, data in pairs]


def test_a_journal_left_by_a_killed_build_is_rolled_forward(tmp_path):
    out = tmp_path / "out"
    (out / STAGING).mkdir(parents=True)
    (out / "a.txt").write_text("old a")
    (out / "b.txt").write_text("new b")  # renamed before the kill
    (out / STAGING / "000000").write_text("new a")
    (out / JOURNAL).write_text(json.dumps({"version": 1, "moves": [["000000", "a.txt"],
                                                                    ["000001", "b.txt"]]}))
    assert "finished" in recover(out)
    assert snapshot(out) == {"a.txt": b"new a", "b.txt": b"new b"}


def test_staged_files_without_a_journal_are_rolled_back(tmp_path):
    out = tmp_path / "out"
    (out / STAGING).mkdir(parents=True)
    (out / "a.txt").write_text("old a")
    (out / STAGING / "000000").write_text("new a")
    assert "removed" in recover(out)
    assert snapshot(out) == {"a.txt": b"old a"}


def test_files_runwalk_never_made_are_never_swept(tmp_path):
    # someone's editor left this in the folder an import writes into: not runwalk's
    home = tmp_path / "home"
    (home / "projects" / "thesis").mkdir(parents=True)
    theirs = home / "projects" / "thesis" / ".chapter1.tex.31337.tmp"
    theirs.write_text("unsaved work")
    (home / STAGING).mkdir()
    recover(home)
    assert theirs.read_text() == "unsaved work"


def test_a_staging_folder_that_is_a_link_is_never_followed(tmp_path):
    # a forged journal moving two files of another folder onto one name
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "000000").write_text("precious 1")
    (victim / "000001").write_text("precious 2")
    out = tmp_path / "out"
    out.mkdir()
    (out / STAGING).symlink_to(Path("..") / "victim")
    (out / JOURNAL).write_text(json.dumps({"version": 1, "moves": [["000000", "x"], ["000001", "x"]]}))
    assert "not runwalk's" in recover(out)
    assert snapshot(victim) == {"000000": b"precious 1", "000001": b"precious 2"}
    assert snapshot(out) == {} and not (out / STAGING).exists()


@pytest.mark.parametrize("moves", [
    [["000000", "x"], ["000001", "x"]],  # two files onto one name: one would be lost
    [["000000", "a"], ["000000", "b"]],  # one staged file twice
    [["000000", STAGING + "/000001"]],  # into the staging folder itself
])
def test_a_forged_journal_is_not_acted_on(tmp_path, moves):
    out = tmp_path / "out"
    (out / STAGING).mkdir(parents=True)
    (out / STAGING / "000000").write_text("one")
    (out / STAGING / "000001").write_text("two")
    (out / JOURNAL).write_text(json.dumps({"version": 1, "moves": moves}))
    assert "unreadable" in recover(out)
    assert snapshot(out) == {}


def test_a_journal_pointing_outside_is_not_followed(tmp_path):
    out = tmp_path / "out"
    (out / STAGING).mkdir(parents=True)
    (out / STAGING / "000000").write_text("evil")
    (out / JOURNAL).write_text(json.dumps({"version": 1, "moves": [["000000", "../escaped"]]}))
    assert "unreadable" in recover(out)
    assert not (tmp_path / "escaped").exists() and snapshot(out) == {}


def test_a_folder_in_the_way_is_found_before_anything_changes(tmp_path):
    out = tmp_path / "out"
    (out / "a.txt").mkdir(parents=True)
    (out / "keep.txt").write_text("keep")
    before = snapshot(out)
    with pytest.raises(RunwalkError, match="a folder of that name is in the way"):
        publish(out, outputs(("b.txt", b"b"), ("a.txt", b"a")))
    assert snapshot(out) == before and not (out / "b.txt").exists()


def test_a_file_where_a_folder_must_go_is_found_before_anything_changes(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "plans").write_text("a file")
    with pytest.raises(RunwalkError, match="a file of that name is in the way"):
        publish(out, outputs(("a.txt", b"a"), ("plans/c25k/w01d1.fit", b"x")))
    assert snapshot(out) == {"plans": b"a file"}


def test_publish_leaves_no_journal_or_staging(tmp_path):
    out = tmp_path / "out"
    written = publish(out, outputs(("x/a.txt", b"a"), ("manifest.json", b"{}")))
    assert [p.name for p in written] == ["a.txt", "manifest.json"]
    assert snapshot(out) == {"x/a.txt": b"a", "manifest.json": b"{}"}


def test_copy_onto_a_full_watch_says_what_was_and_was_not_copied(tmp_path, monkeypatch):
    import runwalk.publish as publish_module
    watch = tmp_path / "watch"
    (watch / "GARMIN").mkdir(parents=True)
    real, calls = publish_module._write_new, []

    def full_disk(path, data):
        calls.append(path)
        if len(calls) == 3:
            raise OSError(28, "No space left on device", str(path))
        real(path, data)

    files = [tmp_path / "built" / f"week{n}.fit" for n in range(1, 5)]
    run("build", *[WORKOUTS / "beginner" / f"week{n}.yaml" for n in range(1, 5)],
        "-o", files[0].parent, "--format", "fit")
    monkeypatch.setattr(publish_module, "_write_new", full_disk)
    result = run("copy", *files, "--to", watch)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert ("No space left on device; copied 2 of 4 (Beginner-W1.fit, Beginner-W2.fit); "
            "not copied: Beginner-W3.fit, Beginner-W4.fit") in result.output
    assert sorted(p.name for p in (watch / "GARMIN" / "NewFiles").iterdir()) == \
        ["Beginner-W1.fit", "Beginner-W2.fit"]


@pytest.fixture(scope="module")
def big_tree(tmp_path_factory):
    """A folder of 60 workouts and two profiles that give every file different bytes."""
    root = tmp_path_factory.mktemp("big")
    for n in range(60):
        folder = root / "workouts" / f"group{n % 6}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"session{n:03d}.yaml").write_text(WORKOUT.format(n=n, repeat=5 + n % 20))
    (root / "a.yaml").write_text("magic_mile: 8:00\nage: 40\n")
    (root / "b.yaml").write_text("magic_mile: 9:00\nage: 40\n")
    return root


def build_command(root: Path, out: Path, profile: str) -> list:
    return [sys.executable, "-m", "runwalk.cli", "build", str(root / "workouts"), "-o", str(out),
            "--profile", str(root / profile), "-q"]


def test_a_build_killed_at_any_point_leaves_the_old_pack_or_the_new_one(big_tree, tmp_path):
    env = dict(os.environ, RUNWALK_FSYNC="0", SOURCE_DATE_EPOCH="1704067200")
    old_out, new_out = tmp_path / "old", tmp_path / "new"
    subprocess.run(build_command(big_tree, old_out, "a.yaml"), check=True, env=env)
    subprocess.run(build_command(big_tree, new_out, "b.yaml"), check=True, env=env)
    old, new = snapshot(old_out), snapshot(new_out)
    assert set(old) == set(new) and all(old[p] != new[p] for p in old if p.endswith(".fit"))

    started = time.perf_counter()
    subprocess.run(build_command(big_tree, tmp_path / "timing", "b.yaml"), check=True, env=env)
    whole = time.perf_counter() - started
    # Kills spread over the whole build; kills timed from the moment it starts writing
    # (the staging folder appears), to land among the staged writes; and kills timed
    # from the moment it commits (the journal appears), to land among the renames.
    plans = [("time", whole * f) for f in (0.3, 0.6, 0.9)]
    plans += [(STAGING, delay) for delay in (0.0, 0.002)]
    plans += [(JOURNAL, delay) for delay in (0.0, 0.001, 0.003, 0.01)]
    outcomes, recoveries = [], []
    for kind, delay in plans:
        out = tmp_path / "out"
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(old_out, out)
        process = subprocess.Popen(build_command(big_tree, out, "b.yaml"), env=env)
        begun = time.perf_counter()
        if kind == "time":
            while process.poll() is None and time.perf_counter() - begun < delay:
                time.sleep(0.001)
        else:
            while process.poll() is None and not (out / kind).exists():
                time.sleep(0.0002)
            time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        done = settle(out)  # what the next runwalk command does first
        recoveries.append(done or "")
        after = snapshot(out)
        assert after in (old, new), f"a mix after a kill ({kind} {delay:.3f}s)"
        manifest_holds(out)
        outcomes.append(after == new)
    # Both ends were reached: kills before the commit were undone, kills among the
    # renames were finished (timed kills may land anywhere on a busy machine).
    staged, committed = recoveries[3:5], recoveries[5:]
    assert any("removed" in r for r in staged), recoveries
    assert any("finished" in r for r in committed), recoveries


def test_a_build_says_when_it_cleared_up_after_a_killed_one(tmp_path):
    out = tmp_path / "out"
    (out / STAGING).mkdir(parents=True)
    (out / STAGING / "000000").write_text("half a build")
    result = run("build", WORKOUTS / "beginner" / "week1.yaml", "-o", out, "--format", "fit")
    assert result.exit_code == 0
    assert f"note: {out}: removed the files of a build that was interrupted" in result.output
    assert not (out / STAGING).exists() and (out / "week1.fit").exists()

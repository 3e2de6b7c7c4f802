"""runwalk speed figures, printed as ratios measured in one run (not a test).

    python benchmarks/bench.py [--runs N] [--pace2fit PATH]

1. In-process cost per 20-step workout of each stage: load (YAML), compile, FIT encode.
2. ``runwalk --help`` as a whole process against ``python -c "import click"``
   (goal: within 1.5x).
3. One workout built to FIT as a whole process against pace2fit's CLI writing the same
   workout (goal: runwalk at most 0.7x its time). pace2fit is installed into its own
   virtual environment under the system temp folder the first time (``pip install
   pace2fit``), or taken from ``--pace2fit PATH``.

Whole-process figures are medians over interleaved runs, so a busy machine slows
both sides alike.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from runwalk.profile import load_profile  # noqa: E402
from runwalk.workout import compile_workout  # noqa: E402
from runwalk.yamlfile import load_file  # noqa: E402

TWENTY_STEPS = """\
name: Bench 20 steps
short_name: Bench 20
steps:
  - warmup: 10min
  - repeat: 4
    steps:
      - run: 400m @ 5k
      - walk: 1:30
      - run: 800m @ 10k
      - walk: 2:00
  - ratio: 4:00/0:30
    for: 30min
    run: marathon
    walk: 15:00-20:00/mi
  - repeat: 3
    steps:
      - run: 1mi @ half
      - walk: 1:00
      - run: 2min @ 130-150bpm
  - run: 10min @ no faster than recovery
  - run: lap @ z2
  - walk: 3:00
  - run: 5min @ easy
  - run: 2km @ 5:10-5:25/km
  - cooldown: 10min
"""
# The same beginner week 1 for both whole-process tools.
BEGINNER_YAML = """\
name: Beginner W1
steps:
  - warmup: 5min
  - repeat: 6
    steps:
      - run: 1:00 @ 10:00-10:30/mi
      - walk: 2:00
  - cooldown: 5min
"""
BEGINNER_PACE2FIT = "5min,6x(1min@6:13-6:31+2min),5min"  # the same paces per km


def per_call(fn, runs: int) -> float:
    fn()
    start = time.perf_counter()
    for _ in range(runs):
        fn()
    return (time.perf_counter() - start) / runs


def stages(runs: int, folder: Path) -> None:
    from runwalk.steps import flat_count
    from runwalk.writers.fit import render

    path = folder / "bench20.yaml"
    path.write_text(TWENTY_STEPS)
    profile = load_profile(ROOT / "workouts" / "profile.yaml")
    data = load_file(path)
    workout = compile_workout(data, str(path), profile)
    assert flat_count(workout.steps) == 20, flat_count(workout.steps)
    load = per_call(lambda: load_file(path), runs)
    comp = per_call(lambda: compile_workout(data, str(path), profile), runs)
    from runwalk.writers.fit import _MESSAGES

    def cold():
        _MESSAGES.clear()  # no step message reused from an earlier file
        return render(workout)

    encode = per_call(cold, runs)
    warm = per_call(lambda: render(workout), runs)
    total = load + comp + encode
    print(f"in-process, per 20-step workout ({runs} runs):")
    for name, value in (("load", load), ("compile", comp), ("FIT encode", encode)):
        print(f"  {name:<11} {value * 1000:7.3f} ms  ({value / total:5.1%})")
    print(f"  {'total':<11} {total * 1000:7.3f} ms  -> {1 / total:,.0f} workouts/s")
    print(f"  (FIT encode when every step message was built before: {warm * 1000:.3f} ms)")


def median_time(commands: list, runs: int, cwd: Path) -> list:
    """Median wall time of each command, the commands interleaved run by run."""
    times = [[] for _ in commands]
    for _ in range(runs):
        for i, command in enumerate(commands):
            start = time.perf_counter()
            subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            times[i].append(time.perf_counter() - start)
    return [statistics.median(t) for t in times]


def runwalk_command() -> list:
    # An installed wheel has its bytecode compiled (pip does it); an editable install
    # under PYTHONDONTWRITEBYTECODE would compile every module on every run instead.
    import compileall

    import runwalk
    compileall.compile_dir(str(Path(runwalk.__file__).parent), quiet=1)
    script = shutil.which("runwalk", path=str(Path(sys.executable).parent)) or shutil.which("runwalk")
    return [script] if script else [sys.executable, "-m", "runwalk"]


def pace2fit_command(given: str | None) -> list | None:
    if given:
        return [given]
    venv = Path(tempfile.gettempdir()) / "runwalk-bench-pace2fit"
    script = venv / ("Scripts" if os.name == "nt" else "bin") / "pace2fit"
    if not script.exists():
        print("  (installing pace2fit into its own venv at", venv, ")")
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        done = subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "pace2fit"],
                              capture_output=True, text=True)
        if done.returncode != 0:
            print("  pace2fit could not be installed:", done.stderr.strip()[-200:])
            return None
    return [str(script)]


def processes(runs: int, folder: Path, pace2fit: str | None) -> None:
    runwalk = runwalk_command()
    click_only = [sys.executable, "-c", "import click"]
    help_time, click_time = median_time([runwalk + ["--help"], click_only], runs, folder)
    print(f"\nwhole process, median of {runs}:")
    print(f"  runwalk --help          {help_time * 1000:7.1f} ms")
    print(f"  python -c 'import click' {click_time * 1000:6.1f} ms")
    print(f"  ratio                   {help_time / click_time:7.2f}x  (goal <= 1.5x)")

    workout = folder / "beginner.yaml"
    workout.write_text(BEGINNER_YAML)
    ours = runwalk + ["build", str(workout), "-o", str(folder / "out"), "-q", "--format", "fit",
                      "--profile", str(ROOT / "workouts" / "profile.yaml")]
    theirs_cmd = pace2fit_command(pace2fit)
    if not theirs_cmd:
        return
    theirs = theirs_cmd + ["generate", BEGINNER_PACE2FIT, "-n", "Beginner W1",
                           "-o", str(folder / "p2f.fit")]
    ours_time, theirs_time = median_time([ours, theirs], runs, folder)
    print(f"  runwalk build (1 FIT)   {ours_time * 1000:7.1f} ms")
    print(f"  pace2fit generate       {theirs_time * 1000:7.1f} ms")
    print(f"  ratio                   {ours_time / theirs_time:7.2f}x  (goal <= 0.7x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="in-process runs per stage")
    parser.add_argument("--process-runs", type=int, default=15, help="runs per whole process")
    parser.add_argument("--pace2fit", help="path of a pace2fit script to compare with")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        stages(args.runs, folder)
        processes(args.process_runs, folder, args.pace2fit)


if __name__ == "__main__":
    main()

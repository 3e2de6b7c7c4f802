"""A generated pack of 1,000 workouts (mixed sizes) built in every format (not a test).

    python benchmarks/pack.py [--workouts N] [--seed S]

Prints workouts per second, the split per stage (load, compile, each writer, pack
files, writing), peak memory, and, side by side in the same run, Garmin's
garmin-fit-sdk Encoder writing the same FIT messages as a baseline for the FIT stage.
Then the same pack as a whole `runwalk build` process; the size of index.html for that
pack and for 10,000 workouts; and a pack of 400 small plans (calendars for each).
Aim: the whole pack in under 5 s on a 2-core machine; the FIT stage within 3x of the
Encoder; index.html small enough to open at 10,000 workouts.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from runwalk.build import Item, find_sources, pack_outputs, stem_of, with_extension  # noqa: E402
from runwalk.publish import publish  # noqa: E402
from runwalk.profile import load_profile  # noqa: E402
from runwalk.workout import compile_workout  # noqa: E402
from runwalk.writers import DEFAULT_FORMATS, Options, extension, writer  # noqa: E402
from runwalk.yamlfile import load_file  # noqa: E402

RUN_TARGETS = ["", " @ easy", " @ marathon", " @ 8:30-8:50/mi", " @ z2", " @ 130-150bpm", " @ 10k"]


def generate(folder: Path, count: int, seed: int) -> None:
    """``count`` workout files: run/walk ratios, repeats, ladders and distance runs."""
    rng = random.Random(seed)
    for n in range(count):
        shape = rng.choice(["ratio", "repeat", "ladder", "distance"])
        lines = [f"name: Generated {n:04d} {shape}", f"short_name: Gen {n:04d}", "steps:",
                 f"  - warmup: {rng.choice([5, 8, 10])}min"]
        if shape == "ratio":
            run, walk = rng.choice([(60, 30), (90, 30), (120, 60), (180, 30), (240, 30), (30, 30)])
            lines += [f"  - ratio: {run // 60}:{run % 60:02d}/{walk // 60}:{walk % 60:02d}",
                      f"    for: {rng.choice([20, 30, 45, 60])}min",
                      f"    run: {rng.choice(['easy', 'marathon', 'long', '9:00/mi'])}"]
        elif shape == "repeat":
            lines += [f"  - repeat: {rng.randint(2, 10)}", "    steps:"]
            for _ in range(rng.randint(2, 6)):
                lines.append(f"      - run: {rng.choice([30, 60, 90, 120, 400, 800])}"
                             f"{'s' if rng.random() < 0.7 else 'm'}{rng.choice(RUN_TARGETS)}")
                lines.append(f"      - walk: {rng.choice([30, 60, 90, 120])}s")
        elif shape == "ladder":
            for minutes in range(1, rng.randint(4, 20)):
                lines.append(f"  - run: {minutes}min{rng.choice(RUN_TARGETS)}")
                lines.append(f"  - walk: {rng.choice([1, 2])}min")
        else:
            lines.append(f"  - run: {rng.choice([2, 3, 5, 8])}km{rng.choice(RUN_TARGETS)}")
        lines.append(f"  - cooldown: {rng.choice(['5min', '10min', 'lap'])}")
        (folder / f"w{n:04d}.yaml").write_text("\n".join(lines) + "\n")


def timed(label: str, figures: dict, fn):
    start = time.perf_counter()
    value = fn()
    figures[label] = figures.get(label, 0.0) + time.perf_counter() - start
    return value


def sdk_baseline(fit_files: list) -> tuple:
    """(seconds, files) for garmin-fit-sdk's Encoder writing the messages of our FIT files."""
    from garmin_fit_sdk import Decoder, Encoder, Profile, Stream

    numbers = {name: Profile["mesg_num"][name.upper()] for name in
               ("file_id", "workout", "workout_step")}
    inputs = []
    for data in fit_files:
        decoder = Decoder(Stream.from_byte_array(bytearray(data)))
        messages, errors = decoder.read(apply_scale_and_offset=False, expand_sub_fields=False,
                                        expand_components=False, convert_types_to_strings=False,
                                        convert_datetimes_to_dates=False, merge_heart_rates=False)
        assert not errors, errors
        inputs.append([dict(m, mesg_num=numbers[name]) for name in numbers
                       for m in messages[f"{name}_mesgs"]])
    start = time.perf_counter()
    outputs = []
    for messages in inputs:
        encoder = Encoder()
        for message in messages:
            encoder.write_mesg(message)
        outputs.append(encoder.close())
    return time.perf_counter() - start, outputs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workouts", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "workouts"
        tree.mkdir()
        generate(tree, args.workouts, args.seed)
        shutil.copy(ROOT / "workouts" / "profile.yaml", tree / "profile.yaml")
        profile = load_profile(tree / "profile.yaml")
        options = Options(profile=profile)
        figures: dict = {}
        modules = {name: writer(name) for name in DEFAULT_FORMATS}
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        sources = timed("find", figures, lambda: find_sources([tree]))
        items = []
        for source in sources:
            data = timed("load", figures, lambda: load_file(source.path))
            workout = timed("compile", figures,
                            lambda: compile_workout(data, str(source.path), profile))
            items.append(Item(source.path, stem_of(source.relative), workout))
        from runwalk.build import Output
        outputs, fit_files, steps = [], [], 0
        for item in items:
            for name, module in modules.items():
                rendered = timed(name, figures, lambda: module.render(item.workout, options))
                outputs.append(Output(with_extension(item.stem, extension(name)), rendered.data,
                                      name, item.workout))
                if name == "fit":
                    fit_files.append(rendered.data)
        extra, _ = timed("pack files", figures, lambda: pack_outputs(outputs, [], options, True))
        out = Path(tmp) / "out"
        # written without the flush to disk: that is the disk's time (shared and noisy
        # here), measured on its own below
        timed("write", figures, lambda: publish(out, outputs + extra, durable=False))
        total = time.perf_counter() - start
        flush_start = time.perf_counter()
        publish(Path(tmp) / "flushed", outputs + extra)  # the default: flushed to disk
        flush_seconds = time.perf_counter() - flush_start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        from runwalk.steps import flat_count
        steps = sum(flat_count(i.workout.steps) for i in items)
        from runwalk.writers import fit as fit_writer
        cached = len(fit_writer._MESSAGES)

        print(f"in-process pack: {len(items)} workouts ({steps} FIT steps, "
              f"{steps / len(items):.1f} a workout), {len(outputs) + len(extra)} files")
        print(f"  total {total:6.2f} s  -> {len(items) / total:,.0f} workouts/s")
        for label, seconds in figures.items():
            print(f"  {label:<11} {seconds:6.3f} s  ({seconds / total:5.1%})  "
                  f"{seconds / len(items) * 1000:6.3f} ms/workout")
        print(f"  (written and flushed to disk, as a build does by default: {flush_seconds:.2f} s, "
              f"{flush_seconds / figures['write']:.1f}x the write)")
        print(f"  peak RSS {peak / 1024:.0f} MiB (before the pack: {rss_before / 1024:.0f} MiB)")
        print(f"  FIT step messages built: {cached} distinct for {steps} steps")

        sdk_seconds, sdk_files = sdk_baseline(fit_files)
        print("\nFIT stage against garmin-fit-sdk's Encoder (same messages, same run):")
        print(f"  runwalk (fit-tool)     {figures['fit']:6.3f} s")
        print(f"  garmin-fit-sdk Encoder {sdk_seconds:6.3f} s")
        print(f"  ratio                  {figures['fit'] / sdk_seconds:6.2f}x  (goal <= 3x)")

        pace2fit_report(total / len(items))
        index_report(outputs, extra, options)
        script = shutil.which("runwalk", path=str(Path(sys.executable).parent))
        command = [script] if script else [sys.executable, "-m", "runwalk"]
        start = time.perf_counter()
        subprocess.run(command + ["build", str(tree), "-o", str(Path(tmp) / "cli"), "-q", "--zip",
                                  "--profile", str(tree / "profile.yaml")],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        print(f"\nwhole process: runwalk build of the pack, all formats + index + manifest + zip: "
              f"{time.perf_counter() - start:.2f} s  (goal < 5 s)")
        plan_pack(Path(tmp), command)


PACE2FIT_TIMING = """
import time
from pace2fit.encoder import encode
from pace2fit.parser import parse
text = "5min,6x(1min@6:13-6:31+2min),5min"
for _ in range(20):
    encode(parse(text, name="B"))
start = time.perf_counter()
for _ in range(300):
    encode(parse(text, name="B"))
print((time.perf_counter() - start) / 300)
"""


def pace2fit_report(ours: float) -> None:
    """runwalk's pack, per workout in every format, against pace2fit writing one FIT
    workout in its own process (in the venv benchmarks/bench.py installs it into)."""
    python = Path(tempfile.gettempdir()) / "runwalk-bench-pace2fit" / "bin" / "python"
    if not python.exists():
        print("\n(pace2fit is not installed: run benchmarks/bench.py once for that figure)")
        return
    done = subprocess.run([str(python), "-c", PACE2FIT_TIMING], capture_output=True, text=True)
    if done.returncode:
        print("\n(pace2fit could not be timed)")
        return
    theirs = float(done.stdout.strip())
    print(f"\nper workout, in process: runwalk's pack in {len(DEFAULT_FORMATS)} formats, index "
          f"and writing (unflushed) {ours * 1000:.2f} ms; pace2fit's FIT of a 5-step workout "
          f"{theirs * 1000:.2f} ms: {ours / theirs:.2f}x  (goal <= 3x)")


def index_report(outputs, extra, options) -> None:
    """index.html's size and element count for this pack, and for 10,000 workouts."""
    import re

    from runwalk.build import Output

    page = next(o.data for o in extra if o.relative.name == "index.html")
    print(f"\nindex.html for {len(outputs) // len(DEFAULT_FORMATS)} workouts: {len(page) / 1e6:.2f} MB, "
          f"{len(re.findall(rb'<path ', page))} paths, {len(re.findall(rb'<rect ', page))} rects")
    fits = [o for o in outputs if o.format == "fit"]
    many = [Output(Path(f"copy{n // len(fits):02d}") / o.relative, o.data, "fit", o.workout)
            for n, o in ((n, fits[n % len(fits)]) for n in range(10_000))]
    start = time.perf_counter()
    extra_many, _ = pack_outputs(many, [], options)
    page = next(o.data for o in extra_many if o.relative.name == "index.html")
    print(f"index.html for 10,000 workouts: {len(page) / 1e6:.2f} MB, "
          f"{len(re.findall(rb'<path ', page)):,} paths, {time.perf_counter() - start:.2f} s "
          "to make with the manifest")


def plan_pack(tmp: Path, command: list) -> None:
    """400 plans of 2 weeks x 2 sessions, each with a calendar: a whole build, FIT only."""
    tree = tmp / "plans"
    (tree / "plans").mkdir(parents=True)
    (tree / "easy.yaml").write_text("name: Easy\nsteps:\n  - ratio: 1:00/1:00\n    for: 20min\n")
    (tree / "long.yaml").write_text("name: Long\nsteps:\n  - ratio: 0:30/0:30\n    for: 5mi\n")
    for n in range(400):
        (tree / "plans" / f"plan{n:03d}.yaml").write_text(
            f"plan: Plan {n}\nshort_name: P{n}\nstart: 2027-01-04\n"
            "weeks:\n  - [../easy.yaml, ../long.yaml]\n  - [../easy.yaml, ../long.yaml]\n")
    start = time.perf_counter()
    subprocess.run(command + ["build", str(tree), "-o", str(tmp / "plans-out"), "-q",
                              "--format", "fit"], check=True, stdout=subprocess.DEVNULL)
    print(f"\n400-plan pack (1,600 sessions, 400 calendars, FIT only), whole process: "
          f"{time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()

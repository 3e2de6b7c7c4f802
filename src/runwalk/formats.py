"""The formats runwalk writes and reads, as one table: name -> (writer module, file
suffix, what it is). ``build``, ``show``, ``import`` and the help texts all use it; it
imports nothing, so ``runwalk --help`` stays quick."""

WRITERS = {
    "fit": ("runwalk.writers.fit", ".fit", "Garmin FIT workout"),
    "zwo": ("runwalk.writers.zwo", ".zwo", "Zwift run workout"),
    "tcx": ("runwalk.writers.tcx", ".tcx", "Garmin TCX workout"),
    "icu": ("runwalk.writers.icu", ".txt", "intervals.icu workout text"),
    "gc": ("runwalk.writers.gc", ".json", "Garmin Connect workout JSON"),
    "apple": ("runwalk.writers.apple", ".workout", "Apple Workout app custom workout"),
}

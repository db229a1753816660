"""Warming the page cache before a timed run.

This machine's page cache holds about 1.2-1.4 GB and is trimmed all the time (22 GB free, yet
files read a few minutes earlier come back partly from the disk), so a timed run whose inputs
were evicted measures the disk: `stance evaluate` with its model and test file evicted took 0.19 s
against 0.157 s warm (8 alternating runs). `compare-peers` and `compare-binaries` read each timed
run's inputs once, untimed, just before the run, after the idle time that `--pause` asks for
(`ready`).
"""
import time


def warm(*paths):
    """Reads each file once, untimed, so the run that follows starts from a warm page cache."""
    for path in paths:
        with open(path, "rb") as handle:
            while handle.read(8 << 20):
                pass


def ready(pause, *paths):
    """Before a timed run: `pause` seconds idle (0 for none: the cold case of a command run now and
    then, on memory the system has had time to take back), then the inputs warmed (`warm`)."""
    if pause > 0:
        time.sleep(pause)
    warm(*paths)

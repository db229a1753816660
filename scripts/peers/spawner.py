"""Runs measured child processes from a small, long-lived process.

Why a separate spawner: on Linux a child's `ru_maxrss` is at least the high-water RSS of the
process it was spawned from (exec records the old address space's peak), so a child spawned by a
harness that once held 200 MB would report at least 200 MB. The spawner is started first, stays
at a few MB, and spawns every measured child with `posix_spawn` and reaps it with `os.wait4`.
Its own high-water RSS (a few MB) is the floor of every measurement; `floor()` reports it.

Protocol: one JSON request per line on stdin ({"argv", "env", "stdout", "stderr"}), one JSON
reply per line on stdout ({"status", "maxrss_kb", "wall", "user", "system"}).
"""
import json
import os
import subprocess
import sys
import time


def serve():
    for line in sys.stdin:
        request = json.loads(line)
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
        actions = [
            (os.POSIX_SPAWN_OPEN, 0, "/dev/null", os.O_RDONLY, 0),
            (os.POSIX_SPAWN_OPEN, 1, request["stdout"], flags, 0o644),
            (os.POSIX_SPAWN_OPEN, 2, request["stderr"], flags, 0o644),
        ]
        start = time.perf_counter()
        try:
            pid = os.posix_spawnp(request["argv"][0], request["argv"], request["env"], file_actions=actions)
        except OSError as error:
            reply = {"status": 127, "error": str(error)}
        else:
            _, status, usage = os.wait4(pid, 0)
            wall = time.perf_counter() - start
            reply = {"status": os.waitstatus_to_exitcode(status), "maxrss_kb": usage.ru_maxrss,
                     "wall": wall, "user": usage.ru_utime, "system": usage.ru_stime}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


class Spawner:
    """Client side: `run(argv, env, stdout, stderr)` returns the reply dictionary."""

    def __init__(self):
        self.process = subprocess.Popen(
            [sys.executable, "-S", os.path.abspath(__file__), "--serve"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def run(self, argv, env, stdout, stderr):
        request = {"argv": argv, "env": env, "stdout": stdout, "stderr": stderr}
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("the measuring spawner process died")
        return json.loads(line)

    def floor(self, workdir):
        """maxrss of a child that does nothing (`true`): the smallest value any measurement can show."""
        out = os.path.join(workdir, "floor.out")
        return self.run(["true"], dict(os.environ), out, out)["maxrss_kb"]

    def close(self):
        self.process.stdin.close()
        self.process.wait()


if __name__ == "__main__" and sys.argv[1:] == ["--serve"]:
    serve()

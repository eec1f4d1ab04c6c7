"""What every benchmark shares: the machine's description, where things go, and timed subprocesses."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Generated corpora and caches live outside the repo unless DATELINE_BENCH_DIR says otherwise.
WORK_ENV_VAR = "DATELINE_BENCH_DIR"


def work_dir() -> Path:
    """Where generated corpora, caches and outputs go: $DATELINE_BENCH_DIR, else /tmp/dateline-bench."""
    folder = Path(os.environ.get(WORK_ENV_VAR, "").strip() or "/tmp/dateline-bench")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024**2, 1)
    except OSError:
        pass
    return 0.0


def _git_revision() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "lib", "pages", "dashboard.py", "ui"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head}{' + uncommitted changes in lib/pages/ui' if dirty else ''}"


def machine() -> dict:
    """The machine and moment a figure was taken on."""
    return {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "nproc": os.cpu_count(),
        "cpu": _cpu_model(),
        "ram_gib": _memory_gib(),
        "python": platform.python_version(),
        "revision": _git_revision(),
        "load_average": load_average(),
    }


def load_average() -> float:
    """One-minute load average: other work on the machine makes every timing here slower."""
    return round(os.getloadavg()[0], 2)


@dataclass
class Finished:
    """A finished subprocess: exit code, output, wall time and its largest process's peak RSS."""

    command: list[str]
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_rss_mb: float
    cpu_seconds: float = 0.0  # user + system time of the process and the children it waited for


def run_python(
    args: list[str],
    env: dict[str, str] | None = None,
    timeout: float | None = None,
    cwd: Path | None = None,
) -> Finished:
    """Run `python ARGS` from the repo root (or `cwd`); peak RSS is the largest of the process and its
    children."""
    command = [sys.executable, *args]
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd or ROOT, env={**os.environ, **(env or {})}, stdout=out, stderr=err
        )
        deadline = started + timeout if timeout else None
        while True:
            # wait4 (unlike Popen.wait) gives this child's rusage, which includes its reaped children.
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if deadline and time.perf_counter() > deadline:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                err.write(f"\nbench: killed after {timeout} s")
                break
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Finished(
            command,
            process.returncode,
            out.read(),
            err.read(),
            seconds,
            round(usage.ru_maxrss / 1024, 1),
            usage.ru_utime + usage.ru_stime,
        )


def emit(result: dict, json_path: Path | None) -> None:
    """Print a result as JSON and, when asked, write it to a file too."""
    text = json.dumps(result, indent=2)
    if json_path:
        json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(text + "\n", encoding="utf-8")
    print(text)

"""Helpers for the benches that drive the real server (bench/load.py, bench/startup.py).

`Server` starts `bot serve` on a free port as a subprocess (the current environment plus
`--env KEY=VALUE` overrides), waits for `GET /healthz` to answer, samples the memory of the server
and its children from /proc every half second, and stops it (SIGTERM, then SIGKILL).
"""

from __future__ import annotations

import argparse
import math
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parent.parent


def bot_command() -> Path:
    """The `bot` entry point of the venv this bench runs in."""
    beside = Path(sys.executable).with_name("bot")
    return beside if beside.exists() else REPO / ".venv" / "bin" / "bot"


def parse_env(pairs: Iterable[str]) -> dict[str, str]:
    """`["BOT_LLM_BACKEND=embedded", "BOT_LLM_QUEUE_SIZE="]` as a dict; an empty value is kept."""
    env: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise SystemExit(f"--env wants KEY=VALUE, not {pair!r}")
        env[name.strip()] = value
    return env


def shown_env(env: Mapping[str, str]) -> dict[str, str]:
    """The overrides as a report may print them: values that may be secrets are masked."""
    secret = ("KEY", "SECRET", "TOKEN", "PASSWORD")
    return {
        name: "***"
        if any(word in name.upper() for word in secret) or ("URL" in name.upper() and "@" in value)
        else value
        for name, value in env.items()
    }


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile of `values` (0 < q <= 1); NaN when empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = min(len(ordered), max(1, math.ceil(q * len(ordered) - 1e-9)))
    return ordered[rank - 1]


# --- memory of a process tree ----------------------------------------------------------------


def _children(pid: int) -> list[int]:
    """Direct and indirect children of `pid`, from /proc/*/stat."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name (field 2) may hold spaces and parentheses: split after the last ")".
        fields = stat[stat.rfind(")") + 2 :].split()
        parents.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _status_kb(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (kB) of one process; empty once it is gone."""
    values: dict[str, int] = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0])
    except (OSError, ValueError, IndexError):
        return {}
    return values


@dataclass(frozen=True)
class Sample:
    at: float
    """`time.perf_counter()` of the sample."""
    rss_mb: float
    """VmRSS summed over the server and its children."""
    processes: int


class MemorySampler:
    """Polls the RSS of a process tree every `every_s` seconds on a daemon thread.

    `peak_mb()` is the highest sampled sum of VmRSS; `hwm_mb()` sums each process's VmHWM (the
    kernel's own high-water mark, so it also catches spikes between samples; for several
    processes it is an upper bound, as their peaks need not coincide)."""

    def __init__(self, pid: int, every_s: float = 0.5) -> None:
        self._pid = pid
        self._every_s = every_s
        self._samples: list[Sample] = []
        self._hwm_kb: dict[int, int] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def start(self) -> MemorySampler:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def sample(self) -> Sample | None:
        """Take one sample now (also done every `every_s` seconds)."""
        pids = [self._pid, *_children(self._pid)]
        total_kb, alive = 0, 0
        for pid in pids:
            status = _status_kb(pid)
            if not status:
                continue
            alive += 1
            total_kb += status.get("VmRSS", 0)
            with self._lock:
                self._hwm_kb[pid] = max(self._hwm_kb.get(pid, 0), status.get("VmHWM", 0))
        if not alive:
            return None
        sample = Sample(time.perf_counter(), total_kb / 1024, alive)
        with self._lock:
            self._samples.append(sample)
        return sample

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self._every_s)

    def peak_mb(self, since: float | None = None, until: float | None = None) -> float | None:
        """The highest sampled RSS, optionally within [since, until] (perf_counter values)."""
        with self._lock:
            chosen = [
                s.rss_mb
                for s in self._samples
                if (since is None or s.at >= since) and (until is None or s.at <= until)
            ]
        return round(max(chosen), 1) if chosen else None

    def hwm_mb(self) -> float | None:
        with self._lock:
            return round(sum(self._hwm_kb.values()) / 1024, 1) if self._hwm_kb else None

    def latest_mb(self) -> float | None:
        with self._lock:
            return round(self._samples[-1].rss_mb, 1) if self._samples else None


# --- the server ------------------------------------------------------------------------------


class ServerFailed(RuntimeError):
    pass


class Server:
    """`bot serve` on `host:port` in its own process group, its output in a log file."""

    def __init__(
        self, overrides: Mapping[str, str], *, port: int = 0, host: str = "127.0.0.1"
    ) -> None:
        self.host = host
        self.port = port or free_port(host)
        self.overrides = dict(overrides)
        self.base_url = f"http://{host}:{self.port}"
        self.log_path = Path(tempfile.mkstemp(prefix="bench-server-", suffix=".log")[1])
        self.process: subprocess.Popen[bytes] | None = None
        self.sampler: MemorySampler | None = None
        self.started_at = 0.0
        """`time.perf_counter()` just before the process was started."""

    def start(self) -> Server:
        env = {**os.environ, **self.overrides}
        command = [str(bot_command()), "serve", "--host", self.host, "--port", str(self.port)]
        with self.log_path.open("wb") as log:
            self.started_at = time.perf_counter()
            self.process = subprocess.Popen(
                command,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stop() reaches its children
            )
        self.sampler = MemorySampler(self.process.pid).start()
        return self

    def elapsed(self) -> float:
        """Seconds since the process was started."""
        return time.perf_counter() - self.started_at

    def wait_up(self, timeout_s: float = 600.0) -> tuple[int, dict[str, Any]]:
        """Wait until `GET /healthz` answers at all (200 healthy, 503 up with a part down)."""
        assert self.process is not None
        deadline = time.perf_counter() + timeout_s
        with httpx.Client(base_url=self.base_url, timeout=5.0) as client:
            while time.perf_counter() < deadline:
                if self.process.poll() is not None:
                    raise ServerFailed(
                        f"the server exited with code {self.process.returncode} before answering "
                        f"/healthz:\n{self.log_tail()}"
                    )
                try:
                    response = client.get("/healthz")
                except httpx.HTTPError:
                    time.sleep(0.2)
                    continue
                if response.status_code in (200, 503):
                    try:
                        body: dict[str, Any] = response.json()
                    except ValueError:
                        body = {}
                    return response.status_code, body
                time.sleep(0.2)
        raise ServerFailed(f"/healthz did not answer within {timeout_s:.0f} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self, grace_s: float = 20.0) -> int | None:
        """SIGTERM to the server's process group, SIGKILL after `grace_s`; the exit code."""
        if self.sampler is not None:
            self.sampler.sample()
            self.sampler.stop()
        if self.process is None or self.process.poll() is not None:
            return None if self.process is None else self.process.returncode
        group = self.process.pid  # start_new_session: the group id is the server's pid
        try:
            os.killpg(group, signal.SIGTERM)
            code = self.process.wait(timeout=grace_s)
        except subprocess.TimeoutExpired:
            os.killpg(group, signal.SIGKILL)
            code = self.process.wait(timeout=10)
        except ProcessLookupError:
            code = self.process.wait(timeout=10)
        try:  # anything the server started and left behind in its group
            os.killpg(group, signal.SIGKILL)
        except ProcessLookupError:
            pass
        return code

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()


def add_server_options(parser: argparse.ArgumentParser) -> None:
    """`--env KEY=VALUE` (repeatable) and `--port`, for the benches that start a server."""
    parser.add_argument(
        "--env",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="setting for the server (repeatable); an empty VALUE means not set",
    )
    parser.add_argument("--port", type=int, default=0, help="default: a free port")

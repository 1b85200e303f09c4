"""pytest fixtures that run a real `statuskit serve` for HTTP client tests.

Fixtures:

statuskit_bin (session)
    Path of the statuskit binary: $STATUSKIT_BIN if set; else built from
    this checkout with `go build` into a temporary directory (when `go` is
    on PATH and the checkout is there); else `statuskit` on PATH.

statuskit (session)
    A running server (a `Statuskit`): `statuskit.url("/503")` is a URL on
    it. One process serves the whole session, because every stateful
    scenario keeps its state per key: a test that uses its own `key` cannot
    see another test's sequence position, rate limit or jobs, so there is
    no reason to pay for a process per test. A test that needs other flags
    starts its own with `Statuskit(statuskit_bin, "--max-sleep", "1s")`.

key (function)
    A state key unique to the test, for `?key=` or the X-Statuskit-Key
    request header.
"""

import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

# How long a server may take to become ready, and to stop after SIGTERM,
# in seconds. statuskit starts in tens of milliseconds; the margin is for a
# loaded CI machine.
READY_TIMEOUT = 10.0
STOP_TIMEOUT = 5.0

# statuskit serve prints this line on stderr once it listens.
SERVING_ON = re.compile(rb"serving on (127\.0\.0\.1:\d+)")

# The readiness probe talks to loopback directly, whatever *_proxy says.
_direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class StatuskitError(RuntimeError):
    """statuskit did not start or stop as it should; the message has its log."""


class Statuskit:
    """One `statuskit serve` process on a free loopback port.

    The kernel picks the port (--addr 127.0.0.1:0), so two test runs can
    never race for one; the address is read from the "serving on" line.
    The process's output goes to a file, not a pipe, so a chatty server
    never blocks on a full pipe, and the log is there to quote on failure.
    """

    def __init__(self, binary, *args):
        self.binary = str(binary)
        self.args = [
            "serve",
            "--addr", "127.0.0.1:0",
            # Shut down promptly when the tests end.
            "--drain-timeout", "2s",
            *args,
        ]
        self.addr = None
        self._log = tempfile.TemporaryFile()
        self._proc = subprocess.Popen(
            [self.binary, *self.args],
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        try:
            self._wait_ready()
        except BaseException:
            self._kill()
            self._log.close()
            raise

    def url(self, path):
        """The URL of path (which starts with /) on this server."""
        return f"http://{self.addr}{path}"

    def log(self):
        """Everything the process has written so far."""
        self._log.seek(0)
        return self._log.read().decode(errors="replace")

    def _wait_ready(self):
        """Waits until /readyz answers 200, the process exits, or READY_TIMEOUT passes."""
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            code = self._proc.poll()
            if code is not None:
                raise StatuskitError(
                    f"{self.binary} {' '.join(self.args)} exited with status {code} "
                    f"before it was ready; its output:\n{self.log()}")
            if self.addr is None:
                self._log.seek(0)
                m = SERVING_ON.search(self._log.read())
                if m:
                    self.addr = m.group(1).decode()
            if self.addr is not None and self._ready():
                return
            time.sleep(0.005)
        raise StatuskitError(
            f"{self.binary} was not ready within {READY_TIMEOUT}s "
            f"(address {self.addr or 'not yet printed'}); its output:\n{self.log()}")

    def _ready(self):
        try:
            with _direct.open(self.url("/readyz"), timeout=1) as resp:
                return resp.status == 200
        except (urllib.error.URLError, ConnectionError):
            return False

    def stop(self):
        """Stops the server with SIGTERM, its graceful shutdown, and kills it
        if it has not exited within STOP_TIMEOUT. Raises StatuskitError if
        the shutdown was not clean (a non-zero exit, or the kill)."""
        if self._proc.poll() is None:
            self._proc.send_signal(signal.SIGTERM)
            try:
                self._proc.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self._kill()
                raise StatuskitError(
                    f"statuskit did not exit within {STOP_TIMEOUT}s of SIGTERM and was killed; "
                    f"its output:\n{self.log()}")
        code = self._proc.returncode
        log = self.log()
        self._log.close()
        if code != 0:
            raise StatuskitError(f"statuskit exited with status {code} after SIGTERM; its output:\n{log}")

    def _kill(self):
        if self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()


def find_statuskit(tmp_dir):
    """The statuskit binary, as the module's docstring says."""
    if os.environ.get("STATUSKIT_BIN"):
        binary = Path(os.environ["STATUSKIT_BIN"])
        if not os.access(binary, os.X_OK):
            raise StatuskitError(f"STATUSKIT_BIN={binary} is not an executable file")
        return binary
    go = shutil.which("go")
    if go and (REPO / "go.mod").is_file():
        binary = Path(tmp_dir) / "statuskit"
        build = subprocess.run([go, "build", "-o", str(binary), "./cmd/statuskit"],
                               cwd=REPO, capture_output=True, text=True)
        if build.returncode != 0:
            raise StatuskitError(f"go build ./cmd/statuskit failed:\n{build.stderr}")
        return binary
    on_path = shutil.which("statuskit")
    if on_path:
        return Path(on_path)
    raise StatuskitError(
        "no statuskit binary: set STATUSKIT_BIN=/path/to/statuskit, put Go on PATH "
        "to build it from this checkout, or install statuskit on PATH")


@pytest.fixture(scope="session")
def statuskit_bin(tmp_path_factory):
    return find_statuskit(tmp_path_factory.mktemp("statuskit-bin"))


@pytest.fixture(scope="session")
def statuskit(statuskit_bin):
    server = Statuskit(statuskit_bin)
    yield server
    server.stop()


@pytest.fixture
def key(request):
    # The test's name makes the server's log readable; the random part keeps
    # reruns and parametrized tests apart. Keys may be 200 characters.
    name = re.sub(r"[^A-Za-z0-9._-]", "-", request.node.name)[:80]
    return f"{name}-{uuid.uuid4().hex[:12]}"

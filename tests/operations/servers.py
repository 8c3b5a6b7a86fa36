"""Real components started by the tests: a Redis server on a spare port, a private
PostgreSQL cluster, nginx. Each is a process the test can stop and start again."""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest


def spare_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, timeout=15.0, up=True):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            sock.settimeout(0.2)
            answers = sock.connect_ex(("127.0.0.1", port)) == 0
        if answers == up:
            return
        time.sleep(0.05)
    raise TimeoutError(f"port {port} did not {'open' if up else 'close'} in {timeout} s")


def need(program):
    path = shutil.which(program)
    if not path:
        pytest.fail(f"{program} is missing: `make test` installs it (apt-get install)")
    return path


class RedisServer:
    """redis-server on a spare port, nothing kept on disk, the DEBUG command allowed (so a
    test can make it slow)."""

    def __init__(self):
        self.port = spare_port()
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [
                need("redis-server"),
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--enable-debug-command", "yes",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for_port(self.port)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        wait_for_port(self.port, up=False)

    def client(self):
        import redis

        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=10)


class PostgresCluster:
    """A private PostgreSQL cluster made with the machine's initdb and pg_ctl, owned by the
    `postgres` system user when the tests run as root (as CI does)."""

    def __init__(self):
        self.port = spare_port()
        self.folder = Path(tempfile.mkdtemp(prefix="newsroom-pg-"))
        self.data = self.folder / "data"
        self.bin = self._bin_folder()

    @staticmethod
    def _bin_folder():
        for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
            if (candidate / "pg_ctl").exists():
                return candidate
        found = shutil.which("pg_ctl")
        if not found:
            pytest.fail("PostgreSQL's pg_ctl is missing (apt-get install postgresql)")
        return Path(found).resolve().parent

    def _run(self, *args):
        command = [str(self.bin / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(command)]
        return subprocess.run(command, check=True, capture_output=True, text=True, timeout=120)

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/newsroom"

    def create(self):
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        self.start()
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "newsroom")

    def _ctl(self, action):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        return self._run(
            "pg_ctl", action, "-D", str(self.data), "-w", "-m", "fast", "-o", f"'{options}'",
            "-l", str(self.folder / "log"),
        )  # fmt: skip

    def start(self):
        self._ctl("start")
        wait_for_port(self.port)

    def stop(self):
        self._ctl("stop")
        wait_for_port(self.port, up=False)

    def restart(self):
        self._ctl("restart")
        wait_for_port(self.port)

    def destroy(self):
        try:
            self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.folder, ignore_errors=True)


def stop_process(process, sig=signal.SIGTERM, timeout=20):
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)

"""Fixtures of the fault tests: private Redis servers, real Celery workers, a shared DB.

Nothing here is mocked. A test that stops Redis starts its own
``redis-server`` on a free port (the machine's Redis on 6379 is shared and
never touched); a worker is a real ``celery worker`` process; on SQLite the
in-memory test database is copied to a file for the test so the worker
process can use it.
"""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.conftest import WORKER_ARGV, _reset_connections

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """A private ``redis-server`` process that a test may stop and start again."""

    def __init__(self, workdir: Path):
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.skip("redis-server is not installed")
        self.binary = binary
        self.workdir = workdir
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        import redis

        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                if client.ping():
                    return
            except redis.exceptions.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def private_redis(tmp_path):
    """A started private Redis server (stopped at the end of the test)."""
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def shared_db_file(transactional_db, tmp_path):
    """Make the test database reachable from other processes; return its env URL.

    PostgreSQL already is. On SQLite the in-memory test database is copied
    into a file (SQLite's backup API, as Django does for parallel tests) and
    this process switches to the file for the test; the in-memory database is
    put back afterwards.
    """
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        yield (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        )
        return
    if connection.vendor != "sqlite":
        pytest.skip("fault tests run on SQLite and PostgreSQL")
    if not connection.is_in_memory_db():
        yield f"sqlite:///{db['NAME']}"
        return
    path = tmp_path / "faults.sqlite3"
    connection.ensure_connection()
    memory = connection.connection
    target = sqlite3.connect(path)
    memory.backup(target)
    target.close()
    old_name = db["NAME"]
    connection.connection = None  # keep the in-memory connection open, aside
    db["NAME"] = str(path)
    try:
        connection.ensure_connection()
        yield f"sqlite:///{path}"
    finally:
        connection.close()
        db["NAME"] = old_name
        connection.connection = memory


class Worker:
    """A real ``celery worker`` process (solo pool) on a given broker and database."""

    def __init__(self, app, broker_url: str, database_url: str, extra_env: dict):
        self.app = app
        self.broker_url = broker_url
        self.database_url = database_url
        self.extra_env = extra_env
        self.process: subprocess.Popen | None = None

    def start(self, *, wait: bool = True) -> None:
        env = dict(os.environ)
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "config.settings.test",
                "CELERY_WORKER_UNDER_TEST": "1",
                "TEST_CELERY_BROKER_URL": self.broker_url,
                "DATABASE_URL": self.database_url,
                **self.extra_env,
            }
        )
        self.process = subprocess.Popen(
            WORKER_ARGV,
            cwd=ROOT,
            env=env,
        )
        if wait:
            self.wait_ready()

    def wait_ready(self, timeout: float = 40) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("Celery worker exited at start-up")
            try:
                if self.app.control.ping(timeout=0.5):
                    return
            except Exception:  # broker not reachable yet
                time.sleep(0.2)
        raise RuntimeError(f"Celery worker did not answer within {timeout} s")

    def kill(self) -> None:
        """SIGKILL: the worker dies mid-task without acknowledging anything."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


@pytest.fixture
def celery_producer():
    """Factory: ``use(broker_url)`` makes this process publish to that broker.

    Tasks are no longer run eagerly; results come back through the same
    Redis. The app's configuration and connection pools are restored after.
    """
    from config.celery_app import app

    keys = (
        "CELERY_BROKER_URL",
        "CELERY_TASK_ALWAYS_EAGER",
        "CELERY_RESULT_BACKEND",
        "CELERY_TASK_IGNORE_RESULT",
    )
    old = {key: app.conf.get(key) for key in keys}

    def use(broker_url: str):
        app.conf.update(
            CELERY_BROKER_URL=broker_url,
            CELERY_TASK_ALWAYS_EAGER=False,
            CELERY_RESULT_BACKEND=broker_url,
            CELERY_TASK_IGNORE_RESULT=False,
        )
        _reset_connections(app)
        return app

    try:
        yield use
    finally:
        app.conf.update(**old)
        _reset_connections(app)


@pytest.fixture
def start_worker(shared_db_file, celery_producer):
    """Factory: ``start_worker(broker_url, **env)`` starts a real worker process.

    This process publishes to the same broker (see ``celery_producer``).
    Workers are stopped at teardown.
    """
    workers: list[Worker] = []

    def start(broker_url: str, *, wait: bool = True, **extra_env) -> Worker:
        app = celery_producer(broker_url)
        worker = Worker(app, broker_url, shared_db_file, extra_env)
        workers.append(worker)
        worker.start(wait=wait)
        return worker

    try:
        yield start
    finally:
        for worker in workers:
            worker.stop()


def wait_for(predicate, *, timeout: float = 60, interval: float = 0.2, what=""):
    """Poll ``predicate`` until it returns a truthy value; fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"timed out after {timeout} s waiting for {what or predicate}")

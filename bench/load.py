"""Latency under concurrent users: gunicorn on loopback, N client threads, p50/p95 per page.

Used by bench/run.py; the trivial view /healthz on the same server is the floor.
"""

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from urllib.parse import urlencode

from bench.common import ROOT, summary


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """A gunicorn serving the project on 127.0.0.1 with the current environment's database."""

    def __init__(self, workers: int = 4, threads: int = 4):
        self.port = free_port()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "smartregion.settings",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "bench-only-secret-key-" + "x" * 40),
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_SECURE_COOKIES": "false",
            "DJANGO_HSTS_SECONDS": "0",
            "LOG_LEVEL": "WARNING",
        }
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
        )
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "smartregion.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--threads",
                str(threads),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        deadline = time.monotonic() + 90  # a loaded machine may take a while to boot the workers
        while time.monotonic() < deadline:
            try:
                status, _body, _headers = request(self.port, "GET", "/healthz")
                if status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not answer /healthz within 90 s")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def request(port: int, method: str, path: str, *, body: str | None = None, headers: dict | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read(), response.getheaders()
    finally:
        connection.close()


def login(port: int, username: str, password: str) -> str:
    """Log in through the real form; returns the Cookie header to send with later requests."""
    status, body, headers = request(port, "GET", "/accounts/login/")
    cookies = _cookies(headers)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    form = urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
    status, _body, headers = request(
        port,
        "POST",
        "/accounts/login/",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": _cookie_header(cookies),
            "Referer": f"http://127.0.0.1:{port}/accounts/login/",
        },
    )
    if status != 302:
        raise RuntimeError(f"log-in as {username} failed with status {status}")
    cookies.update(_cookies(headers))
    return _cookie_header(cookies)


def _cookies(headers) -> dict:
    found = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            found[key] = rest.split(";", 1)[0]
    return found


def _cookie_header(cookies: dict) -> str:
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def hammer(port: int, path: str, *, cookie: str, users: int, requests_per_user: int) -> dict:
    """`users` threads each GET `path` `requests_per_user` times; latency summary, requests per second and
    error count, with the machine's 1-minute load average when the measure began and when it ended."""
    latencies: list[float] = []
    errors: list[int] = []
    lock = threading.Lock()

    def user():
        for _ in range(requests_per_user):
            start = time.perf_counter()
            try:
                status, _body, _headers = request(port, "GET", path, headers={"Cookie": cookie})
            except OSError:
                status = 0
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
                if status != 200:
                    errors.append(status)

    load_start = os.getloadavg()[0]
    began = time.perf_counter()
    threads = [threading.Thread(target=user) for _ in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    statuses: dict[str, int] = {}
    for status in errors:  # 0: no answer (refused, reset or timed out)
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    return {
        **summary(latencies),
        "rps": round(len(latencies) / wall, 1) if wall else None,
        "errors": len(errors),
        "error_statuses": statuses,
        "load_start": round(load_start, 2),
        "load_end": round(os.getloadavg()[0], 2),
    }


def hammer_repeated(port: int, path: str, *, cookie: str, users: int, requests: int, repeat: int) -> dict:
    """`hammer` `repeat` times with at least `requests` requests in all each time (spread over the users);
    each figure is the median of the runs, errors are summed, and the load is the first start and last end."""
    import statistics

    per_user = max(1, -(-requests // users))
    runs = [hammer(port, path, cookie=cookie, users=users, requests_per_user=per_user) for _ in range(repeat)]
    statuses: dict[str, int] = {}
    for run in runs:
        for status, count in run["error_statuses"].items():
            statuses[status] = statuses.get(status, 0) + count
    return {
        "n": runs[0]["n"],
        "runs": repeat,
        **{f: round(statistics.median(r[f] for r in runs), 2) for f in ("p50_ms", "p95_ms", "mean_ms", "rps")},
        "errors": sum(r["errors"] for r in runs),
        "error_statuses": statuses,
        "load_start": runs[0]["load_start"],
        "load_end": runs[-1]["load_end"],
    }

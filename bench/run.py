"""`make bench`: build the corpus, serve Newsroom with gunicorn on 127.0.0.1 the way
production runs it, and measure the front page, the seed story, a story with 30 elements, a
section page, a search, a live story with 500 posts and its update endpoint (again while a
post is published every 10 seconds) with wrk: requests a second, median and p99 latency, and each page's SQL query count.

Two configurations are served side by side: "newsroom" as deployed (fragment cache on), and
"uncached" with NEWSROOM_FRAGMENT_CACHE_SECONDS=0, where every request renders everything
from the database. Neither caches whole pages.

Settings (environment): BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/newsroom_bench),
BENCH_ARTICLES (20000), BENCH_PORT (8300; the uncached server takes the next port),
BENCH_THREADS (2), BENCH_CONNECTIONS (64), BENCH_DURATION (15s), BENCH_WARMUP (3s),
BENCH_ROUNDS (1), BENCH_TIMEOUT (10s), BENCH_CONFIGS (newsroom,uncached), BENCH_SEARCH
(water rates). The last table is also written to bench/var/last-run.md.

`python bench/run.py --serve` builds the corpus and serves the "newsroom" configuration on
BENCH_PORT until Ctrl-C, for ../shared/bench-wagtail/run.sh.
"""

import datetime
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote_plus

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "bench" / "var"
PY = sys.executable


def setting(name, default):
    return os.environ.get(name, default)


DATABASE_URL = setting("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_bench")
ARTICLES = int(setting("BENCH_ARTICLES", "20000"))
PORT = int(setting("BENCH_PORT", "8300"))
THREADS = setting("BENCH_THREADS", "2")
CONNECTIONS = setting("BENCH_CONNECTIONS", "64")
DURATION = setting("BENCH_DURATION", "15s")
WARMUP = setting("BENCH_WARMUP", "3s")
ROUNDS = int(setting("BENCH_ROUNDS", "1"))
TIMEOUT = setting("BENCH_TIMEOUT", "10s")
CONFIGS = [c for c in setting("BENCH_CONFIGS", "newsroom,uncached").split(",") if c]
SEARCH = setting("BENCH_SEARCH", "water rates")
WORKERS = 2 * (os.cpu_count() or 1) + 1

PAGES = [
    ("front", "/"),
    ("article", "/2012/12/26/syrian-general-defects/"),
    # 20 inline photos, 10 embeds and a table (load_bench_corpus).
    ("elements", "/2012/12/25/bench-story-with-elements/"),
    ("section", "/world/"),
    ("search", f"/search/?q={quote_plus(SEARCH)}"),
    # A running live story with 500 posts (load_bench_corpus), and the update endpoint its
    # open pages poll.
    ("live", "/2012/12/24/bench-live-story/"),
    ("live-updates", "/2012/12/24/bench-live-story/updates.json"),
]
# The update endpoint again, while a post is published every 10 seconds.
POSTING_EVERY = 10


def log(message):
    print(f"{time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)


def environment(config):
    """Production settings, over plain HTTP on 127.0.0.1."""
    env = dict(os.environ)
    env.update(
        DEBUG="0",
        SECRET_KEY="bench-" + "x" * 50,
        DATABASE_URL=DATABASE_URL,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
        NEWSROOM_SITE_URL=f"http://127.0.0.1:{PORT}",
        NEWSROOM_TASKS_IMMEDIATE="1",
        LOG_LEVEL="WARNING",
    )
    if config == "uncached":
        env["NEWSROOM_FRAGMENT_CACHE_SECONDS"] = "0"
    return env


def manage(*args, config="newsroom"):
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=environment(config), check=True)


def prepare():
    manage("ensure_database")
    manage("migrate", "--noinput", "-v0")
    commands = subprocess.run(
        [PY, "manage.py", "help", "--commands"],
        cwd=ROOT,
        env=environment("newsroom"),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    demo = "load_demo" in commands
    if demo:
        log("loading the demo")
        manage("load_demo")
    log(f"building the corpus ({ARTICLES} articles)")
    manage("load_bench_corpus", "--articles", str(ARTICLES))
    manage("collectstatic", "--noinput", "-v0")
    return demo


def start_server(config, port):
    VAR.mkdir(parents=True, exist_ok=True)
    command = [
        str(Path(PY).parent / "gunicorn"),
        "newsroom.wsgi:application",
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(WORKERS),
        "--worker-class", "sync",
        "--error-logfile", str(VAR / f"gunicorn-{config}.log"),
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=environment(config))
    for _ in range(150):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit(f"gunicorn ({config}) did not answer on port {port}; see {VAR}")


def cpu_busy(seconds=2):
    """Machine-wide CPU use over a few seconds, in percent (from /proc/stat)."""

    def sample():
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
        return sum(fields), fields[3] + fields[4]

    total_a, idle_a = sample()
    time.sleep(seconds)
    total_b, idle_b = sample()
    total = max(total_b - total_a, 1)
    return round(100 * (total - (idle_b - idle_a)) / total)


def to_ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk(url, duration):
    output = subprocess.run(
        ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{duration}", "--timeout", TIMEOUT,
         "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout  # fmt: skip
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))}
    for label, key in (("50%", "p50"), ("99%", "p99")):
        match = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s|m)\b", output, re.M)
        result[key] = to_ms(*match.groups())
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    result["non_2xx"] = int(non_2xx.group(1)) if non_2xx else 0
    result["errors"] = sum(int(n) for n in errors.groups()) if errors else 0
    return result


def query_counts(config):
    output = subprocess.run(
        [PY, "bench/count_queries.py", *(path for _, path in PAGES)],
        cwd=ROOT,
        env=environment(config),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    counts = {}
    for line in output.splitlines():
        path, cold, warm = line.split("\t")
        counts[path] = (int(cold), int(warm))
    return counts


def measure_while_posting(config, port, counts):
    """The live update endpoint while `bench_live_posting` publishes a post every 10 s."""
    name, path = PAGES[-1]
    seconds = int(DURATION.rstrip("s")) * ROUNDS + 5
    poster = subprocess.Popen(
        [PY, "manage.py", "bench_live_posting", "--every", str(POSTING_EVERY),
         "--seconds", str(seconds)],
        cwd=ROOT,
        env=environment(config),
    )  # fmt: skip
    try:
        rounds = sorted(
            (wrk(f"http://127.0.0.1:{port}{path}", DURATION) for _ in range(ROUNDS)),
            key=lambda r: r["rps"],
        )
    finally:
        poster.wait(timeout=seconds + 60)
    median = rounds[len(rounds) // 2]
    label = f"{name}-posting-every-{POSTING_EVERY}s"
    log(f"{config}-{label}: {median['rps']:.1f} req/s, p50 {median['p50']:.1f} ms")
    return (config, label, path, median, rounds, counts[path])


def stop_on_term(*_):
    raise KeyboardInterrupt


def serve():
    """`python bench/run.py --serve`: the corpus and the "newsroom" server only, until Ctrl-C
    (for ../shared/bench-wagtail/run.sh, which measures targets it is given)."""
    signal.signal(signal.SIGTERM, stop_on_term)
    prepare()
    process = start_server("newsroom", PORT)
    log(f"serving on http://127.0.0.1:{PORT}/ with {WORKERS} sync workers; Ctrl-C stops it")
    try:
        process.wait()
    except KeyboardInterrupt:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def main():
    signal.signal(signal.SIGTERM, stop_on_term)  # stop the servers on any exit
    started = time.monotonic()
    demo = prepare()
    servers = {}
    try:
        for offset, config in enumerate(CONFIGS):
            servers[config] = (start_server(config, PORT + offset), PORT + offset)
        log(f"gunicorn: {WORKERS} sync workers per server; counting queries")
        counts = {config: query_counts(config) for config in CONFIGS}
        busy_before = cpu_busy()
        log(f"CPUs {busy_before}% busy before measuring")
        rows = []
        for config in CONFIGS:
            port = servers[config][1]
            for name, path in PAGES:
                url = f"http://127.0.0.1:{port}{path}"
                wrk(url, WARMUP)
                rounds = [wrk(url, DURATION) for _ in range(ROUNDS)]
                rounds.sort(key=lambda r: r["rps"])
                median = rounds[len(rounds) // 2]
                rows.append((config, name, path, median, rounds, counts[config][path]))
                log(f"{config}-{name}: {median['rps']:.1f} req/s, p50 {median['p50']:.1f} ms")
            if config == "newsroom":
                rows.append(measure_while_posting(config, port, counts[config]))
        busy_after = cpu_busy()
    finally:
        for process, _ in servers.values():
            process.send_signal(signal.SIGTERM)
        for process, _ in servers.values():
            process.wait(timeout=30)

    lines = [
        f"{datetime.date.today().isoformat()}, `nproc` {os.cpu_count()}, {ARTICLES} generated "
        f"articles {'on top of the demo' if demo else '(no load_demo: stand-in seed story)'}, "
        f"gunicorn {WORKERS} sync workers, "
        f"`wrk -t{THREADS} -c{CONNECTIONS} -d{DURATION}` ({ROUNDS} round(s), median shown), "
        f"CPUs {busy_before}% busy before and {busy_after}% after (our servers idle).",
        "",
        "| target | req/s | p50 ms | p99 ms | non-2xx / socket errors | SQL queries cold / warm |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for config, name, _path, median, rounds, (cold, warm) in rows:
        errors = sum(r["errors"] for r in rounds)
        non_2xx = sum(r["non_2xx"] for r in rounds)
        lines.append(
            f"| {config}-{name} | {median['rps']:.1f} | {median['p50']:.1f} | "
            f"{median['p99']:.1f} | {non_2xx} / {errors} | {cold} / {warm} |"
        )
    table = "\n".join(lines)
    VAR.mkdir(parents=True, exist_ok=True)
    (VAR / "last-run.md").write_text(table + "\n")
    print(table)
    log(f"done in {time.monotonic() - started:.0f}s")


if __name__ == "__main__":
    if "--serve" in sys.argv[1:]:
        serve()
    else:
        main()

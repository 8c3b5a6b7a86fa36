"""`make bench-scale`: does a page cost the same in an archive of 200,000 stories as in one of
20,000? Builds the bench corpus at 20,000 stories, then a copy grown to 200,000
(`load_bench_corpus` adds the difference), serves each with gunicorn and production settings
with the fragment cache off (`NEWSROOM_FRAGMENT_CACHE_SECONDS=0`: every request renders from
the database, as after any change), and times each page one request at a time. Prints p50,
p95 and p99 at both sizes and the growth of p50; also written to bench/var/last-scale.md.

Settings (environment): BENCH_SCALE_DATABASE_URL
(postgres://postgres@127.0.0.1:5432/newsroom_bench_scale; the large copy adds `_200k` to the
name), BENCH_SCALE_SIZES (20000,200000), BENCH_SCALE_REQUESTS (100 timed per page, after 5
untimed), BENCH_SCALE_ONLY (only the rows whose names start with it), BENCH_PORT (8300).
`python bench/scale.py --measure-only` skips the builds.
"""

import datetime
import http.cookiejar
import os
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as bench  # noqa: E402

# The admin rows use a session made in the database; the second factor is not what is measured.
os.environ["NEWSROOM_REQUIRE_2FA"] = "0"

BASE_URL = os.environ.get(
    "BENCH_SCALE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_bench_scale"
)
SIZES = [int(n) for n in os.environ.get("BENCH_SCALE_SIZES", "20000,200000").split(",")]
REQUESTS = int(os.environ.get("BENCH_SCALE_REQUESTS", "100"))
WARMUP = 5
# Only the rows whose names start with this (e.g. "admin"), when set.
ONLY = os.environ.get("BENCH_SCALE_ONLY", "")
BENCH_USER = "bench-scale-editor"

# What the server is asked for the pages that depend on the corpus (slugs, the last page).
FIND = """
from django.db.models import Count
from articles import selectors
from articles.models import Person
from taggit.models import Tag
family = selectors.section_family("world")[1]
stories = selectors.in_sections(family).count()
person = Person.objects.filter(slug__startswith="bench-").annotate(n=Count("credits")).order_by("-n", "pk").first()
tag = Tag.objects.get(slug="budget")
print(f"{(stories + 19) // 20}\\t{person.slug}\\t{tag.slug}")
"""
# A signed-in editor for the admin rows: a session made in the database, no login form.
SESSION = f"""
from django.contrib.auth import get_user_model, BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from importlib import import_module
from django.conf import settings
SessionStore = import_module(settings.SESSION_ENGINE).SessionStore
User = get_user_model()
user = User.objects.filter(username="{BENCH_USER}").first() or User.objects.create_superuser("{BENCH_USER}", "bench@example.org", None)
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(session.session_key)
"""


def database_for(size):
    return BASE_URL if size == SIZES[0] else f"{BASE_URL}_{size // 1000}k"


def shell(code):
    """Run Python in the project with the benchmark's settings; its printed output."""
    return subprocess.run(
        [bench.PY, "manage.py", "shell", "-c", code],
        cwd=bench.ROOT,
        env=bench.environment("uncached"),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def build(size):
    """The corpus at `size` stories: the first size from scratch, a larger one as a copy of the
    one before grown by the difference."""
    bench.DATABASE_URL = database_for(size)
    name = bench.DATABASE_URL.rsplit("/", 1)[1]
    if size != SIZES[0]:
        source = database_for(SIZES[SIZES.index(size) - 1]).rsplit("/", 1)[1]
        exists = subprocess.run(
            ["psql", BASE_URL, "-Atc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        if not exists:
            bench.log(f"copying {source} to {name}")
            subprocess.run(
                ["psql", BASE_URL, "-c", f'CREATE DATABASE "{name}" TEMPLATE "{source}"'],
                check=True,
            )
    bench.manage("ensure_database")
    bench.manage("migrate", "--noinput", "-v0")
    bench.manage("load_demo")
    bench.log(f"building the corpus ({size} articles) in {name}")
    subprocess.run(
        ["nice", bench.PY, "manage.py", "load_bench_corpus", "--articles", str(size)],
        cwd=bench.ROOT,
        env=bench.environment("uncached"),
        check=True,
    )


def pages(size):
    last, person, tag = shell(FIND).splitlines()[-1].split("\t")
    return [
        ("front page", "/"),
        ("section /world/", "/world/"),
        ("section, page 50", "/world/?page=50"),
        ("section, last page", f"/world/?page={last}"),
        ("person (most stories)", f"/people/{person}/"),
        ("tag", f"/tags/{tag}/"),
        ("search, common words", "/search/?q=water+rates"),
        ("search, rare word", "/search/?q=shallal"),
        ("latest feed", "/feeds/latest/"),
        ("sitemap index", "/sitemap.xml"),
        ("sitemap page", "/sitemap-articles.xml"),
        ("admin article list", "/admin/articles/article/"),
        ("admin search", "/admin/articles/article/?q=syrian"),
    ]


def timings(opener, url):
    """Milliseconds for REQUESTS requests made one after another (after WARMUP untimed)."""
    samples = []
    for n in range(WARMUP + REQUESTS):
        started = time.perf_counter()
        with opener.open(url, timeout=60) as response:
            response.read()
            if response.status != 200:
                raise SystemExit(f"{url} answered {response.status}")
        if n >= WARMUP:
            samples.append((time.perf_counter() - started) * 1000)
    samples.sort()

    def pct(p):
        return samples[min(len(samples) - 1, int(round(p / 100 * len(samples))) - 1)]

    return {"p50": statistics.median(samples), "p95": pct(95), "p99": pct(99)}


def measure(size):
    bench.DATABASE_URL = database_for(size)
    bench.manage("collectstatic", "--noinput", "-v0")
    session = shell(SESSION).splitlines()[-1]
    listed = [(name, path) for name, path in pages(size) if not ONLY or name.startswith(ONLY)]
    server = bench.start_server("uncached", bench.PORT)
    results = {}
    try:
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        opener.addheaders = [("Cookie", f"sessionid={session}")]
        load = os.getloadavg()[0]
        for name, path in listed:
            url = f"http://127.0.0.1:{bench.PORT}{path}"
            try:
                results[name] = {**timings(opener, url), "path": path}
            except urllib.error.HTTPError as error:
                raise SystemExit(f"{path} answered {error.code} at {size} stories") from error
            bench.log(f"{size}: {name}: p50 {results[name]['p50']:.1f} ms")
        results["_load"] = (load, os.getloadavg()[0])
    finally:
        server.terminate()
        server.wait(timeout=30)
    return results


def main(build_first=True):
    started = time.monotonic()
    for size in SIZES if build_first else ():
        build(size)
    measured = {size: measure(size) for size in SIZES}
    small, large = SIZES[0], SIZES[-1]
    loads = ", ".join(
        f"{size:,}: {measured[size]['_load'][0]:.1f} → {measured[size]['_load'][1]:.1f}"
        for size in SIZES
    )
    lines = [
        f"{datetime.date.today().isoformat()}, `nproc` {os.cpu_count()}, "
        f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') // 2**30} GB memory; "
        f"cold pages (NEWSROOM_FRAGMENT_CACHE_SECONDS=0), gunicorn {bench.WORKERS} sync workers, "
        f"one request at a time, {REQUESTS} timed requests a page; load average {loads}.",
        "",
        f"| page | {small:,}: p50 / p95 / p99 ms | {large:,}: p50 / p95 / p99 ms | growth (p50) |",
        "|---|---:|---:|---:|",
    ]
    for name in (name for name in measured[large] if not name.startswith("_")):
        a, b = measured[small][name], measured[large][name]
        lines.append(
            f"| {name} | {a['p50']:.1f} / {a['p95']:.1f} / {a['p99']:.1f} | "
            f"{b['p50']:.1f} / {b['p95']:.1f} / {b['p99']:.1f} | {b['p50'] / a['p50']:.2f}× |"
        )
    table = "\n".join(lines)
    bench.VAR.mkdir(parents=True, exist_ok=True)
    (bench.VAR / "last-scale.md").write_text(table + "\n")
    print(table)
    bench.log(f"done in {time.monotonic() - started:.0f}s")


if __name__ == "__main__":
    main(build_first="--measure-only" not in sys.argv[1:])

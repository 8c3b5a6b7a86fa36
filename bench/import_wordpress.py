"""`make bench-import`: a generated WordPress export of 10,000 posts and 5,000 attachments
(each a real 800×533 JPEG in a copy of wp-content/uploads) imported into an empty database
with `manage.py import_wordpress --media-dir`, timed end to end; then run again, which must
change nothing, timed too. Renditions go to the background worker, as for a bulk upload:
the second figure is the worker making them all (`db_worker` until the queue is empty).

Settings (environment): BENCH_IMPORT_DATABASE_URL
(postgres://postgres@127.0.0.1:5432/newsroom_bench_import, dropped and made again),
BENCH_IMPORT_POSTS (10000), BENCH_IMPORT_ATTACHMENTS (5000), BENCH_IMPORT_RENDITIONS (200
photos' renditions timed; 0: none). The export is kept in bench/var/wordpress/ and made again when the sizes
change. The figures are written to bench/var/import-last-run.md.
"""

import datetime
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "bench" / "var" / "wordpress"
PY = sys.executable
DATABASE_URL = os.environ.get(
    "BENCH_IMPORT_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_bench_import"
)
POSTS = int(os.environ.get("BENCH_IMPORT_POSTS", "10000"))
ATTACHMENTS = int(os.environ.get("BENCH_IMPORT_ATTACHMENTS", "5000"))
RENDITIONS = int(os.environ.get("BENCH_IMPORT_RENDITIONS", "200"))


def env(**extra):
    values = dict(os.environ, DATABASE_URL=DATABASE_URL, DJANGO_SETTINGS_MODULE="newsroom.settings")
    values.setdefault("SECRET_KEY", "bench-import-" + "x" * 50)
    values.setdefault("NEWSROOM_SITE_URL", "http://127.0.0.1:8000")
    values["MEDIA_ROOT"] = str(VAR / "media")
    values["DEBUG"] = "0"  # production settings: no query log
    values.update(extra)
    return values


def manage(*args, **kwargs):
    return subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env(), check=True, **kwargs)


def make_export():
    export, uploads, stamp = VAR / "export.xml", VAR / "uploads", VAR / "sizes"
    wanted = f"{POSTS} {ATTACHMENTS}"
    if export.exists() and stamp.exists() and stamp.read_text() == wanted:
        return export, uploads
    VAR.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    code = (
        "import django; django.setup(); from wordpress.generate import write_export; "
        f"write_export({str(export)!r}, {str(uploads)!r}, posts={POSTS}, "
        f"attachments={ATTACHMENTS}, cases=False)"
    )
    subprocess.run([PY, "-c", code], cwd=ROOT, env=env(), check=True)
    stamp.write_text(wanted)
    size = export.stat().st_size / 1_048_576
    print(f"Generated the export ({size:.0f} MB) in {time.monotonic() - started:.0f} s")
    return export, uploads


def fresh_database():
    name = DATABASE_URL.rsplit("/", 1)[-1]
    admin = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    for sql in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
        subprocess.run(["psql", admin, "-qc", sql], check=True)
    subprocess.run(["rm", "-rf", str(VAR / "media")], check=True)
    manage("migrate", "--noinput", "-v0")


def timed(*args):
    """Wall-clock seconds of a manage.py command; its CPU seconds are kept in CPU."""
    started, before = time.monotonic(), resource.getrusage(resource.RUSAGE_CHILDREN)
    manage(*args, stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return time.monotonic() - started


CPU = []


def load():
    return Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else []


def main():
    export, uploads = make_export()
    fresh_database()
    report = VAR / "report.txt"
    before = load()
    first = timed(
        "import_wordpress", str(export), "--media-dir", str(uploads), "--report", str(report)
    )
    second = timed(
        "import_wordpress",
        str(export),
        "--media-dir",
        str(uploads),
        "--report",
        str(VAR / "again.txt"),
    )
    lines = [
        f"{datetime.date.today()}, nproc {os.cpu_count()}, load before {' '.join(before)}, "
        f"after {' '.join(load())}",
        f"import of {POSTS} posts and {ATTACHMENTS} attachments: {first:.0f} s "
        f"({first / 60:.1f} min; limit 10 min), of which the import process used {CPU[0]:.0f} "
        "CPU seconds (PostgreSQL's are not counted)",
        f"second run (changes nothing): {second:.0f} s",
    ]
    if RENDITIONS:
        worker = timed(
            "db_worker", "--queue-name", "*", "--batch", "--no-reload", "--no-startup-delay"
        )
        lines.append(f"renditions of {ATTACHMENTS} photos by one background worker: {worker:.0f} s")
    print("\n".join(lines))
    print((VAR / "again.txt").read_text().split("\n\n")[1])
    (VAR.parent / "import-last-run.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()

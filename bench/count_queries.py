"""Print the SQL queries each reader page runs, cold (fragment cache just renewed) and warm
(the request after), as tab-separated lines: path, cold, warm.

Run by bench/run.py with the same environment as the benchmarked server:
    python bench/count_queries.py / /world/ ...
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from reader import fragments  # noqa: E402


def count(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    return len(queries)


def main(paths):
    client = Client(HTTP_HOST="127.0.0.1")
    for path in paths:
        client.get(path)  # per-process caches (content types, templates), as a warm worker has
        fragments.new_generation()
        cold = count(client, path)
        warm = count(client, path)
        print(f"{path}\t{cold}\t{warm}")


if __name__ == "__main__":
    main(sys.argv[1:])

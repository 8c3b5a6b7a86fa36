"""How long an editor's saved correction takes to reach a reader through the front cache.

Starts the shipped stack (deploy/serve.py: nginx with the front cache and its purge module,
two app servers, the worker) on its own database with the demo newsroom, keeps the seed story
in the front cache, saves a correction through the same service the admin uses, and polls the
page through nginx until the correction shows. Prints each time and the worst.

    .venv/bin/python bench/correction_latency.py --trials 10

Uses REDIS_URL (default redis://127.0.0.1:6379/0; purging needs the shared index) and its own
database, newsroom_latency, so the demo's corrections are left alone.
"""

import argparse
import http.client
import importlib.util
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def load_serve():
    spec = importlib.util.spec_from_file_location("serve", ROOT / "deploy" / "serve.py")
    serve = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(serve)
    return serve


def fetch(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.getheader("X-Cache"), response.read().decode()
    finally:
        connection.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--trials", type=int, default=10)
    options = parser.parse_args()

    serve = load_serve()
    port = serve.spare_port()
    folder = Path(tempfile.mkdtemp(prefix="newsroom-latency-"))
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_latency")
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
    os.environ["NEWSROOM_FRONT_CACHE_SECONDS"] = "300"  # only a purge can refresh it
    os.environ["CACHE_KEY_PREFIX"] = "newsroom-latency"
    env = serve.environment("127.0.0.1", port, "latency-bench-" + "x" * 40)
    env.update(STATIC_ROOT=str(folder / "static"), MEDIA_ROOT=str(folder / "media"))
    serve.manage(env, "ensure_database")
    serve.manage(env, "migrate", "--noinput", "-v", "0")
    serve.manage(env, "collectstatic", "--noinput", "-v", "0")
    serve.manage(env, "load_demo")
    os.environ.update(env)
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from articles import services
    from articles.models import Article, Correction

    stack = serve.Stack("127.0.0.1", port, env, folder / "serve", quiet=True).start()
    try:
        story = Article.objects.get(slug="syrian-general-defects")
        editor = get_user_model().objects.filter(groups__name="Editors").first()
        path = story.get_absolute_url()
        times = []
        for trial in range(options.trials):
            for _ in range(5):  # into the front cache
                status, cache_state, _ = fetch(port, path)
                if cache_state == "HIT":
                    break
            assert cache_state == "HIT", "the story never reached the front cache"
            text = f"Latency trial {trial} {time.time():.0f}: an earlier version misstated a date."
            saved = time.monotonic()
            services.add_correction(story, editor, Correction.Kind.CORRECTION, text)
            stored = time.monotonic() - saved
            polls = 0
            while text not in fetch(port, path)[2]:
                polls += 1
                if time.monotonic() - saved > 30:
                    raise SystemExit("The correction did not show within 30 s.")
            times.append(time.monotonic() - saved)
            print(
                f"trial {trial + 1}: visible at the front cache after {times[-1] * 1000:.0f} ms "
                f"(saved and purged in {stored * 1000:.0f} ms; {polls} stale answers)"
            )
        print(
            f"{len(times)} corrections: median {sorted(times)[len(times) // 2] * 1000:.0f} ms, "
            f"worst {max(times) * 1000:.0f} ms (save included)"
        )
    finally:
        stack.stop()


if __name__ == "__main__":
    main()

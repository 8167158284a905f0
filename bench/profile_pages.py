#!/usr/bin/env python
"""Where a key page's server time goes: pyinstrument (or cProfile) around Django's whole request stack.

Uses a database filled by bench/dataset.py (PostgreSQL when DATABASE_URL names it), logged in as the
bench territory's referent, with the test client (no network). Each page is requested once to warm the
caches, then `--repeat` times under the profiler; the median time of those requests is printed first.

    .venv/bin/python bench/profile_pages.py [--database NAME] [--generate small|full] [--pages dashboard,roadmap]
                                            [--repeat 20] [--cprofile] [--html DIR]

`--generate` recreates the database with that scale first (else the database must already hold the
dataset, e.g. after `bench/run.py` or `bench/dataset.py`).
"""

import argparse
import os
import statistics
import sys
from pathlib import Path
from urllib.parse import urlparse, urlunparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import fresh_database, setup_django, stopwatch  # noqa: E402
from bench.run import collect_static, production_shape  # noqa: E402


def dataset_pages() -> tuple[str, dict]:
    """The referent's user name and the key pages of the bench dataset already in the database."""
    from types import SimpleNamespace

    from barometer.models import Edition
    from bench.run import pages
    from communes.models import Commune
    from diagnostics.models import Campaign

    commune = Commune.objects.filter(territory__slug="bench").order_by("pk").first()
    campaign = Campaign.objects.filter(commune=commune).order_by("pk").first()
    edition = Edition.objects.filter(territory__slug="bench").order_by("-year").first()
    data = SimpleNamespace(commune=commune.slug, campaign=campaign.pk, edition=edition.pk)
    return "bench-referent", pages(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="PostgreSQL database holding the dataset (default: DATABASE_URL's)")
    parser.add_argument("--generate", choices=["small", "full"], help="recreate the database at this scale first")
    parser.add_argument("--pages", help="comma-separated page names (default: every key page)")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--cprofile", action="store_true", help="cProfile's cumulative table instead of pyinstrument")
    parser.add_argument("--html", help="also write pyinstrument's HTML report of each page to this folder")
    args = parser.parse_args()

    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench")
    production_shape()  # DEBUG off, Redis as the cache when it answers: what the bench measures
    if args.database:
        parsed = urlparse(os.environ["DATABASE_URL"])
        os.environ["DATABASE_URL"] = urlunparse(parsed._replace(path=f"/{args.database}"))
    if args.generate:
        from bench.dataset import database_name, generate

        fresh_database(database_name())
        setup_django()
        generate(args.generate)
    else:
        setup_django(migrate=False)

    from django.conf import settings
    from django.contrib.auth import get_user_model

    collect_static()
    from django.test import Client

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    referent, urls = dataset_pages()
    if args.pages:
        wanted = {p.strip() for p in args.pages.split(",")}
        urls = {name: url for name, url in urls.items() if name in wanted}
    client = Client()
    client.force_login(get_user_model().objects.get(username=referent))
    for name, url in urls.items():
        assert client.get(url).status_code == 200, f"{name} ({url}) did not answer 200"
        samples = []
        for _ in range(args.repeat):
            with stopwatch() as elapsed:
                client.get(url)
            samples.append(elapsed())
        print(f"\n=== {name} {url}: median {statistics.median(samples) * 1000:.1f} ms over {args.repeat} requests")
        if args.cprofile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.repeat):
                client.get(url)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
            continue
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        profiler.start()
        for _ in range(args.repeat):
            client.get(url)
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False))
        if args.html:
            Path(args.html).mkdir(parents=True, exist_ok=True)
            (Path(args.html) / f"{name.replace(' ', '-')}.html").write_text(profiler.output_html())


if __name__ == "__main__":
    main()

"""gunicorn settings: ``gunicorn --config python:config.gunicorn config.wsgi``.

Sync workers, ``2 × cores + 1`` of them (``--workers`` / ``--worker-class``
on the command line override these). The site's requests are CPU-bound, and
one process runs on one core at a time. A sync worker takes a connection
only when it is idle and closes it after the answer, so the load spreads
over all workers. A threaded (gthread) worker keeps every keep-alive
connection it accepted: in the load test all 8 client connections once
landed in one of three workers, which then served everything on one core
while the other two idled (``bench/load.py`` prints each worker's share of
the CPU). Put a buffering proxy (nginx) in front, as for any sync worker.

Each worker loads the search data it keeps in memory (the facet image of
the database backend: seconds at 100,000 listings) before it takes its first
request, instead of during a visitor's search.
"""

import multiprocessing

worker_class = "sync"
workers = 2 * multiprocessing.cpu_count() + 1


def post_worker_init(worker):
    from search.services import search_warm_up

    search_warm_up()

"""gunicorn settings hooks: ``gunicorn --config python:config.gunicorn config.wsgi``.

Each worker loads the search data it keeps in memory (the facet image of
the database backend: seconds at 100,000 listings) before it takes its first
request, instead of during a visitor's search.
"""


def post_worker_init(worker):
    from search.services import search_warm_up

    search_warm_up()

"""Fixtures for the Elasticsearch backend tests (imported by the test modules).

The contract suite runs against the in-process ``osmem-server`` test server,
once with its Japanese analysis (kuromoji) and once without, or against a
real cluster when the environment variable ``ELASTICSEARCH_URL`` is set.
Each test gets its own index prefix, so one server serves the whole session.
"""

from __future__ import annotations

import os
import socket
import uuid

import pytest
from elastic_transport import Urllib3HttpNode

from search.backends import elasticsearch as es_module

NODE_CLASS = "tests.search.conftest_es.PlainJSONNode"

_COMPAT = "application/vnd.elasticsearch+"


class PlainJSONNode(Urllib3HttpNode):
    """TEST ONLY: send plain JSON media types instead of the 8.x compat ones.

    The 8.x client sends ``application/vnd.elasticsearch+json;
    compatible-with=8`` (and ``+x-ndjson`` for bulk), which osmem-server
    answers with 406.
    """

    def perform_request(self, method, target, body=None, headers=None, **kwargs):
        if headers is not None:
            headers = headers.copy()
            for name in ("accept", "content-type"):
                value = headers.get(name)
                if value and value.startswith(_COMPAT):
                    kind = value[len(_COMPAT) :].split(";", 1)[0].strip()
                    headers[name] = f"application/{kind}"
        return super().perform_request(
            method, target, body=body, headers=headers, **kwargs
        )


def real_cluster_url() -> str:
    return os.environ.get("ELASTICSEARCH_URL", "")


class _Servers:
    """osmem-server processes, started on first use, one per flavour."""

    def __init__(self):
        self._servers = {}

    def url(self, japanese: bool) -> str:
        if japanese not in self._servers:
            try:
                from osmem_server import OsmemServer
            except ImportError:  # pragma: no cover - dev requirement missing
                pytest.skip("osmem-server is not installed (requirements/dev.txt)")
            self._servers[japanese] = OsmemServer.start(japanese=japanese)
        return self._servers[japanese].url

    def close(self):
        for server in self._servers.values():
            server.close()
        self._servers.clear()


@pytest.fixture(scope="session")
def _es_servers():
    servers = _Servers()
    yield servers
    servers.close()


# The flavours the contract suite runs against.
ES_TARGETS = ["real"] if real_cluster_url() else ["osmem-ja", "osmem-plain"]


@pytest.fixture(params=ES_TARGETS)
def es_target(request, _es_servers):
    """``(url, node_class, expect_kuromoji)``; expect is None for a real cluster."""
    if request.param == "real":
        # A server that needs the plain-JSON node can ask for it the same way.
        return real_cluster_url(), os.environ.get("ELASTICSEARCH_NODE_CLASS", ""), None
    japanese = request.param == "osmem-ja"
    return _es_servers.url(japanese), NODE_CLASS, japanese


@pytest.fixture
def es_backend(es_target, settings):
    """An ElasticsearchBackend on its own index prefix; indices removed afterwards."""
    url, node_class, _expect = es_target
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = url
    settings.ELASTICSEARCH_NODE_CLASS = node_class
    settings.ELASTICSEARCH_TIMEOUT = 10.0
    settings.ELASTICSEARCH_INDEX_PREFIX = f"test-{uuid.uuid4().hex[:12]}"
    es_module.reset_client()
    backend = es_module.ElasticsearchBackend()
    yield backend
    try:
        client = es_module.get_client()
        names = client.indices.get(index=f"{backend.alias}*", allow_no_indices=True)
        for name in names:
            client.options(ignore_status=404).indices.delete(index=name)
    finally:
        es_module.reset_client()


def closed_port_url() -> str:
    """A loopback URL nothing listens on (the port was free a moment ago)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"

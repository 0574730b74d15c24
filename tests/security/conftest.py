"""The permission-matrix world: built once per module, rolled back at its end."""

import pytest
from django.db import transaction
from django.test import override_settings

from search.backends.database import ensure_fulltext_schema
from tests.factories.world import build_world


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Tests run without migrations: add the full-text table/column by hand."""
    with django_db_blocker.unblock():
        ensure_fulltext_schema()


@pytest.fixture(scope="module")
def world_media(tmp_path_factory):
    return tmp_path_factory.mktemp("world-media")


@pytest.fixture(autouse=True)
def _media(settings, world_media):
    """Replaces the root conftest's per-test media dirs: the world's files live on."""
    settings.MEDIA_ROOT = world_media / "media"
    settings.PRIVATE_MEDIA_ROOT = world_media / "private"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, world_media):
    """The world of tests/factories/world.py inside a module-wide transaction.

    Each test runs in a savepoint of it (pytest-django's ``db``), so every
    test starts from the same rows, as with Django's ``setUpTestData``.
    """
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=world_media / "media",
            PRIVATE_MEDIA_ROOT=world_media / "private",
        ),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)

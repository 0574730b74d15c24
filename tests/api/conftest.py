"""The API tests share the permission matrix's world (tests/factories/world.py)."""

from tests.security.conftest import (  # noqa: F401 - fixtures, registered by import
    _media,
    django_db_setup,
    world,
    world_media,
)

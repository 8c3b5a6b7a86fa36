"""Real components the operations tests share."""

import pytest

from .servers import RedisServer


@pytest.fixture
def redis_server():
    """A redis-server of the test's own on a spare port, stopped afterwards."""
    server = RedisServer()
    server.start()
    yield server
    server.stop()

"""The server's sockets send small responses at once (TCP_NODELAY), not after the client's delayed ACK."""

from __future__ import annotations

import socket

from api.app import bind_listener
from tests.fixtures import free_port


def test_accepted_connections_have_nodelay() -> None:
    listener = bind_listener("127.0.0.1", free_port())
    try:
        client = socket.create_connection(listener.getsockname(), timeout=5)
        accepted, _ = listener.accept()
        try:
            assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
        finally:
            accepted.close()
            client.close()
    finally:
        listener.close()

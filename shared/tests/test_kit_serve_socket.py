"""The served sockets: every accepted connection has TCP_NODELAY, so a small response is not
held back by Nagle's algorithm waiting for the client's delayed ACK; and an idle keep-alive
connection outlives the client's own expiry, so the server never closes one under a request."""

from __future__ import annotations

import asyncio
import socket
from typing import Any

import httpx
import uvicorn

from pathways.platform.serve import bind, uvicorn_config


async def _ok(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"ok"})


def test_the_listening_socket_disables_nagle() -> None:
    sock = bind("127.0.0.1", 0)
    try:
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
    finally:
        sock.close()


async def test_every_accepted_connection_has_tcp_nodelay() -> None:
    sock = bind("127.0.0.1", 0)
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(_ok, log_config=None, lifespan="off"))
    serving = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        for _ in range(500):  # started within 5 s
            if server.started:
                break
            await asyncio.sleep(0.01)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            assert (await client.get("/")).text == "ok"
            accepted = [
                c.transport.get_extra_info("socket") for c in server.server_state.connections
            ]
            assert accepted, "the keep-alive connection is open"
            assert all(s.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) for s in accepted)
    finally:
        server.should_exit = True
        await serving
        sock.close()


def test_idle_connections_outlive_every_clients_keep_alive() -> None:
    client_expiry = httpx.Limits().keepalive_expiry or 0  # httpx's default, the web app's too
    assert uvicorn_config("intake", 1).timeout_keep_alive > max(client_expiry, 60)

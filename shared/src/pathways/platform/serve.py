"""Serving one service: `python -m pathways.platform.serve <service> [--host] [--port]` (what
`make up` runs, and each service's `python -m pathways.<service>`).

The port is bound *before* the app is built, so a taken port costs one log line and exit
code 2 at once (no migrations, no broker clients, nothing left hanging). Uvicorn is given no
logging config of its own: its lines go through the platform's renderer (LOG_FORMAT), and a
SIGTERM stops the process within a few seconds (open connections get GRACE_SECONDS)."""

from __future__ import annotations

import argparse
import importlib
import os
import socket
import sys
from collections.abc import Mapping, Sequence

import structlog
import uvicorn
from uvicorn.supervisors import Multiprocess

from pathways.platform.logging import configure_logging

PORTS = {"intake": 8001, "mentoring": 8002, "family": 8003, "placements": 8004}
PORTS |= {"outcomes": 8005, "web": 8006}
GRACE_SECONDS = 3
# Idle keep-alive connections stay open longer than any client keeps one (httpx 5 s, load
# balancers 60 s): uvicorn's own 5 s met httpx's 5 s, and a request sent as the server closed
# its idle connection was reset by the peer (an e2e ReadError under load).
KEEP_ALIVE_SECONDS = 75
EXIT_PORT_TAKEN = 2
log = structlog.get_logger("pathways.serve")


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port; OSError if it is taken (or not ours to bind)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # not SO_REUSEPORT: one owner
    # No Nagle: a response's header and body writes must not wait on the client's delayed
    # ACK (40 ms). Accepted sockets inherit it on Linux; asyncio's transports set it too.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host, port))
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def serve(service: str, host: str, port: int) -> int:
    configure_logging(
        service, os.environ.get("LOG_LEVEL", "info"), os.environ.get("LOG_FORMAT", "json")
    )
    try:
        sock = bind(host, port)
    except OSError as exc:
        log.error(
            "server.port_taken",
            host=host,
            port=port,
            error=exc.strerror or repr(exc),
            hint="stop what listens there, or choose another port (--port / LOCAL_PORT_BASE)",
        )
        return EXIT_PORT_TAKEN
    workers = worker_count(os.environ)
    importlib.import_module(f"pathways.{service}.app")  # an import error fails here, once
    config = uvicorn_config(service, workers)
    if workers > 1:  # worker processes on one socket, each a whole service (PostgreSQL only)
        log.info("server.workers", workers=workers)
        Multiprocess(config, sockets=[sock]).run()
        return 0
    server = uvicorn.Server(config)
    server.run(sockets=[sock])
    return 0 if server.started else 1


def uvicorn_config(service: str, workers: int) -> uvicorn.Config:
    return uvicorn.Config(
        f"pathways.{service}.app:create_app",
        factory=True,
        workers=workers,
        log_config=None,  # the platform's logging (configure_logging), not uvicorn's
        access_log=False,
        timeout_graceful_shutdown=GRACE_SECONDS,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
        server_header=False,
    )


def worker_count(environ: Mapping[str, str]) -> int:
    """HTTP_WORKERS processes (default 1). On SQLite always one: one writer to the file is
    what SQLite does well, and the relay and consumers need no lock across processes there."""
    wanted = max(1, int(environ.get("HTTP_WORKERS", "1") or 1))
    if wanted > 1 and not environ.get("DATABASE_URL", "").startswith("postgresql"):
        log.warning("server.workers_ignored", workers=wanted, reason="SQLite: one process")
        return 1
    return wanted


def main(argv: Sequence[str] | None = None, service: str | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m pathways.platform.serve")
    if service is None:
        parser.add_argument("service", choices=sorted(PORTS))
    parser.add_argument("--host", default=os.environ.get("HTTP_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=None, help="default: HTTP_PORT or 800N")
    args = parser.parse_args(argv)
    name = service or args.service
    port = args.port or int(os.environ.get("HTTP_PORT", PORTS[name]))
    sys.exit(serve(name, args.host, port))


if __name__ == "__main__":
    main()

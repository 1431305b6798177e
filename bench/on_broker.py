"""Running one benchmark by itself (`python bench/<name>.py`): warnings-only logs, a local
broker started for the run, and a scratch folder when the benchmark keeps databases."""

from __future__ import annotations

import asyncio
import logging
import tempfile
from collections.abc import Awaitable, Callable

from pathways.platform.logging import configure_logging
from pathways.testing.kafka import kafka_server


def run_on_broker(main: Callable[[str], Awaitable[None]]) -> None:
    """`main(bootstrap)` on a broker of its own."""
    configure_logging("bench", "warning", "console")
    logging.getLogger("faststream").setLevel(logging.WARNING)
    with kafka_server() as address:
        asyncio.run(main(address))


def run_on_broker_in_folder(main: Callable[[str, str], Awaitable[None]]) -> None:
    """`main(bootstrap, folder)`: a broker of its own and a folder removed afterwards."""
    with tempfile.TemporaryDirectory() as folder:
        run_on_broker(lambda address: main(address, folder))

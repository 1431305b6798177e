"""`make bench`: every benchmark, one after the other, printing its figures."""

import asyncio
import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import consumer_catchup
import feed_intake
import kit_throughput
import loadgen
import matching
import outcomes_figures
import relay_latency
import release_workflow
import table

from pathways.platform.logging import configure_logging

if __name__ == "__main__":
    configure_logging("bench", "warning", "console")
    logging.getLogger("faststream").setLevel(logging.WARNING)
    print("== messaging kit throughput ==", flush=True)
    asyncio.run(kit_throughput.main())
    print("== relay hop latency ==", flush=True)
    from pathways.testing.kafka import kafka_server

    with kafka_server() as address:
        asyncio.run(relay_latency.main(address))
    print("== feed receptions through intake (a backlog caught up) ==", flush=True)
    import tempfile
    from contextlib import ExitStack

    from pathways.testing.postgres import postgres_server

    with ExitStack() as stack, tempfile.TemporaryDirectory() as folder:
        bootstrap = stack.enter_context(kafka_server())
        asyncio.run(feed_intake.run(bootstrap, stack.enter_context(postgres_server()), folder))
    print("== consumer catch-up: mentoring, family, placements ==", flush=True)
    with kafka_server() as address, tempfile.TemporaryDirectory() as folder:
        asyncio.run(consumer_catchup.run(address, folder))
    print("== matching ==", flush=True)
    matching.main()
    print("== staff API load (reads, writes on PostgreSQL, matching via the API) ==", flush=True)
    loadgen.main()
    print("== release workflow end to end (feed release -> its effects) ==", flush=True)
    release_workflow.run()
    print("== outcomes figures: summary and rebuild at growing fact counts ==", flush=True)
    outcomes_figures.main()
    table.print_table()

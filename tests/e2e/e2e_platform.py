"""The whole platform as separate OS processes, for the end-to-end tests.

`Platform` starts what `make up` starts (deploy/local/run.py): a Tansu broker on a free port,
the topics, and every installed service as `python -m uvicorn --factory
pathways.<svc>.app:create_app` on its own free port with its own database (a fresh
PostgreSQL database per service, or an SQLite file). Unlike run.py it can SIGKILL one
service and start it again with the same environment.

Also here: the prison's movement feed (`Feed`), a plain Kafka reader of the public topics
(`read_public_topics`, as an outside integration would read them), the wait for a quiet
platform (`Platform.wait_quiet`), and the polling helper `eventually`.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Coroutine, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import httpx
from cloudevents.core.bindings import kafka as cloudevents_kafka
from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, Producer, TopicPartition

from pathways.contracts import CONTENT_TYPE, HMPPS_TOPIC, PUBLIC_TOPICS, CloudEvent, parse_data
from pathways.messaging.topics import ensure_topics, platform_topics
from pathways.platform.devtoken import issue_token
from pathways.platform.serve import KEEP_ALIVE_SECONDS
from pathways.platform.settings import ServiceSettings
from pathways.testing.local_broker import free_port, start_tansu
from pathways.testing.local_broker import stop as stop_tansu
from pathways.testing.postgres import create_database, drop_database, postgres_server

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("intake", "mentoring", "family", "placements", "outcomes")
# Every role with national scope: the story crosses prisons (transfers, releases).
ALL_ROLES = tuple(
    f"{role}:all" for role in ("intake", "mentoring", "family", "placements", "reporting", "admin")
)
T = TypeVar("T")


def installed(name: str) -> bool:
    """The service's package and its app module are installed (as run.py decides)."""
    if importlib.util.find_spec(f"pathways.{name}") is None:
        return False
    return importlib.util.find_spec(f"pathways.{name}.app") is not None


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to the end on a private loop in another thread (the tests are sync and
    must not disturb the event loops pytest-asyncio keeps for other modules)."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def eventually(
    check: Callable[[], T], *, timeout: float = 60.0, interval: float = 0.25, what: str = ""
) -> T:
    """Call `check` until it stops raising AssertionError (or an HTTP error) and return its
    result; after `timeout` seconds re-raise the last failure."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return check()
        except (AssertionError, httpx.HTTPError) as failure:
            if time.monotonic() > deadline:
                raise AssertionError(f"not true after {timeout:.0f}s: {what}\n{failure}") from None
        time.sleep(interval)


# --------------------------------------------------------------------------- processes


@dataclass
class ServiceProcess:
    """One service as its own OS process (its own session, so a kill hits nothing else)."""

    name: str
    port: int
    env: dict[str, str]
    log_file: Path
    process: subprocess.Popen[bytes] | None = None
    starts: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        assert self.process is None or self.process.poll() is not None, f"{self.name} runs"
        self.starts += 1
        with open(self.log_file, "ab") as log:
            log.write(f"\n===== start {self.starts} of {self.name} =====\n".encode())
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    "--factory",
                    f"pathways.{self.name}.app:create_app",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                    "--no-access-log",
                    "--timeout-keep-alive",
                    str(KEEP_ALIVE_SECONDS),  # as pathways.platform.serve runs it
                ],
                env=self.env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def is_ready(self) -> bool:
        if self.process is None or self.process.poll() is not None:
            return False
        try:
            response = httpx.get(f"{self.url}/health/ready", timeout=2)
        except httpx.HTTPError:
            return False
        return response.status_code == 200

    def kill(self) -> None:
        """SIGKILL: no shutdown hooks, no offset commit, no outbox flush."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.kill()

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_file.read_text(errors="replace").splitlines()
        except OSError:
            return ""
        return "\n".join(text[-lines:])


def wait_ready(services: Iterable[ServiceProcess], timeout: float = 120.0) -> None:
    waiting = list(services)
    deadline = time.monotonic() + timeout
    while waiting:
        for service in list(waiting):
            if service.process is not None and service.process.poll() is not None:
                raise RuntimeError(
                    f"{service.name} exited with {service.process.returncode}:\n"
                    f"{service.log_tail()}"
                )
            if service.is_ready():
                waiting.remove(service)
        if waiting and time.monotonic() > deadline:
            tails = "\n".join(f"--- {s.name}\n{s.log_tail()}" for s in waiting)
            raise RuntimeError(
                f"not ready after {timeout:.0f}s: {[s.name for s in waiting]}\n{tails}"
            )
        if waiting:
            time.sleep(0.25)


@dataclass
class Platform:
    """The broker and every installed service, each service with its own database."""

    database: str  # "postgresql" | "sqlite"
    bootstrap: str
    key_file: Path
    services: dict[str, ServiceProcess] = field(default_factory=dict)
    consumer_groups: dict[str, list[str]] = field(default_factory=dict)
    broker: subprocess.Popen[bytes] | None = None
    broker_log: Path | None = None

    def replace_broker(self) -> None:
        """SIGKILL the broker and start a fresh, empty one on the same port (Tansu keeps
        everything in memory: no topics, no groups, no offsets); the services keep running."""
        assert self.broker is not None
        self.broker.kill()
        self.broker.wait(10)
        self.broker = start_tansu(int(self.bootstrap.rsplit(":", 1)[1]), self.broker_log)

    @property
    def settings(self) -> ServiceSettings:
        return ServiceSettings(
            kafka_bootstrap_servers=self.bootstrap, auth_dev_key_file=str(self.key_file)
        )

    def token(self, *roles: str, caseloads: tuple[str, ...] = ()) -> str:
        """`roles` for `caseloads`, or every role nationally."""
        return issue_token(
            roles or ALL_ROLES, caseloads=caseloads, subject="e2e-tester", settings=self.settings
        )

    def url(self, name: str) -> str:
        return self.services[name].url

    def has(self, name: str) -> bool:
        return name in self.services

    def kill(self, *names: str) -> None:
        for name in names:
            self.services[name].kill()

    def restart(self, *names: str) -> None:
        """Start killed services again with the same environment and wait until ready."""
        for name in names:
            self.services[name].start()
        wait_ready(self.services[n] for n in names)

    def spans(self) -> dict[str, list[dict[str, Any]]]:
        """Every span each service has exported so far (its JSON-lines span file)."""
        found: dict[str, list[dict[str, Any]]] = {}
        for name, service in self.services.items():
            path = Path(service.env["TRACING_FILE"])
            lines = path.read_text().splitlines() if path.exists() else []
            found[name] = [json.loads(line) for line in lines if line.strip()]
        return found

    def learn_consumer_groups(self) -> None:
        """Each service's consumer groups and their topics, from its AsyncAPI document (again
        after a read model's rebuild: its old group is stopped, a new one reads)."""
        self.consumer_groups.clear()
        for service in self.services.values():
            document = httpx.get(f"{service.url}/asyncapi", timeout=10).json()
            for group, spec in document.get("x-pathways-consumes", {}).items():
                self.consumer_groups[group] = list(spec["topics"])

    def wait_quiet(self, timeout: float = 60.0) -> None:
        """Wait until nothing is in flight: every outbox is empty and every consumer group has
        committed every message of its topics, twice in a row with no new message between."""
        headers = {"Authorization": f"Bearer {self.token('admin')}"}
        deadline = time.monotonic() + timeout
        previous: dict[tuple[str, int], int] | None = None
        while True:
            ends = topic_ends(
                self.bootstrap, {t for ts in self.consumer_groups.values() for t in ts}
            )
            backlog = {
                name: httpx.get(f"{s.url}/health/ready", headers=headers, timeout=5)
                .json()
                .get("outbox_backlog")
                for name, s in self.services.items()
            }
            lagging = {
                group: lag
                for group, topics in self.consumer_groups.items()
                if (lag := consumer_lag(self.bootstrap, group, topics, ends))
            }
            quiet = not lagging and all(b == 0 for b in backlog.values())
            if quiet and previous == ends:
                return
            previous = ends if quiet else None
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"platform not quiet after {timeout:.0f}s: outbox {backlog}, lag {lagging}"
                )
            time.sleep(0.5)

    def dead_letters(self) -> dict[str, int]:
        """Dead letters waiting (status new) in every service, by the admin API."""
        headers = {"Authorization": f"Bearer {self.token('admin')}"}
        totals = {}
        for name, service in self.services.items():
            response = httpx.get(f"{service.url}/admin/dead-letters", headers=headers, timeout=10)
            response.raise_for_status()
            totals[name] = response.json()["total"]
        return totals

    def stop(self) -> None:
        for service in self.services.values():
            with contextlib.suppress(Exception):
                service.stop()


@contextlib.contextmanager
def running_platform(database: str, workdir: Path) -> Iterator[Platform]:
    """Start the broker, the topics and every installed service; stop them all at the end,
    whatever happens (and drop the PostgreSQL databases)."""
    server_stack = contextlib.ExitStack()
    broker = None
    platform: Platform | None = None
    databases: list[str] = []
    server_url = ""
    try:
        port = free_port()
        broker = start_tansu(port, workdir / "broker.log")
        platform = Platform(database, f"127.0.0.1:{port}", workdir / "dev-jwt-key.pem")
        platform.broker, platform.broker_log = broker, workdir / "broker.log"
        platform.token("admin")  # creates the signing key before any service reads it
        run_async(ensure_topics(platform.settings, platform_topics(), partitions=3))
        if database == "postgresql":
            server_url = server_stack.enter_context(postgres_server())
        for name in SERVICES:
            if not installed(name):
                continue
            if database == "postgresql":
                url = run_async(create_database(server_url, prefix=f"pathways_e2e_{name}"))
                databases.append(url)
            else:
                url = f"sqlite+aiosqlite:///{workdir / name}.db"
            env = {
                k: v
                for k, v in os.environ.items()
                if not k.startswith(("KAFKA_", "DATABASE_", "AUTH_", "OTEL_", "TRACING_"))
            }
            env.update(
                KAFKA_BOOTSTRAP_SERVERS=platform.bootstrap,
                DATABASE_URL=url,
                AUTH_DEV_KEY_FILE=str(platform.key_file),
                LOG_FORMAT="json",
                KAFKA_TOPIC_PARTITIONS="3",  # as created above, should a service recreate them
                BROKER_CHECK_SECONDS="1",
                # Every span, one JSON object a line, in a file per service (test_e2e_tracing).
                OTEL_TRACES_EXPORTER="jsonl",
                TRACING_FILE=str(workdir / f"{name}-spans.jsonl"),
            )
            platform.services[name] = ServiceProcess(
                name, free_port(), env, workdir / f"{name}.log"
            )
        for service in platform.services.values():  # all at once: start-up is mostly waiting
            service.start()
        wait_ready(platform.services.values())
        platform.learn_consumer_groups()
        yield platform
    finally:
        if platform is not None:
            platform.stop()
        if platform is not None and platform.broker is not None:
            stop_tansu(platform.broker)
        elif broker is not None:
            stop_tansu(broker)
        for url in databases:
            with contextlib.suppress(Exception):
                run_async(drop_database(server_url, url))
        server_stack.close()


# --------------------------------------------------------------------------- Kafka


def _consumer(group: str | None = None) -> dict[str, Any]:
    """Settings of a consumer that never joins a group and never commits (the client wants a
    group id even so: a throwaway one unless we look up `group`'s committed offsets)."""
    return {
        "group.id": group or f"e2e-reader-{uuid.uuid4().hex}",
        "enable.auto.commit": False,
        "enable.auto.offset.store": False,
        "log_level": 3,
    }


def high_watermarks(bootstrap: str, topics: Iterable[str]) -> dict[tuple[str, int], int]:
    """The broker's high watermark of every partition. Tansu (memory storage) answers with
    the base offset of the last record batch + 1, not the last offset + 1, so this can be
    short of the real end: `topic_ends` reads the real one."""
    consumer = Consumer({"bootstrap.servers": bootstrap, **_consumer()})
    try:
        ends: dict[tuple[str, int], int] = {}
        for topic in sorted(topics):
            metadata = consumer.list_topics(topic, timeout=10).topics[topic]
            for partition in metadata.partitions:
                _, high = consumer.get_watermark_offsets(
                    TopicPartition(topic, partition), timeout=10, cached=False
                )
                ends[(topic, partition)] = high
        return ends
    finally:
        consumer.close()


def read_topics(bootstrap: str, topics: Iterable[str], idle: float = 0.6) -> list[Any]:
    """Every message of `topics` from the earliest offset to the end, with a fresh consumer
    that joins no group and commits nothing: read past the broker's high watermarks, until
    nothing more comes for `idle` seconds."""
    ends = high_watermarks(bootstrap, topics)
    return _read_from(bootstrap, dict.fromkeys(ends, OFFSET_BEGINNING), ends, idle)


def _read_from(
    bootstrap: str,
    starts: dict[tuple[str, int], int],
    ends: dict[tuple[str, int], int],
    idle: float,
    busy_is_an_answer: bool = False,
) -> list[Any]:
    """Read from `starts` past `ends` until nothing comes for `idle` seconds. Messages that
    keep coming for 30 s fail the read, unless `busy_is_an_answer`: then what was read."""
    consumer = Consumer({"bootstrap.servers": bootstrap, **_consumer()})
    messages = []
    try:
        consumer.assign([TopicPartition(t, p, offset) for (t, p), offset in starts.items()])
        reached = {tp for tp, high in ends.items() if high == 0}
        deadline = time.monotonic() + 30
        quiet_since = time.monotonic()
        while len(reached) < len(ends) or time.monotonic() - quiet_since < idle:
            if time.monotonic() > deadline:
                if busy_is_an_answer and len(reached) == len(ends):
                    break  # every end reached, more still coming: busy, not broken
                raise AssertionError(f"could not read {sorted(ends)} to the end")
            message = consumer.poll(0.2)
            if message is None:
                continue
            if message.error():
                if message.error().code() == KafkaError._PARTITION_EOF:
                    continue
                raise AssertionError(f"read error: {message.error()}")
            quiet_since = time.monotonic()
            messages.append(message)
            if message.offset() + 1 >= ends[(message.topic(), message.partition())]:
                reached.add((message.topic(), message.partition()))
    finally:
        consumer.close()
    return messages


def topic_ends(bootstrap: str, topics: Iterable[str]) -> dict[tuple[str, int], int]:
    """The real end (last offset + 1) of every partition of `topics`. The high watermark is
    at most one past the last batch's first offset, so reading from just before it (the
    last batch and whatever came since) finds the end without re-reading the topic. On
    topics that never fall silent for 30 s (a busy platform) the ends read so far: the
    caller (`wait_quiet`) sees them move and waits on."""
    highs = high_watermarks(bootstrap, topics)
    starts = {tp: max(high - 1, 0) for tp, high in highs.items()}
    ends = dict(highs)
    for message in _read_from(bootstrap, starts, highs, idle=0.3, busy_is_an_answer=True):
        where = (message.topic(), message.partition())
        ends[where] = max(ends[where], message.offset() + 1)
    return ends


def consumer_lag(
    bootstrap: str, group: str, topics: list[str], ends: dict[tuple[str, int], int]
) -> int:
    """Messages of `topics` the group has not committed yet (a look-up only: this consumer
    never joins the group)."""
    consumer = Consumer({"bootstrap.servers": bootstrap, **_consumer(group)})
    try:
        wanted = [TopicPartition(t, p) for (t, p) in ends if t in topics]
        committed = consumer.committed(wanted, timeout=10)
        return sum(max(0, ends[(c.topic, c.partition)] - max(c.offset, 0)) for c in committed)
    finally:
        consumer.close()


@dataclass(frozen=True)
class PublicEvent:
    """One message of a public topic, read and checked as an outside integration would."""

    topic: str
    partition: int
    offset: int
    key: str | None
    headers: dict[str, str]
    envelope: CloudEvent

    @property
    def type(self) -> str:
        return self.envelope.type

    @property
    def data(self) -> dict[str, Any]:
        return self.envelope.data

    def concerns(self, person_ids: Iterable[str]) -> bool:
        fields = ("person_id", "mentor_person_id", "mentee_person_id")
        wanted = set(person_ids)
        return self.envelope.subject in wanted or any(
            str(self.data.get(f)) in wanted for f in fields
        )


def _correlation(envelope: CloudEvent) -> str:
    return envelope.correlationid or envelope.id


def _sdk_type(message: Any) -> str:
    """The type the official CloudEvents SDK reads, auto-detecting the mode."""
    record = cloudevents_kafka.KafkaMessage(
        headers={k: v or b"" for k, v in (message.headers() or [])},
        key=message.key(),
        value=message.value(),
    )
    return cloudevents_kafka.from_kafka_event(record).get_type()


def read_public_topics(bootstrap: str) -> list[PublicEvent]:
    """Every message on pathways.intake/mentoring/family/placements, each checked to be a
    valid CloudEvent of the contract (raises AssertionError naming the first bad one)."""
    events = []
    for message in read_topics(bootstrap, PUBLIC_TOPICS):
        where = f"{message.topic()}[{message.partition()}]@{message.offset()}"
        headers = {k: (v or b"").decode() for k, v in (message.headers() or [])}
        try:
            envelope = CloudEvent.model_validate_json(message.value())
            parse_data(envelope)  # the type is known and its data valid
        except Exception as error:
            raise AssertionError(f"{where} is not a valid contract event: {error}") from error
        key = message.key().decode() if message.key() is not None else None
        problems = [
            f"{name} {got!r} != {want!r}"
            for name, got, want in (
                ("specversion", envelope.specversion, "1.0"),
                ("event_type", headers.get("event_type"), envelope.type),
                ("event_id", headers.get("event_id"), envelope.id),
                ("content-type", headers.get("content-type"), CONTENT_TYPE),
                (
                    "correlation_id",
                    headers.get("correlation_id"),
                    envelope.correlationid or envelope.id,
                ),
                ("ce_* headers", [h for h in headers if h.startswith("ce_")], []),
                ("CloudEvents SDK type", _sdk_type(message), envelope.type),
                ("key", key, envelope.subject),
                ("topic", message.topic(), f"pathways.{envelope.type.split('.', 1)[0]}"),
            )
            if got != want
        ]
        assert not problems, f"{where} ({envelope.type}): {'; '.join(problems)}"
        events.append(
            PublicEvent(
                message.topic(), message.partition(), message.offset(), key, headers, envelope
            )
        )
    # The topics are at-least-once (a publish confirmed late may be sent again) and
    # contract.md has consumers dedupe on `id`: a repeat must be the very same event, and each
    # event counts once. Two different events never share an id.
    distinct: dict[str, PublicEvent] = {}
    for event in events:
        first = distinct.setdefault(event.envelope.id, event)
        assert first.envelope == event.envelope and first.key == event.key, (
            f"{event.topic}[{event.partition}]@{event.offset} and "
            f"{first.topic}[{first.partition}]@{first.offset} are different events with one id"
        )
    return list(distinct.values())


# --------------------------------------------------------------------------- the feed


def feed_time(at: datetime) -> str:
    """The ministry's form: an offset and nanosecond precision."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f") + "113Z"


def movement(event_type: str, noms: str, prison: str, reason: str, at: datetime) -> dict:
    """A ministry movement message (`prisoner-offender-search.*` or
    `prison-offender-events.*`) in the published shape."""
    info: dict[str, Any] = {"nomsNumber": noms, "prisonId": prison, "reason": reason}
    message: dict[str, Any] = {
        "eventType": event_type,
        "version": 1,
        "description": "A prisoner movement",
        "occurredAt": feed_time(at),
        "additionalInformation": info,
        "personReference": {"identifiers": [{"type": "NOMS", "value": noms}]},
    }
    if event_type.startswith("prison-offender-events."):
        outside = event_type.endswith("released")
        message["publishedAt"] = feed_time(datetime.now(UTC))
        info.update(
            details="Movement reason code XX",
            currentLocation="OUTSIDE_PRISON" if outside else "IN_PRISON",
            currentPrisonStatus="NOT_UNDER_PRISON_CARE" if outside else "UNDER_PRISON_CARE",
            nomisMovementReasonCode="XX",
        )
    else:
        message["detailUrl"] = f"https://prisoner-search.example/prisoner/{noms}"
    return message


class Feed:
    """The prison's movement feed on `hmpps.domain-events`, keyed by prison number.
    `copies=2` delivers every message twice, as the ministry's feed may."""

    SEARCH_RECEIVED = "prisoner-offender-search.prisoner.received"
    SEARCH_RELEASED = "prisoner-offender-search.prisoner.released"
    EVENTS_RECEIVED = "prison-offender-events.prisoner.received"
    EVENTS_RELEASED = "prison-offender-events.prisoner.released"

    def __init__(self, bootstrap: str, copies: int = 1) -> None:
        self.bootstrap = bootstrap
        self.copies = copies
        self.sent: list[dict] = []

    def publish(self, *messages: dict) -> None:
        producer = Producer({"bootstrap.servers": self.bootstrap, "log_level": 3})
        for message in messages:
            noms = message["additionalInformation"]["nomsNumber"]
            for _ in range(self.copies):
                producer.produce(HMPPS_TOPIC, json.dumps(message).encode(), key=noms.encode())
                self.sent.append(message)
        assert producer.flush(15) == 0, "the feed could not be published"

    def replay(self) -> None:
        """Deliver the whole history once more, in order (a bridge replaying the feed)."""
        history = list({json.dumps(m, sort_keys=True): m for m in self.sent}.values())
        copies, self.copies = self.copies, 1
        try:
            self.publish(*history)
        finally:
            self.copies = copies

    def received(self, noms: str, prison: str, at: datetime, reason: str = "NEW_ADMISSION") -> None:
        """The immediate reception (`prisoner-offender-search.prisoner.received`)."""
        self.publish(movement(self.SEARCH_RECEIVED, noms, prison, reason, at))

    def released(self, noms: str, prison: str, at: datetime, reason: str = "RELEASED") -> None:
        """The delayed, reversal-suppressed `prison-offender-events.prisoner.released`: the
        only message intake acts on as a release (with reason RELEASED)."""
        self.publish(movement(self.EVENTS_RELEASED, noms, prison, reason, at))

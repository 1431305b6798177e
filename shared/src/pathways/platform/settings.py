"""Settings every service reads from its environment (pydantic-settings; no prefix, one
process per service). A service subclasses `ServiceSettings` to add its own."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore", env_file=None)

    service_name: ClassVar[str] = "service"

    # Database: SQLite file by default (embedded), PostgreSQL in production.
    database_url: str = ""
    run_migrations: bool = True

    # Kafka: PLAINTEXT locally; SASL/SCRAM or mTLS in production.
    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    kafka_client_id: str = ""
    kafka_security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    kafka_sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] = "SCRAM-SHA-512"
    kafka_sasl_username: str = ""
    kafka_sasl_password: SecretStr = SecretStr("")
    kafka_ssl_cafile: str = ""
    kafka_ssl_certfile: str = ""
    kafka_ssl_keyfile: str = ""

    # A broker restarted empty: how often to look, and whether to recreate the topics
    # (partition count as for `python -m pathways.messaging.topics`).
    broker_check_seconds: float = 2.0
    kafka_recreate_topics: bool = True
    kafka_topic_partitions: int = 6

    # Consumers and the outbox relay. A batch is up to CONSUMER_BATCH_SIZE records (one
    # transaction). A fetch returns as soon as records wait and waits at most
    # CONSUMER_FETCH_MAX_WAIT_MS for new ones (low latency when quiet), in requests of up to
    # CONSUMER_FETCH_MAX_BYTES, CONSUMER_MAX_PARTITION_FETCH_BYTES a partition (large batches
    # under a backlog). The relay is woken by each commit that writes outbox rows (and, on
    # PostgreSQL, by LISTEN/NOTIFY from other replicas); OUTBOX_POLL_SECONDS is the fallback.
    consumer_batch_size: int = 500
    consumer_max_retries: int = 3
    consumer_fetch_max_wait_ms: int = Field(default=20, ge=0)
    # The broker answers a fetch once this many bytes wait (or the max wait passed): 1 for the
    # workflow's consumers (latency); a read model may trade latency for larger batches.
    consumer_fetch_min_bytes: int = Field(default=1, ge=1)
    consumer_fetch_max_bytes: int = Field(default=50 * 1024 * 1024, ge=1024)
    consumer_max_partition_fetch_bytes: int = Field(default=4 * 1024 * 1024, ge=1024)
    outbox_poll_seconds: float = 1.0
    # Readiness goes red when the oldest unpublished outbox row is older than this.
    outbox_stuck_seconds: float = 120.0

    # Tokens: JWKS of the identity provider in production, a local key file otherwise.
    auth_jwks_url: str = ""
    auth_issuer: str = "pathways-local"
    auth_audience: str = "pathways"
    auth_dev_key_file: str = "var/dev-jwt-key.pem"

    # Staff API: a larger request body is refused with 413.
    max_request_bytes: int = 1_048_576
    # At most this many requests in progress per process; more get 503 + Retry-After (0: no
    # bound). See pathways.platform.load_shedding.
    http_max_in_flight: int = Field(default=64, ge=0)
    # Reads' audit rows go through one queue (pathways.platform.audit_writer): `group_commit`
    # answers a read once its row is committed (batched with others); `background` at once.
    audit_reads: Literal["group_commit", "background"] = "group_commit"

    # Retention (issue 15; see the README's data protection section). Case records: how long
    # after a person's last release (or last activity) this service keeps them; the audit of
    # reads and changes, and processed messages (published outbox rows, inbox rows, dead
    # letters), go after their own, shorter periods. The purge runs every
    # RETENTION_PURGE_INTERVAL_SECONDS in the service process (0: never; run it by hand).
    retention_case_records_days: int = Field(default=6 * 365 + 2, ge=1)
    retention_audit_days: int = Field(default=2 * 365 + 1, ge=1)
    retention_messages_days: int = Field(default=90, ge=1)
    retention_purge_interval_seconds: float = Field(default=86_400.0, ge=0)
    # Tracing (OpenTelemetry, see pathways.platform.tracing): spans are always made and the
    # traceparent always carried; exported only if an exporter is named (or an OTLP endpoint
    # given). `jsonl` appends one JSON span a line to `tracing_file` (tests, debugging).
    otel_traces_exporter: Literal["", "none", "otlp", "console", "jsonl", "memory"] = ""
    otel_exporter_otlp_endpoint: str = ""  # e.g. http://collector:4318 (OTLP over HTTP)
    otel_exporter_otlp_traces_endpoint: str = ""  # the full URL, …/v1/traces, if not that
    tracing_file: str = ""

    log_level: str = "info"
    log_format: Literal["json", "console"] = "json"

    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite+aiosqlite:///var/{self.service_name}.db"

    def effective_client_id(self) -> str:
        return self.kafka_client_id or f"pathways-{self.service_name}"

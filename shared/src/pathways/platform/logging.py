"""structlog set-up: one JSON object per line (console renderer locally), context variables
(service, correlation id, event id…) on every line, and personal data redacted."""

from __future__ import annotations

import logging
import sys
from typing import Any

import structlog

from pathways.messaging.context import merge_work

# Keys that name personal data: their values never reach a log line.
PERSONAL_KEYS = frozenset(
    {
        "name",
        "first_name",
        "last_name",
        "given_name",
        "family_name",
        "full_name",
        "date_of_birth",
        "dob",
        "notes",
        "note",
        "address",
        "phone",
        "email",
        "contact_details",
        "next_of_kin",
        "free_text",
        "password",
        "token",
        "authorization",
    }
)
REDACTED = "[redacted]"


def redact_personal_data(_: Any, __: str, event_dict: dict[str, Any]) -> dict[str, Any]:
    for key in event_dict.keys() & PERSONAL_KEYS:
        event_dict[key] = REDACTED
    return event_dict


def configure_logging(service: str, level: str = "info", fmt: str = "json") -> None:
    """Route structlog and the standard library (uvicorn, aiokafka) through one renderer."""
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        merge_work,  # the ids of the request or event in hand
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        redact_personal_data,
    ]
    renderer: Any = (
        structlog.dev.ConsoleRenderer(colors=False)
        if fmt == "console"
        else structlog.processors.JSONRenderer()
    )
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *shared,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared,
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,
                renderer,
            ],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    adopt_library_loggers()
    for noisy in ("aiokafka", "uvicorn.access", "alembic.runtime.plugins"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
    handler.addFilter(RepeatFilter())
    logging.captureWarnings(True)  # warnings.warn → the `py.warnings` logger, not bare stderr
    structlog.contextvars.bind_contextvars(service=service)


# Libraries that install handlers of their own (uvicorn's dictConfig; FastStream's colour
# formatter on stderr/stdout): their records go to the root handler above instead.
ADOPTED = ("uvicorn", "uvicorn.error", "uvicorn.access", "faststream", "aiokafka")


def adopt_library_loggers() -> None:
    names = [
        name
        for name in list(logging.root.manager.loggerDict)
        if name.startswith(ADOPTED) or name in ADOPTED
    ]
    for name in {*ADOPTED, *names}:
        logger = logging.getLogger(name)
        logger.handlers[:] = []
        logger.propagate = True


class RepeatFilter(logging.Filter):
    """One line per message template per `window_s`: a lost broker makes aiokafka log the
    same connection error every few hundred milliseconds; the platform's own `broker.lost`
    line says it once."""

    def __init__(self, window_s: float = 60.0) -> None:
        super().__init__()
        self.window_s = window_s
        self._last: dict[tuple[str, object], float] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith("aiokafka"):
            return True
        key = (record.name, record.msg)
        last = self._last.get(key)
        if last is not None and record.created - last < self.window_s:
            return False
        self._last[key] = record.created
        if len(self._last) > 1000:
            self._last.clear()
        return True

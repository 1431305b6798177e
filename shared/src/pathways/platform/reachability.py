"""One log line when a dependency (the broker, the database) is lost and one when it is back,
however often it is probed in between: an operator greps `broker.lost` / `broker.back`,
`database.lost` / `database.back`, not a flood of client errors."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

import structlog

log = structlog.get_logger("pathways.reachability")


class Reachability:
    def __init__(self, dependency: str) -> None:
        self.dependency = dependency
        self.up = True
        self._lost_at = 0.0

    def lost(self, error: BaseException | str, **fields: object) -> None:
        """The dependency failed a probe: logged once, until it is back."""
        if not self.up:
            return
        self.up, self._lost_at = False, time.monotonic()
        text = error if isinstance(error, str) else repr(error)
        log.error(f"{self.dependency}.lost", error=text[:300], **fields)

    def back(self) -> None:
        """The dependency answered again: logged once, with how long it was gone."""
        if self.up:
            return
        self.up = True
        log.info(f"{self.dependency}.back", down_s=round(time.monotonic() - self._lost_at, 1))


async def watch(
    reachability: Reachability, probe: Callable[[], Awaitable[object]], every_s: float
) -> None:
    """Probe every `every_s` seconds (each probe bounded by the same time) for good."""
    while True:
        await asyncio.sleep(every_s)
        try:
            await asyncio.wait_for(probe(), timeout=max(every_s, 5.0))
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            reachability.lost(exc)
        else:
            reachability.back()

"""Does a class fulfil a unit-of-work protocol? Nothing type-checks the services, so a test
asks: every method the protocol names, with the same parameters, and every repository it
names, whose class (the implementation's annotation, or the attribute a fresh instance has)
in turn has every method of the repository's protocol."""

from __future__ import annotations

import inspect
from typing import Any, ClassVar, Protocol, get_origin, get_type_hints

_SPECIAL = {"__aenter__", "__aexit__"}


def _is_protocol(kind: Any) -> bool:
    return isinstance(kind, type) and getattr(kind, "_is_protocol", False)


def _methods(protocol: type) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for klass in reversed(protocol.__mro__):
        if klass in (object, Protocol) or not _is_protocol(klass):
            continue
        for name, value in vars(klass).items():
            if callable(value) and (not name.startswith("_") or name in _SPECIAL):
                found[name] = value
    return found


def _parameters(function: Any) -> list[tuple[str, Any]]:
    return [(p.name, p.kind) for p in inspect.signature(function).parameters.values()]


def missing(protocol: type, implementation: type, instance: object | None = None) -> list[str]:
    """What `implementation` lacks of `protocol` (empty: it fulfils it). `instance`: one made
    of it, for attributes assigned at run time rather than annotated in the class."""
    gaps = []
    for name, method in _methods(protocol).items():
        own = getattr(implementation, name, None)
        if own is None:
            gaps.append(f"{implementation.__name__}.{name}")
        elif _parameters(own) != _parameters(method):
            gaps.append(f"{implementation.__name__}.{name}{inspect.signature(own)}")
    theirs = get_type_hints(implementation)
    for name, kind in get_type_hints(protocol).items():
        if name in theirs:
            given = theirs[name]
        elif instance is not None and hasattr(instance, name):
            given = type(getattr(instance, name))
        elif hasattr(implementation, name):
            given = type(getattr(implementation, name))
        else:
            gaps.append(f"{implementation.__name__}.{name}")
            continue
        if get_origin(given) is ClassVar:
            given = given.__args__[0]
        if _is_protocol(kind):
            gaps.extend(missing(kind, given))
    return gaps

"""JSON Schema export of the contract and the compatibility rule the snapshot test enforces.

`python -m pathways.contracts.schemas --write DIR` refreshes the committed snapshot; only do
that for additive changes (the test tells you when a change would break consumers).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pathways.contracts.envelope import CloudEvent
from pathways.contracts.registry import REGISTRY


def current_schemas() -> dict[str, dict[str, Any]]:
    """Every event type's data schema, plus the envelope, keyed by name."""
    schemas = {name: cls.model_json_schema() for name, cls in sorted(REGISTRY.items())}
    schemas["cloudevent"] = CloudEvent.model_json_schema()
    return schemas


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if ref:
        return schema.get("$defs", {}).get(ref.rsplit("/", 1)[-1], {})
    return node


def _types(schema: dict[str, Any], node: dict[str, Any]) -> set[str]:
    node = _resolve(schema, node)
    if "anyOf" in node:
        return set().union(*(_types(schema, n) for n in node["anyOf"]))
    kind = node.get("type", "any")
    fmt = node.get("format", "")
    return {f"{kind}:{fmt}"}


def _enum(schema: dict[str, Any], node: dict[str, Any]) -> set[Any] | None:
    node = _resolve(schema, node)
    if "anyOf" in node:
        values = [_enum(schema, n) for n in node["anyOf"]]
        return None if any(v is None for v in values) else set().union(*values)
    if "enum" in node:
        return set(node["enum"])
    if "const" in node:
        return {node["const"]}
    return None if node.get("type") != "null" else set()


def breaking_changes(name: str, old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """What in `new` would break a consumer written against `old` (empty when additive)."""
    problems: list[str] = []
    old_props, new_props = old.get("properties", {}), new.get("properties", {})
    for field, old_node in old_props.items():
        if field not in new_props:
            problems.append(f"{name}: field {field!r} was removed")
            continue
        if not _types(old, old_node) <= _types(new, new_props[field]) and _types(
            new, new_props[field]
        ) != {"any:"}:
            problems.append(f"{name}: field {field!r} changed type")
        old_enum, new_enum = _enum(old, old_node), _enum(new, new_props[field])
        if old_enum is not None and new_enum is not None and not old_enum <= new_enum:
            problems.append(f"{name}: field {field!r} lost values {sorted(old_enum - new_enum)}")
    added_required = set(new.get("required", [])) - set(old.get("required", []))
    problems += [f"{name}: new required field {f!r}" for f in sorted(added_required)]
    return problems


def write_snapshot(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name, schema in current_schemas().items():
        (directory / f"{name}.json").write_text(json.dumps(schema, indent=2, sort_keys=True) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "--write":
        sys.exit("usage: python -m pathways.contracts.schemas --write DIR")
    write_snapshot(Path(sys.argv[2]))

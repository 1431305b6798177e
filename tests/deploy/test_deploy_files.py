"""deploy/Dockerfile read statically (no Docker engine here), no secret value committed
anywhere under deploy/, and the README/RUNBOOK naming the real metrics and log events."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pathways.messaging import metrics

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
DOCKERFILE = (DEPLOY / "Dockerfile").read_text()
SERVICES = ("intake", "mentoring", "family", "placements", "outcomes")


def _instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    joined = re.sub(r"\\\n\s*", " ", DOCKERFILE)
    out = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def _stages() -> list[list[tuple[str, str]]]:
    stages: list[list[tuple[str, str]]] = []
    for instruction in _instructions():
        if instruction[0] == "FROM":
            stages.append([])
        if stages:
            stages[-1].append(instruction)
    return stages


# --- Dockerfile -----------------------------------------------------------------------


def test_dockerfile_builder_installs_one_locked_service() -> None:
    builder, _ = _stages()[-2:]  # after the web-assets (npm) stage
    runs = " ".join(args for word, args in builder if word == "RUN")
    assert re.search(
        r'uv sync --frozen --no-dev --no-editable --package "pathways-\$\{SERVICE\}"', runs
    )
    assert "uv==${UV_VERSION}" in runs
    # the runtime writes no bytecode (PYTHONDONTWRITEBYTECODE, read-only root): built here
    assert re.search(r"uv sync [^&]*--compile-bytecode", runs)
    assert re.search(r"ARG UV_VERSION=0\.13\.9", DOCKERFILE), "the uv the Makefile uses"
    copies = [args for word, args in builder if word == "COPY"]
    assert "pyproject.toml uv.lock ./" in copies


def test_dockerfile_runtime_is_slim_non_root_with_healthcheck() -> None:
    _, runtime = _stages()[-2:]
    words = [w for w, _ in runtime]
    assert (
        runtime[0][1].startswith("${PYTHON_IMAGE}")
        and "slim"
        in DOCKERFILE.split("\n")[
            next(
                i
                for i, line in enumerate(DOCKERFILE.splitlines())
                if line.startswith("ARG PYTHON_IMAGE")
            )
        ]
    )
    user = dict(runtime)["USER"]
    assert user.split(":")[0] not in ("", "0", "root")
    assert words.index("USER") < words.index("CMD")
    health = dict(runtime)["HEALTHCHECK"]
    assert "/health/ready" in health and "127.0.0.1:8000" in health
    assert dict(runtime)["EXPOSE"] == "8000"
    command = dict(runtime)["CMD"]
    assert "exec python -m pathways.platform.serve" in command  # the bind-first runner
    assert "$PATHWAYS_SERVICE" in command and "--port 8000" in command
    assert "PATHWAYS_SERVICE=${SERVICE}" in dict(runtime)["ENV"]
    # no build tools or package installs in the final image; only the venv is copied in
    runs = " ".join(args for word, args in runtime if word == "RUN")
    for tool in ("apt-get install", "pip install", "uv ", "gcc", "build-essential"):
        assert tool not in runs
    copies = [args for word, args in runtime if word == "COPY"]
    assert copies == ["--from=builder /opt/venv /opt/venv"]


def test_dockerfile_takes_no_configuration_but_the_service_name() -> None:
    env = " ".join(args for word, args in _instructions() if word == "ENV")
    names = set(re.findall(r"(\w+)=", env))
    assert names <= {
        "UV_COMPILE_BYTECODE",
        "UV_LINK_MODE",
        "UV_PYTHON_DOWNLOADS",
        "UV_PROJECT_ENVIRONMENT",
        "PATH",
        "PYTHONDONTWRITEBYTECODE",
        "PYTHONUNBUFFERED",
        "PATHWAYS_SERVICE",
    }, "runtime configuration comes from the environment, not the image"


def test_dockerignore_keeps_what_the_build_copies() -> None:
    ignore = (DEPLOY / "Dockerfile.dockerignore").read_text()
    for needed in ("!pyproject.toml", "!uv.lock", "!shared/src/**", "!services/*/src/**"):
        assert needed in ignore


@pytest.mark.parametrize("service", SERVICES)
def test_service_package_ships_what_the_image_runs(service: str) -> None:
    src = REPO / "services" / service / "src" / "pathways" / service
    assert f'name = "pathways-{service}"' in (REPO / "uv.lock").read_text(), "not in uv.lock"
    assert "def create_app" in (src / "app.py").read_text()
    assert (src / "migrations").is_dir(), "migrations inside the package ship in the wheel"


# --- no secret committed --------------------------------------------------------------

PLACEHOLDER = re.compile(r"^(|change-me|changeme|<[^>]+>|\$\{[^}]+\}|\$\([^)]+\))$", re.I)
SECRET_KEY = re.compile(r"(passw(or)?d|secret|token|api[_-]?key|private[_-]?key|credential)", re.I)
ASSIGNMENT = re.compile(r"""^\s*-?\s*["']?([\w.-]+)["']?\s*[:=]\s*["']?([^"'#\s]*)["']?""")


def _scanned_files() -> list[Path]:
    return [
        p
        for p in DEPLOY.rglob("*")
        if p.is_file()
        and "local" not in p.relative_to(DEPLOY).parts[:1]  # deploy/local/ is not ours
        and p.suffix != ".json"  # the vendored schema
    ]


@pytest.mark.parametrize("path", _scanned_files(), ids=lambda p: str(p.relative_to(DEPLOY)))
def test_no_secret_value_committed(path: Path) -> None:
    text = path.read_text()
    assert "PRIVATE KEY-----" not in text, "a private key"
    assert not re.search(r"\beyJ[\w-]{10,}\.[\w-]{10,}\.", text), "a JWT"
    assert not re.search(r"\bAKIA[0-9A-Z]{16}\b", text), "a cloud access key"
    assert not re.search(r"^kind:\s*Secret\s*$", text, re.M), "Secrets are created by operators"
    # credentials inside URLs: only a variable may stand for the password
    for match in re.finditer(r"://([^:/\s@]+):([^@\s]+)@", text):
        password = match.group(2)
        assert PLACEHOLDER.match(password) or password.startswith("${"), (
            f"{path.name}: a password inside a URL: {match.group(0)}"
        )
    for line in text.splitlines():
        match = ASSIGNMENT.match(line)
        if not match or not SECRET_KEY.search(match.group(1)):
            continue
        key, value = match.groups()
        allowed = (
            PLACEHOLDER.match(value)
            or value.startswith(("${", "$(", "/", "pathways-"))  # variable, file, secret name
            or value.lower() in ("", "{}", "|", ">", "true", "false", "null")
            or value.isdigit()
            or key.lower().endswith(("_file", "file", "ref", "name", "keyref"))
        )
        assert allowed, f"{path.name}: {key} looks like a committed secret value: {value!r}"


def test_secret_scan_catches_a_committed_password() -> None:
    line = "KAFKA_SASL_PASSWORD=s3cr3t-Value"
    key, value = ASSIGNMENT.match(line).groups()
    assert SECRET_KEY.search(key) and not PLACEHOLDER.match(value)
    assert not PLACEHOLDER.match("hunter2") and PLACEHOLDER.match("${INTAKE_DB_PASSWORD:?x}")


def test_env_example_holds_only_placeholders() -> None:
    for line in (DEPLOY / ".env.example").read_text().splitlines():
        if "PASSWORD" in line and not line.startswith("#"):
            assert line.split("=", 1)[1] == "change-me"


# --- README and RUNBOOK ---------------------------------------------------------------

LOG_EVENTS = (
    "outbox.publish_failed",
    "batch.failed",
    "batch.retrying_one_by_one",
    "event.dead_lettered",
    "broker.unavailable",
    "broker.connected",
    "topics.ready",
    "service.started",
    "service.stopped",
    "outbox.parked",
    "broker.lost",
    "broker.rejoined",
    "broker.recovered",
    "broker.check_failed",
    "broker.consumer_abandoned",
    "broker.rejoin_again",
    "server.port_taken",
    "admin.action",
    "service.stop_abandoned",
)


def test_runbook_names_every_metric_and_log_event_that_exists() -> None:
    runbook = (DEPLOY / "RUNBOOK.md").read_text()
    names = {
        m._name + ("_total" if m._type == "counter" else "")
        for m in vars(metrics).values()
        if hasattr(m, "_name") and hasattr(m, "_type")
    }
    assert len(names) == 11  # + outbox parked (gauge, counter) and oldest unpublished age
    missing = sorted(n for n in names if n not in runbook)
    assert not missing, f"RUNBOOK.md does not mention {missing}"
    shared = "\n".join(p.read_text() for p in (REPO / "shared" / "src").rglob("*.py"))
    for event in LOG_EVENTS:
        assert f'"{event}"' in shared, f"{event} is no longer logged by the kit"
        assert event in runbook, f"RUNBOOK.md does not mention {event}"
    for reason in (
        "undecodable",
        "invalid_envelope",
        "unknown_type",
        "invalid_data",
        "handler_failed",
    ):
        assert reason in runbook
    # every pathways_* name the runbook cites exists
    cited = set(re.findall(r"\bpathways_[a-z_]+\b", runbook))
    assert cited <= names | {n.removesuffix("_total") for n in names} | {
        n + suffix for n in names for suffix in ("_bucket", "_sum", "_count")
    }, f"RUNBOOK.md cites metrics that do not exist: {sorted(cited - names)}"


def test_readme_says_how_to_build_and_what_cannot_run_here() -> None:
    readme = (DEPLOY / "README.md").read_text()
    assert (
        "docker build -f deploy/Dockerfile --build-arg SERVICE=intake -t pathways-intake ."
        in readme
    )
    for topic in (
        "SASL",
        "SCRAM",
        "mTLS",
        "ssl=verify-full",
        "AUTH_JWKS_URL",
        "LOG_LEVEL",
        "CONSUMER_BATCH_SIZE",
        "partitions",
        "v2",
        "cannot",
    ):
        assert topic in readme, f"README.md says nothing about {topic}"

"""deploy/compose.yaml against the vendored compose specification, the topics every job
creates against the contract, and every environment variable set for a service against
the settings that service actually reads (pydantic-settings ignores unknown variables
silently, so a misspelt one would never be noticed at run time)."""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from pathways.contracts import HMPPS_TOPIC, PUBLIC_TOPICS, dead_letter_topic
from pathways.messaging.topics import CONSUMERS, platform_topics
from pathways.platform.settings import ServiceSettings

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
K8S = DEPLOY / "k8s"
SERVICES = ("intake", "mentoring", "family", "placements", "outcomes")
SCRIPT = K8S / "topics" / "create-topics.sh"


def _env_names(settings_cls: type) -> set[str]:
    """The environment variable names a pydantic-settings class reads (upper-cased)."""
    prefix = settings_cls.model_config.get("env_prefix", "") or ""
    names: set[str] = set()
    for name, info in settings_cls.model_fields.items():
        alias = info.validation_alias or info.alias
        if isinstance(alias, str):
            names.add(alias.upper())
        elif alias is not None and hasattr(alias, "choices"):
            names |= {c.upper() for c in alias.choices if isinstance(c, str)}
        else:
            names.add(f"{prefix}{name}".upper())
    return names


def _env_file(path: Path) -> dict[str, str]:
    lines = [line for line in path.read_text().splitlines() if line and line[0] != "#"]
    return dict(line.split("=", 1) for line in lines)


def _compose() -> dict[str, Any]:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def _k8s_env(service: str) -> set[str]:
    """Every variable the service's pods get, in the base and in any environment."""
    names = set(_env_file(K8S / "services" / service / "settings.env"))
    deployment = yaml.safe_load((K8S / "services" / service / "deployment.yaml").read_text())
    for container in deployment["spec"]["template"]["spec"]["containers"]:
        names |= {e["name"] for e in container.get("env", [])}
    for component in (K8S / "components").glob("*/service-settings.yaml"):
        names |= set(yaml.safe_load(component.read_text())["data"])
    return names


def _compose_env(service: str) -> set[str]:
    return set(_compose()["services"][service]["environment"])


def _settings_class(service: str) -> type | None:
    try:
        spec = importlib.util.find_spec(f"pathways.{service}.settings")
    except ModuleNotFoundError:
        spec = None
    if spec is None:
        return None
    return importlib.import_module(f"pathways.{service}.settings").Settings


# --- compose --------------------------------------------------------------------------


def test_compose_validates_against_the_compose_specification() -> None:
    schema = json.loads((DEPLOY / "schemas" / "compose-spec.json").read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    errors = sorted(
        jsonschema.Draft7Validator(schema).iter_errors(_compose()), key=lambda e: list(e.path)
    )
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def test_compose_schema_catches_a_mistake() -> None:
    """The vendored schema is strict enough to matter."""
    schema = json.loads((DEPLOY / "schemas" / "compose-spec.json").read_text())
    broken = json.loads(json.dumps(_compose()))  # unshare the YAML anchors
    broken["services"]["intake"]["depends_on"]["kafka"]["condition"] = "service_ready"
    broken["services"]["family"]["helthcheck"] = {}
    errors = list(jsonschema.Draft7Validator(schema).iter_errors(broken))
    assert sorted(tuple(e.path)[:2] for e in errors) == [
        ("services", "family"),
        ("services", "intake"),
    ]


@pytest.mark.parametrize("service", SERVICES)
def test_compose_service_builds_its_image_and_waits_for_what_it_needs(service: str) -> None:
    spec = _compose()["services"][service]
    assert spec["build"]["args"]["SERVICE"] == service
    assert spec["build"]["dockerfile"] == "deploy/Dockerfile"
    assert (DEPLOY / spec["build"]["context"] / spec["build"]["dockerfile"]).is_file()
    assert f"pathways-{service}:" in spec["image"]
    assert spec["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert spec["depends_on"]["kafka"]["condition"] == "service_healthy"
    assert spec["depends_on"]["topics"]["condition"] == "service_completed_successfully"
    assert "/health/ready" in " ".join(spec["healthcheck"]["test"])
    assert spec["read_only"] is True and spec["cap_drop"] == ["ALL"]
    assert any(p.endswith(":8000") for p in spec["ports"])


def test_compose_one_database_and_one_user_per_service() -> None:
    compose = _compose()
    seen_users, seen_dbs = set(), set()
    init = (DEPLOY / "postgres" / "init-databases.sh").read_text()
    for service in SERVICES:
        url = compose["services"][service]["environment"]["DATABASE_URL"]
        match = re.fullmatch(
            r"postgresql\+asyncpg://(\w+):\$\{(\w+)(?::\?[^}]*)?\}@postgres:5432/(\w+)", url
        )
        assert match, f"{service}: DATABASE_URL {url!r} is not asyncpg with a password variable"
        user, password_var, database = match.groups()
        assert user == database == service
        assert password_var == f"{service.upper()}_DB_PASSWORD"
        assert password_var in compose["services"]["postgres"]["environment"]
        assert re.search(rf'^create {service} "\$\{{{password_var}:\?', init, re.M), (
            f"init-databases.sh does not create {service}"
        )
        seen_users.add(user)
        seen_dbs.add(database)
    assert len(seen_users) == len(seen_dbs) == len(SERVICES)
    mounts = compose["services"]["postgres"]["volumes"]
    assert any(
        m.startswith("./postgres/init-databases.sh:/docker-entrypoint-initdb.d/") for m in mounts
    )


def test_compose_kafka_is_apache_kafka_in_kraft_mode() -> None:
    kafka = _compose()["services"]["kafka"]
    assert kafka["image"].startswith("apache/kafka:")
    env = kafka["environment"]
    assert set(env["KAFKA_PROCESS_ROLES"].split(",")) == {"broker", "controller"}
    assert env["KAFKA_CONTROLLER_QUORUM_VOTERS"]
    assert str(env["KAFKA_AUTO_CREATE_TOPICS_ENABLE"]).lower() == "false"
    assert "healthcheck" in kafka


def test_compose_files_it_mounts_exist() -> None:
    for name, spec in _compose()["services"].items():
        for mount in spec.get("volumes", []):
            source = mount.split(":", 1)[0]
            if source.startswith("."):
                assert (DEPLOY / source).is_file(), f"{name}: {source} does not exist"


# --- topics ---------------------------------------------------------------------------


def _script_topics() -> dict[str, list[str]]:
    text = SCRIPT.read_text()
    lists = {}
    for var in ("PUBLIC_TOPICS", "FEED_TOPICS", "DLQ_TOPICS"):
        match = re.search(rf'^{var}="([^"]*)"', text, re.M)
        assert match, f"create-topics.sh defines no {var}"
        lists[var] = match.group(1).split()
    return lists


def test_topics_job_creates_every_topic_of_the_contract() -> None:
    created = [t for topics in _script_topics().values() for t in topics]
    contract = {*PUBLIC_TOPICS, HMPPS_TOPIC, *(dead_letter_topic(c) for c in CONSUMERS)}
    assert contract <= set(created), f"not created: {sorted(contract - set(created))}"
    assert sorted(created) == sorted(platform_topics()), "must equal platform_topics()"
    assert len(created) == len(set(created))


def test_topics_get_retention_and_dead_letters_are_kept_longer() -> None:
    lists = _script_topics()
    assert set(lists["PUBLIC_TOPICS"]) == set(PUBLIC_TOPICS)
    assert lists["FEED_TOPICS"] == [HMPPS_TOPIC]
    assert set(lists["DLQ_TOPICS"]) == {dead_letter_topic(c) for c in CONSUMERS}
    text = SCRIPT.read_text()
    for loop in ("PUBLIC_TOPICS", "FEED_TOPICS", "DLQ_TOPICS"):
        assert re.search(rf'for topic in \${loop}; do ensure "\$topic" "\$RETENTION_', text)
    assert '--config "retention.ms=$2"' in text and '--add-config "retention.ms=$2' in text
    for env in (K8S / "topics" / "settings.env",):
        values = _env_file(env)
        dlq, feed = int(values["KAFKA_RETENTION_MS_DLQ"]), int(values["KAFKA_RETENTION_MS_FEED"])
        assert dlq > feed > 7 * 24 * 3600 * 1000, "dead letters are kept longer than events"
        _public_retention_follows_the_policy(int(values["KAFKA_RETENTION_MS_PUBLIC"]))
    compose_env = _compose()["services"]["topics"]["environment"]
    assert int(compose_env["KAFKA_RETENTION_MS_DLQ"]) > int(compose_env["KAFKA_RETENTION_MS_FEED"])
    _public_retention_follows_the_policy(int(compose_env["KAFKA_RETENTION_MS_PUBLIC"]))
    default = re.search(r"KAFKA_RETENTION_MS_PUBLIC:-(-?\d+)", text)
    assert default, "the script has a default public retention"
    _public_retention_follows_the_policy(int(default.group(1)))


def _public_retention_follows_the_policy(retention_ms: int) -> None:
    """The public topics carry prison numbers: never kept for ever (issue 15), but at least
    as long as the case records, so a rebuilt read model still sees everyone retained."""
    day = 24 * 3600 * 1000
    case_records = ServiceSettings().retention_case_records_days * day
    assert retention_ms != -1, "the public topics keep personal data: not for ever"
    assert case_records <= retention_ms <= case_records + 400 * day, retention_ms
    assert (
        int(_env_file(K8S / "services" / "intake" / "settings.env")["RETENTION_CASE_RECORDS_DAYS"])
        * day
        <= retention_ms
    )


def test_topics_job_environment_is_what_the_script_reads() -> None:
    read = set(re.findall(r"\$\{(\w+)", SCRIPT.read_text()))
    kafka_tools = {"LOG_DIR", "KAFKA_HEAP_OPTS"}  # read by Kafka's own scripts
    job = yaml.safe_load((K8S / "topics" / "job.yaml").read_text())
    given = {e["name"] for e in job["spec"]["template"]["spec"]["containers"][0]["env"]}
    given |= set(_env_file(K8S / "topics" / "settings.env"))
    for component in (K8S / "components").glob("*/topics-settings.yaml"):
        given |= set(yaml.safe_load(component.read_text())["data"])
    given_compose = set(_compose()["services"]["topics"]["environment"])
    assert given - read - kafka_tools == set(), "set for the k8s job but never read"
    assert given_compose - read == set(), "set for the compose job but never read"
    assert _compose()["services"]["topics"]["depends_on"]["kafka"]["condition"] == "service_healthy"


# --- environment variables against the settings the services read ---------------------


@pytest.mark.parametrize("service", SERVICES)
@pytest.mark.parametrize("where", ["compose", "k8s"])
def test_env_vars_are_settings_of_the_platform(service: str, where: str) -> None:
    """Always checked: against ServiceSettings, plus the service's own fields once it has any."""
    known = _env_names(ServiceSettings)
    own = _settings_class(service)
    if own is not None:
        known |= _env_names(own)
    given = _compose_env(service) if where == "compose" else _k8s_env(service)
    unknown = sorted(given - known)
    assert not unknown, f"{where} sets {unknown} for {service}, which no setting reads"


@pytest.mark.parametrize("service", SERVICES)
def test_env_vars_are_settings_the_service_reads(service: str) -> None:
    settings = _settings_class(service)
    assert settings is not None, f"pathways.{service}.settings.Settings is missing"
    assert issubclass(settings, ServiceSettings)
    known = _env_names(settings)
    for where, given in (("compose", _compose_env(service)), ("k8s", _k8s_env(service))):
        unknown = sorted(given - known)
        assert not unknown, f"{where} sets {unknown}, which {settings.__module__} does not read"


def test_settings_names_read_as_expected() -> None:
    """The name derivation used above, on the common settings."""
    names = _env_names(ServiceSettings)
    assert {"DATABASE_URL", "KAFKA_SASL_PASSWORD", "AUTH_JWKS_URL", "LOG_LEVEL"} <= names
    assert "SERVICE_NAME" not in names  # a ClassVar, not a setting


@pytest.mark.parametrize("service", SERVICES)
def test_production_settings_are_wired(service: str) -> None:
    """SASL/SCRAM over TLS, the CA file, JWKS, json logs: what production needs is set."""
    values = _env_file(K8S / "services" / service / "settings.env")
    for component in (K8S / "components").glob("*/service-settings.yaml"):
        merged = {**values, **yaml.safe_load(component.read_text())["data"]}
        assert merged["KAFKA_SECURITY_PROTOCOL"] in ("SASL_SSL", "SSL")
        assert merged["KAFKA_SASL_MECHANISM"].startswith("SCRAM-")
        assert merged["AUTH_JWKS_URL"].startswith("https://")
        assert merged["LOG_FORMAT"] == "json"
        assert merged["KAFKA_SSL_CAFILE"].startswith("/etc/pathways/")
    assert values["KAFKA_CLIENT_ID"] == values["KAFKA_SASL_USERNAME"] == f"pathways-{service}"
    assert "DATABASE_URL" not in values and "KAFKA_SASL_PASSWORD" not in values

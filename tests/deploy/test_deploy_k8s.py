"""deploy/k8s: every manifest against the Kubernetes JSON schemas (kubernetes-validate's
bundled, offline schemas, strict mode), the kustomize tree's references, the rendered
overlays (kubectl's built-in kustomize, offline) and the operational rules each Deployment
must keep (probes, resources, security context, secrets only by reference, HPA bound)."""

from __future__ import annotations

import copy
import functools
import importlib.resources
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate
import pytest
import yaml
from referencing import Registry, Resource

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
K8S = DEPLOY / "k8s"
SERVICES = ("intake", "mentoring", "family", "placements", "outcomes")
ENVIRONMENTS = ("staging", "production")
VERSIONS = ("1.30", "1.33")  # oldest supported cluster, and a current one
KUSTOMIZE_DIRS = sorted(p.parent for p in K8S.rglob("kustomization.yaml"))
OVERLAYS = [p for p in KUSTOMIZE_DIRS if "overlays" in p.relative_to(K8S).parts]


def _rel(path: Path) -> str:
    return str(path.relative_to(DEPLOY))


def _resource_files() -> list[Path]:
    files: set[Path] = set()
    for directory in KUSTOMIZE_DIRS:
        data = yaml.safe_load((directory / "kustomization.yaml").read_text())
        for entry in data.get("resources", []):
            target = (directory / entry).resolve()
            if target.is_file():
                files.add(target)
    return sorted(files)


@functools.cache
def _validator(kind: str, api_version: str, version: str) -> jsonschema.Draft202012Validator:
    """kubernetes-validate's bundled strict schemas, loaded once per kind (its own
    `validate()` re-reads the large definitions file on every call)."""
    root = importlib.resources.files("kubernetes_validate") / "kubernetes-json-schema"
    (schema_dir,) = [p for p in root.iterdir() if p.name == f"v{version}.0-local-strict"]
    group = re.sub(r"^([^./]*)(?:\.[^/]*)?/", r"\1-", api_version)
    schema_file = schema_dir / f"{kind.lower()}-{group}.json"
    if not schema_file.is_file():
        pytest.fail(f"no Kubernetes {version} schema for {kind} {api_version}")
    schema = json.loads(schema_file.read_text())
    definitions = json.loads((schema_dir / "_definitions.json").read_text())
    registry = Resource.from_contents(definitions) @ (Resource.from_contents(schema) @ Registry())
    return jsonschema.Draft202012Validator(schema, registry=registry)


def _validate(doc: dict[str, Any], version: str) -> None:
    validator = _validator(doc["kind"], doc["apiVersion"], version)
    error = jsonschema.exceptions.best_match(validator.iter_errors(doc))
    if error is not None:
        where = ".".join(str(p) for p in error.path)
        pytest.fail(f"{doc['kind']}/{doc['metadata'].get('name')}: {where}: {error.message}")


def test_own_validator_agrees_with_kubernetes_validate() -> None:
    """The cached loader above gives kubernetes-validate's verdicts, good and bad."""
    deployment = yaml.safe_load((K8S / "services" / "intake" / "deployment.yaml").read_text())
    kubernetes_validate.validate(deployment, VERSIONS[0], strict=True)
    _validate(deployment, VERSIONS[0])
    broken = copy.deepcopy(deployment)
    broken["spec"]["template"]["spec"]["containers"][0]["livenessProbe"]["httpGett"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, VERSIONS[0], strict=True)
    assert list(_validator("Deployment", "apps/v1", VERSIONS[0]).iter_errors(broken))


def _service_docs(service: str) -> dict[str, dict[str, Any]]:
    docs: dict[str, dict[str, Any]] = {}
    for path in sorted((K8S / "services" / service).glob("*.yaml")):
        if path.name == "kustomization.yaml":
            continue
        for doc in yaml.safe_load_all(path.read_text()):
            docs[doc["kind"]] = doc
    return docs


def _partitions() -> int:
    settings = (K8S / "topics" / "settings.env").read_text().splitlines()
    values = dict(line.split("=", 1) for line in settings if "=" in line)
    return int(values["KAFKA_TOPIC_PARTITIONS"])


# --- schemas ----------------------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("path", _resource_files(), ids=_rel)
def test_manifest_validates_against_kubernetes_schema(path: Path, version: str) -> None:
    docs = [d for d in yaml.safe_load_all(path.read_text()) if d]
    assert docs, f"{_rel(path)} holds no resource"
    for doc in docs:
        _validate(doc, version)


def test_every_yaml_under_k8s_is_a_kustomization_a_resource_or_a_patch() -> None:
    referenced: set[Path] = set(_resource_files())
    for directory in KUSTOMIZE_DIRS:
        data = yaml.safe_load((directory / "kustomization.yaml").read_text())
        referenced |= {(directory / p["path"]).resolve() for p in data.get("patches", [])}
    strays = [
        _rel(p)
        for p in K8S.rglob("*.yaml")
        if p.name != "kustomization.yaml" and p.resolve() not in referenced
    ]
    assert not strays, f"YAML files no kustomization uses: {strays}"


def _merge(base: Any, patch: Any) -> Any:
    """A small strategic merge: maps merge, lists of named maps merge by name."""
    if isinstance(base, dict) and isinstance(patch, dict):
        merged = dict(base)
        for key, value in patch.items():
            merged[key] = _merge(base[key], value) if key in base else value
        return merged
    if (
        isinstance(base, list)
        and isinstance(patch, list)
        and all(isinstance(i, dict) and "name" in i for i in base + patch)
    ):
        by_name = {i["name"]: i for i in base}
        for item in patch:
            by_name[item["name"]] = _merge(by_name.get(item["name"], {}), item)
        return list(by_name.values())
    return patch


def _selected(doc: dict[str, Any], target: dict[str, Any]) -> bool:
    if target.get("kind") and doc["kind"] != target["kind"]:
        return False
    if target.get("name") and doc["metadata"]["name"] != target["name"]:
        return False
    labels = doc["metadata"].get("labels", {})
    for term in filter(None, target.get("labelSelector", "").split(",")):
        key, _, value = term.partition("=")
        if labels.get(key) != value:
            return False
    return True


def _base_resources() -> list[dict[str, Any]]:
    """The services' and the topics Job's resources, with generated ConfigMaps built here."""
    docs: list[dict[str, Any]] = []
    for directory in [K8S / "services" / s for s in SERVICES] + [K8S / "topics"]:
        data = yaml.safe_load((directory / "kustomization.yaml").read_text())
        for entry in data.get("resources", []):
            docs += [d for d in yaml.safe_load_all((directory / entry).read_text()) if d]
        for generator in data.get("configMapGenerator", []):
            values: dict[str, str] = {}
            for env in generator.get("envs", []):
                for line in (directory / env).read_text().splitlines():
                    if "=" in line and not line.startswith("#"):
                        key, _, value = line.partition("=")
                        values[key] = value
            docs.append(
                {
                    "apiVersion": "v1",
                    "kind": "ConfigMap",
                    "metadata": {
                        "name": generator["name"],
                        "labels": generator.get("options", {}).get("labels", {}),
                    },
                    "data": values,
                }
            )
    return docs


def _component_patches() -> list[tuple[Path, dict[str, Any]]]:
    patches = []
    for directory in KUSTOMIZE_DIRS:
        data = yaml.safe_load((directory / "kustomization.yaml").read_text())
        for patch in data.get("patches", []):
            patches.append(((directory / patch["path"]).resolve(), patch.get("target", {})))
    return patches


@pytest.mark.parametrize(
    ("patch_path", "target"),
    _component_patches(),
    ids=lambda v: _rel(v) if isinstance(v, Path) else "",
)
def test_patch_selects_resources_and_keeps_them_valid(
    patch_path: Path, target: dict[str, Any]
) -> None:
    """Without kubectl too: each patch applies to something, and what it yields validates."""
    assert target, f"{_rel(patch_path)}: a shared patch needs a target selector"
    patch = yaml.safe_load(patch_path.read_text())
    selected = [doc for doc in _base_resources() if _selected(doc, target)]
    assert selected, f"{_rel(patch_path)}: target {target} selects no resource"
    for doc in selected:
        assert patch["kind"] == doc["kind"]
        merged = _merge(copy.deepcopy(doc), {k: v for k, v in patch.items() if k != "metadata"})
        _validate(merged, VERSIONS[0])


# --- the kustomize tree -----------------------------------------------------------------


@pytest.mark.parametrize("directory", KUSTOMIZE_DIRS, ids=_rel)
def test_kustomization_references_exist(directory: Path, d) -> None:
    k = d.load_kustomization(directory)
    assert k.data.get("apiVersion", "").startswith("kustomize.config.k8s.io/")
    missing = [
        _rel(p) if p.is_relative_to(DEPLOY) else str(p)
        for p in k.resource_files + k.generator_files + [p for p, _ in k.patch_files]
        if not p.is_file()
    ]
    missing += [str(p) for p in k.resource_dirs if not (p / "kustomization.yaml").is_file()]
    for component in k.components:
        if not (component / "kustomization.yaml").is_file():
            missing.append(str(component))
            continue
        kind = yaml.safe_load((component / "kustomization.yaml").read_text()).get("kind")
        assert kind == "Component", f"{component} is used as a component but is a {kind}"
    assert not missing, f"{_rel(k.path)} references what does not exist: {missing}"
    for p in k.resource_files + k.generator_files + [p for p, _ in k.patch_files]:
        assert p.is_relative_to(directory), (
            f"{_rel(k.path)}: {p} lies outside the kustomization (kustomize refuses files "
            "outside its root; only directories may be referenced with ../)"
        )


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_can_be_applied_alone(service: str, d) -> None:
    """deploy/k8s/services/<svc> needs nothing outside its own folder."""
    k = d.load_kustomization(K8S / "services" / service)
    assert not k.resource_dirs and not k.components
    kinds = {doc["kind"] for doc in _service_docs(service).values()}
    assert kinds == {
        "Deployment",
        "Service",
        "ServiceAccount",
        "HorizontalPodAutoscaler",
        "PodDisruptionBudget",
    }
    generated = [g["name"] for g in k.data.get("configMapGenerator", [])]
    assert generated == [f"pathways-{service}-config"]
    for env in ENVIRONMENTS:
        overlay = d.load_kustomization(K8S / "overlays" / env / service)
        assert overlay.resource_dirs == [(K8S / "services" / service).resolve()]
        assert overlay.data.get("namespace"), f"overlays/{env}/{service} sets no namespace"
        images = {i["name"]: i for i in overlay.data.get("images", [])}
        tag = str(images[f"pathways-{service}"].get("newTag", ""))
        assert tag and tag != "latest", f"overlays/{env}/{service}: pin an image tag"


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_environment_overlay_lists_each_service_overlay_and_topics(env: str) -> None:
    data = yaml.safe_load((K8S / "overlays" / env / "kustomization.yaml").read_text())
    listed = set(data["resources"])
    assert {"topics", "intake", "mentoring", "family", "placements"} <= listed
    services_present = {s for s in SERVICES if (DEPLOY.parent / "services" / s).is_dir()}
    missing = services_present - listed
    assert not missing, f"overlays/{env} leaves out existing services {missing}"


# --- rendered overlays (kubectl's built-in kustomize, offline) --------------------------


@pytest.mark.parametrize("directory", OVERLAYS, ids=_rel)
def test_rendered_overlay_validates(directory: Path, build) -> None:
    docs = build(directory)
    assert docs
    namespaces = {doc["metadata"].get("namespace") for doc in docs}
    assert None not in namespaces, f"{_rel(directory)}: resources without a namespace"
    for doc in docs:
        _validate(doc, VERSIONS[0])
        assert doc["kind"] != "Secret", "no Secret may be rendered: operators create them"
    for doc in docs:
        if doc["kind"] != "Deployment":
            continue
        image = doc["spec"]["template"]["spec"]["containers"][0]["image"]
        assert ":" in image.rsplit("/", 1)[-1] and not image.endswith(":latest"), image
        # every ConfigMap the pod reads is rendered beside it (generated names carry a hash)
        names = {x["metadata"]["name"] for x in docs if x["kind"] == "ConfigMap"}
        for source in doc["spec"]["template"]["spec"]["containers"][0].get("envFrom", []):
            assert source["configMapRef"]["name"] in names


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_rendered_hpa_bounded_by_partitions(env: str, build) -> None:
    docs = build(K8S / "overlays" / env)
    topics_config = next(
        x
        for x in docs
        if x["kind"] == "ConfigMap" and x["metadata"]["name"].startswith("pathways-topics-config")
    )
    partitions = int(topics_config["data"]["KAFKA_TOPIC_PARTITIONS"])
    hpas = [x for x in docs if x["kind"] == "HorizontalPodAutoscaler"]
    assert len(hpas) >= 4
    for hpa in hpas:
        spec = hpa["spec"]
        assert 1 <= spec["minReplicas"] <= spec["maxReplicas"] <= partitions, (
            f"{env} {hpa['metadata']['name']}: replicas beyond {partitions} partitions sit idle"
        )


# --- the rules every service Deployment keeps ------------------------------------------


@pytest.mark.parametrize("service", SERVICES)
def test_deployment_probes_resources_and_security(service: str) -> None:
    docs = _service_docs(service)
    deployment = docs["Deployment"]
    pod = deployment["spec"]["template"]["spec"]
    assert "replicas" not in deployment["spec"], "the HPA owns the replica count"
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["runAsUser"] != 0
    assert pod["automountServiceAccountToken"] is False
    (container,) = pod["containers"]
    port = {p["name"]: p["containerPort"] for p in container["ports"]}["http"]
    assert port == 8000, "the image serves on 8000 (deploy/Dockerfile)"
    assert container["readinessProbe"]["httpGet"]["path"] == "/health/ready"
    assert container["livenessProbe"]["httpGet"]["path"] == "/health/live", (
        "liveness must not depend on the database or broker"
    )
    assert container["startupProbe"]["httpGet"]["path"] == "/health/live"
    resources = container["resources"]
    assert resources["requests"]["cpu"] and resources["requests"]["memory"]
    assert resources["limits"]["memory"]
    security = container["securityContext"]
    assert security["readOnlyRootFilesystem"] is True
    assert security["allowPrivilegeEscalation"] is False
    assert security["capabilities"]["drop"] == ["ALL"]
    assert not security["capabilities"].get("add")
    mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
    volumes = {v["name"]: v for v in pod["volumes"]}
    assert "emptyDir" in volumes[mounts["/tmp"]], "a writable /tmp (emptyDir) is needed"
    for volume in volumes.values():
        assert "hostPath" not in volume


@pytest.mark.parametrize("service", SERVICES)
def test_secrets_only_by_reference(service: str) -> None:
    container = _service_docs(service)["Deployment"]["spec"]["template"]["spec"]["containers"][0]
    env = {e["name"]: e for e in container.get("env", [])}
    for name in ("DATABASE_URL", "KAFKA_SASL_PASSWORD"):
        ref = env[name]["valueFrom"]["secretKeyRef"]
        assert ref["name"] == f"pathways-{service}-{'db' if name == 'DATABASE_URL' else 'kafka'}"
        assert "value" not in env[name]
    for entry in env.values():
        if any(w in entry["name"] for w in ("PASSWORD", "SECRET", "TOKEN", "DATABASE_URL")):
            assert "valueFrom" in entry, f"{entry['name']} must come from a Secret"


@pytest.mark.parametrize("service", SERVICES)
def test_hpa_pdb_and_service_match_the_deployment(service: str) -> None:
    docs = _service_docs(service)
    deployment = docs["Deployment"]
    selector = deployment["spec"]["selector"]["matchLabels"]
    pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert selector.items() <= pod_labels.items()
    assert docs["Service"]["spec"]["selector"] == selector
    assert docs["PodDisruptionBudget"]["spec"]["selector"]["matchLabels"] == selector
    hpa = docs["HorizontalPodAutoscaler"]["spec"]
    assert hpa["scaleTargetRef"]["name"] == deployment["metadata"]["name"]
    assert hpa["maxReplicas"] <= _partitions(), "replicas beyond the partitions sit idle"
    assert hpa["minReplicas"] >= 2, "production keeps two replicas for availability"
    pdb = docs["PodDisruptionBudget"]["spec"]
    assert pdb.get("maxUnavailable") == 1 or pdb.get("minAvailable", 0) < hpa["minReplicas"]


def test_topics_job_is_hardened_and_runs_the_script() -> None:
    (job,) = [d for d in yaml.safe_load_all((K8S / "topics" / "job.yaml").read_text()) if d]
    pod = job["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    assert container["image"].startswith("apache/kafka:")
    assert container["command"][-1] == "/opt/pathways/create-topics.sh"
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    assert container["securityContext"]["capabilities"]["drop"] == ["ALL"]
    assert pod["restartPolicy"] == "Never"
    env = {e["name"]: e for e in container["env"]}
    assert "secretKeyRef" in env["KAFKA_SASL_PASSWORD"]["valueFrom"]

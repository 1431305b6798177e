# Pathways: the commands people use. `make up` runs the platform, `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := var/tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

# make screenshots: docs/web-*.png from a real run of the platform and the web app
.PHONY: bytecode test-resilience browser screenshots install up demo test test-fast lint format bench bench-release bench-national soak token retention sar clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet uv==$(UV_VERSION)

$(VENV)/.installed: $(UV) uv.lock pyproject.toml shared/pyproject.toml services/*/pyproject.toml \
		testkit/pyproject.toml
	$(UV) sync --frozen --all-packages --python $(PYTHON) --compile-bytecode
	touch $@

# Bytecode of our own sources, kept fresh (compileall skips what is up to date, ~0.2 s): where
# PYTHONDONTWRITEBYTECODE is set (as on this machine) no process writes any, so every service
# start would compile every module again (~3 s of CPU each; uv sync compiles the libraries').
bytecode: $(VENV)/.installed
	$(PY) -m compileall -q shared/src services/*/src testkit/src tests bench deploy > /dev/null

WEB_ASSETS := services/web/node_modules/.installed

$(WEB_ASSETS): services/web/package.json services/web/package-lock.json
	cd services/web && npm ci --no-audit --no-fund --loglevel=error
	touch $@

ASYNCAPI_PARSER := tools/asyncapi/node_modules/.installed

# The official AsyncAPI parser: tests/docs checks every service's /asyncapi with it.
$(ASYNCAPI_PARSER): tools/asyncapi/package.json tools/asyncapi/package-lock.json
	cd tools/asyncapi && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The browser tests drive Debian's Chromium (never a downloaded browser build).
browser:
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
		echo "chromium is missing: the browser tests will be skipped (apt-get install chromium)"

install: $(VENV)/.installed bytecode $(WEB_ASSETS) $(ASYNCAPI_PARSER) browser ## .venv (uv.lock), the web assets and the AsyncAPI parser (npm), chromium

up: install ## the whole platform on the embedded defaults (broker + services); Ctrl-C stops all
	$(PY) deploy/local/run.py

test: install ## every test: unit, service (SQLite + PostgreSQL), real broker, e2e (resilience too), browser
	$(PY) -m pytest -q --durations=25 $(PYTEST_ARGS)

test-resilience: install ## only the broker-loss recovery and e2e poison fuzz tests (also in make test)
	$(PY) -m pytest -q -m resilience $(PYTEST_ARGS)

test-fast: install ## unit tests only (no broker, no PostgreSQL)
	$(PY) -m pytest -q -m "not broker and not postgres and not api_fuzz" $(PYTEST_ARGS)

lint: install ## ruff, and the architecture's import contracts ([tool.importlinter] in pyproject.toml)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

SEED ?= 1
PEOPLE ?= 10000
soak: install ## the estate model on a big seeded estate: make soak SEED=7 PEOPLE=10000
	nice -n 10 $(PY) tests/estate/estate_run.py --seed $(SEED) --people $(PEOPLE)

bench: install ## throughput and matching figures
	$(PY) bench/run.py

bench-release: install ## the release workflow: 1,000 releases at once, then latency at 50/s (BENCH_RELEASES, BENCH_STEADY_SECONDS)
	nice -n 10 $(PY) bench/release_workflow.py

SCALE ?= 1
bench-national: install ## a year of the national estate through the whole platform: make bench-national SEED=1 SCALE=0.01
	nice -n 10 $(PY) bench/national/run.py --seed $(SEED) --scale $(SCALE)

token: install ## make token ROLES=family,intake:read CASELOADS=BAI,WDI (no ROLES: every role, national)
	@$(PY) -m pathways.platform.devtoken $(ROLES) --caseloads $(CASELOADS)

AS_OF ?=
retention: install ## the retention purge of every running service now: make retention DRY_RUN=1 [AS_OF=2033-01-01T00:00:00Z]
	@$(PY) -m pathways.platform.retention_cli $(if $(DRY_RUN),--dry-run) $(if $(AS_OF),--as-of $(AS_OF))

sar: install ## a subject access report from every service: make sar PRN=A1234BC [FROM=2026-01-01] [TO=2026-06-30] (var/sar/)
	@test -n "$(PRN)" || { echo "usage: make sar PRN=A1234BC [FROM=YYYY-MM-DD] [TO=YYYY-MM-DD] [OUT=var/sar]"; exit 2; }
	$(PY) -m pathways.platform.sar --prn "$(PRN)" --from "$(FROM)" --to "$(TO)" --out "$(or $(OUT),var/sar)"

clean:
	rm -rf var .venv

screenshots: install ## docs/web-*.png from a real run: the browser journeys, saving each page
	PATHWAYS_SCREENSHOTS=docs $(PY) -m pytest -q tests/browser

demo: install ## a realistic synthetic programme for one prison, loaded through the APIs and the feed
	$(PY) demo/run.py

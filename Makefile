# make demo: set up (Debian packages + virtual environment) and run the main job on sample_workbooks/
# make test: set up the same way and run the whole test suite
# make fuzz: 10,000 fuzzed workbooks (bench/fuzz.py): crashes, slow runs, peak memory
# make docs: regenerate docs/findings.md and docs/cli.md (tests/test_docs.py fails while they are stale)
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# postgresql: the archive tests start a real PostgreSQL server of their own (tests/pg_server.py)
APT_PACKAGES := fonts-noto-cjk libharfbuzz-subset0 poppler-utils libpango-1.0-0 libpangoft2-1.0-0 fontconfig postgresql

.PHONY: demo test setup system venv lint bench fuzz docs clean

demo: setup
	$(BIN)/kpi-report run sample_workbooks --out output

# One pytest worker per core (at most 4; every test keeps to its own temporary folder and its own
# PostgreSQL server). `$(BIN)/python -m pytest tests/FILE.py` runs part of it in one process.
TEST_WORKERS ?= -n logical --maxprocesses=4 --dist worksteal
test: setup
	$(BIN)/python -m pytest $(TEST_WORKERS)

lint: setup
	$(BIN)/ruff check generator tests bench

# The benchmark's LibreOffice peer (bench/peers/libreoffice.py) needs soffice; the tests do not,
# so it is installed here rather than listed in APT_PACKAGES. BENCH_ARGS="--employees 10000" etc.
BENCH_PACKAGES := libreoffice-calc-nogui
bench: setup
	@command -v soffice >/dev/null 2>&1 || { \
	  echo "installing Debian packages for the benchmark: $(BENCH_PACKAGES)"; \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $(BENCH_PACKAGES) >/dev/null; }
	$(BIN)/python bench/bench_run.py $(BENCH_ARGS)

# 10,000 mutated workbooks with a fixed seed: unhandled exceptions, runs over 20 s, peak memory
fuzz: setup
	$(BIN)/python bench/fuzz.py --examples 10000 --seed 14

docs: $(STAMP)
	$(BIN)/python docs/generate.py

setup: system $(STAMP)

# Debian packages that PDF output and its tests need. Installs only what is missing;
# needs root (or sudo) the first time on a fresh machine.
system:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

clean:
	rm -rf output/* .pytest_cache

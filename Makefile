# Two commands set everything up: `make build` and `make test`. Both are safe to repeat.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip install -q --disable-pip-version-check

.PHONY: build test serve validate bench mutate clean setup-build setup-test

# pytest workers for `make test` (pytest-xdist): auto = one per CPU; PYTEST_WORKERS=0 runs the tests in one process.
PYTEST_WORKERS ?= auto

build: setup-build
	$(VENV)/bin/zhifa build

test: setup-test
	$(VENV)/bin/lint-imports --no-logo --no-cache  # [tool.importlinter] in pyproject.toml: which package imports which
	$(PY) scripts/check_imports.py  # no import circle, no module over 500 lines, no private name imported
	$(VENV)/bin/ruff check src scripts tests  # lint ([tool.ruff]); the code is formatted by hand, not by ruff format
	$(VENV)/bin/mypy  # types of src/zhifa ([tool.mypy])
	@$(PY) -m pytest -n $(PYTEST_WORKERS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests: failing" >&2; exit 1; fi; exit $$rc

serve: setup-build
	$(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:8000

validate: setup-build
	$(VENV)/bin/zhifa validate

bench: setup-test
	$(PY) scripts/bench

# Mutation testing of the citation, form/checklist value and exam selection code (not part of `make test`):
# [tool.mutmut] in pyproject.toml, scripts/mutate.py; results in mutants/. MUTATE_JOBS=1 on a busy machine.
MUTATE_JOBS ?= 2
mutate: setup-build $(VENV)/.mutate-ok
	$(PY) scripts/mutate.py --jobs $(MUTATE_JOBS)

$(VENV)/.mutate-ok: $(VENV)/.test-ok
	$(PIP) -e '.[test,mutation]'
	@touch $@

setup-build: $(VENV)/.build-ok node_modules/.package-lock.json
	@scripts/setup_system.sh build

node_modules/.package-lock.json: package.json package-lock.json
	@scripts/setup_system.sh build
	npm ci --no-audit --no-fund --loglevel=error

setup-test: $(VENV)/.test-ok node_modules/.package-lock.json
	@scripts/setup_system.sh test

$(VENV)/.build-ok: pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) -e .
	@touch $@

$(VENV)/.test-ok: $(VENV)/.build-ok
	$(PIP) -e '.[test]'
	@touch $@

clean:
	rm -rf site build .pytest_cache

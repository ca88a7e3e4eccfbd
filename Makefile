# Two commands set everything up on a fresh machine: `make run` and `make test`. Both first run
# `.ci/deps`, which installs the system packages they need when missing (apt-get as root or via
# sudo on Debian/Ubuntu; elsewhere it says what to install) and prints nothing when all are there.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
export QT_QPA_PLATFORM ?= offscreen

.PHONY: deps deps-run run test lint typecheck unit stress bench dist clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The system packages: everything the tests need (`deps`), or only what the window needs (`deps-run`).
deps:
	@bash .ci/deps test

deps-run:
	@bash .ci/deps run

# Opens the window on the bundled sample data (seeded on first run), offline, with no configuration.
run: deps-run $(STAMP)
	QT_QPA_PLATFORM= $(BIN)/tsunagi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

unit: deps $(STAMP)
	$(BIN)/python -m pytest -m "not stress" -q

test: deps lint typecheck unit

stress: deps $(STAMP)
	$(BIN)/python -m pytest -m stress -q

bench: $(STAMP)
	$(BIN)/python -m tests.bench

dist: $(STAMP)
	$(BIN)/python -m pip install --quiet pyinstaller
	$(BIN)/pyinstaller --noconfirm --distpath dist --workpath build packaging/tsunagi.spec

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache

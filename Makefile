# `make demo` and `make test` work on a fresh machine: they create .venv and install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# the calculator alone, without torch, matplotlib or Dask: proves it needs none of them
CORE_VENV := .venv-core
# the CPU wheel of torch, where this machine has it; elsewhere the checker's extra pulls torch itself
TORCH_CPU := torch==2.13.0

.PHONY: demo test test-core lint docs ci bench tables study study-large clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.core: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

# torch's CPU wheel goes in first where this machine has it, so the check extra pulls no CUDA build
$(VENV)/.dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet $(TORCH_CPU) || echo "no local $(TORCH_CPU); the check extra will fetch torch"
	$(BIN)/pip install --quiet -e '.[dev,check,study,docs]'
	touch $@

# the calculator with matplotlib: `make tables` draws the headline figure
$(VENV)/.plot: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[plot]'
	touch $@

$(CORE_VENV)/.dev: pyproject.toml
	$(PYTHON) -m venv $(CORE_VENV)
	$(CORE_VENV)/bin/pip install --quiet -e '.[dev]'
	touch $@

demo: $(VENV)/.core
	$(BIN)/boundcalc width --n 1000 --L 10
	@echo
	$(BIN)/boundcalc bounds --n 1000 --L 10 --delta 0.1

test: $(VENV)/.dev
	$(BIN)/python -m pytest -n auto

# the calculator's tests where torch is not installed: the checker's tests skip themselves
test-core: $(CORE_VENV)/.dev
	$(CORE_VENV)/bin/python -c "import importlib.util, sys; sys.exit(importlib.util.find_spec('torch') is not None)"
	$(CORE_VENV)/bin/python -m pytest -n auto

lint: $(VENV)/.dev
	$(BIN)/ruff check boundcalc tests benchmarks conftest.py
	$(BIN)/ruff format --check boundcalc tests benchmarks conftest.py
	$(BIN)/mypy
	$(BIN)/lint-imports

docs: $(VENV)/.dev
	$(BIN)/mkdocs build --strict --site-dir build/site

# what CI runs: every habit, the full tests and the calculator alone
ci: lint docs test test-core

bench: $(VENV)/.dev
	$(BIN)/python benchmarks/bench_core.py
	$(BIN)/python benchmarks/bench_check.py
	$(BIN)/python benchmarks/bench_scale.py
	$(BIN)/python benchmarks/bench_peer.py
	$(BIN)/python benchmarks/bench_ntk.py

# the headline figure of README.md: Theorem 1 beside sharper bounds and the measured m* (tests/figures/test_plot.py)
HEADLINE := width --over n=8:1024 --L 1 --delta 0.5 --lambda0 0.1 --d-in 16 \
	--theorem als19-gd,du19-2layer,oymak20,songyang19,floor-params \
	--store checks/study.sqlite --size two-column

tables: $(VENV)/.plot
	$(BIN)/boundcalc make-tables tables/tables.toml
	$(BIN)/boundcalc catalogue --output docs/catalogue-entries.md
	$(BIN)/boundcalc plot $(HEADLINE) --output tables/figures/headline-width.png
	$(BIN)/boundcalc plot $(HEADLINE) --output tables/figures/headline-width.pdf
	$(BIN)/boundcalc plot $(HEADLINE) --output tables/figures/headline-width.tex
	cp tables/figures/headline-width.png docs/headline-width.png

# the looseness study, retrained from scratch, its tables, figures and findings, and the findings quoted
# in README.md and docs/study.md (25 min on 2 CPU cores shared with other work, load 3-11; docs/study.md)
study: $(VENV)/.dev
	rm -f checks/study.sqlite.new checks/study.sqlite.new-wal checks/study.sqlite.new-shm
	$(BIN)/boundcalc sweep checks/study.toml --store checks/study.sqlite.new --workers 2
	mv checks/study.sqlite.new checks/study.sqlite
	rm -rf tables/study
	$(BIN)/boundcalc report --store checks/study.sqlite --outdir tables/study
	$(BIN)/python -m boundcalc.study.findings tables/study/findings.md README.md docs/study.md

# the large study for a GPU (n to 4,096, widths to 16,384): prints its plan, then runs where it is
study-large: $(VENV)/.dev
	$(BIN)/boundcalc sweep checks/study-large.toml --plan --device auto
	$(BIN)/boundcalc sweep checks/study-large.toml --store checks/study-large.sqlite --device auto
	$(BIN)/boundcalc report --store checks/study-large.sqlite --outdir tables/study-large

clean:
	rm -rf $(VENV) $(CORE_VENV) build site *.egg-info

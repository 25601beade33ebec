# `make run` and `make test` are the two commands a newcomer needs (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test lint bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Stamps re-install only when pyproject.toml changes, so repeated runs start at once.
$(VENV)/.installed-app: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed-app

$(VENV)/.installed-bench: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test,bench]'
	touch $@ $(VENV)/.installed-test $(VENV)/.installed-app

# The window's system libraries are checked first, so that a fresh machine hears what to install.
run: $(VENV)/.installed-app
	$(PY) -m desktop.platformcheck
	$(VENV)/bin/article-reader

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check library desktop tests bench
	$(VENV)/bin/ruff format --check library desktop tests bench
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

test: lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

bench: $(VENV)/.installed-bench
	$(PY) bench/extraction.py

clean:
	rm -rf $(VENV) build *.egg-info

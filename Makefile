# Two commands get a newcomer from a fresh clone to a working ftwatch: `make demo`, `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test accuracy bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install when the project's metadata changes.
$(VENV)/.runtime: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.runtime

## demo: serve the bundled real provider pages on 127.0.0.1 and run the real job against them
demo: $(VENV)/.runtime
	$(BIN)/python -m scraper.demo

## test: the whole suite (no network: pages come from a local server)
test: $(VENV)/.test
	$(BIN)/python -m pytest -n auto -q

## accuracy: parse every page copy and score it against its hand-made truth
accuracy: $(VENV)/.test
	$(BIN)/python -m tests.accuracy

clean:
	rm -rf $(VENV) .ftwatch-demo .pytest_cache

## bench: speed figures (parse per source, cold and warm poll, status over a big registry)
bench: $(VENV)/.test
	$(BIN)/python -m tests.bench

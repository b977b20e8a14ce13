# make demo : installe tout et génère les contrats d'exemple dans out/
# make test : installe tout et lance toute la suite de tests
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
EXEMPLES := $(wildcard samples/*.yaml)

.PHONY: demo test installer systeme lint modeles clean

installer: $(BIN)/.installe

$(BIN)/.installe: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

systeme:
	@bash tools/installer-systeme.sh

demo: installer systeme
	@rm -rf out
	@for f in $(EXEMPLES); do \
	  n=$$(basename $$f .yaml); \
	  $(BIN)/cpom generate $$f -o out/$$n || exit $$?; \
	done
	@echo "Contrats d'exemple générés dans out/"

lint: installer
	$(BIN)/ruff check .
	$(BIN)/cpom templates check

test: installer systeme lint
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) out build dist .pytest_cache .ruff_cache

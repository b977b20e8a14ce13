# make demo : installe tout et génère les contrats d'exemple (DOCX et PDF) dans out/
# make test : installe tout et lance toute la suite de tests
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
EXEMPLES := $(wildcard samples/*.yaml)

.PHONY: demo test installer systeme lint golden clean serve

installer: $(BIN)/.installe

$(BIN)/.installe: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@# git diff d'un .docx : son texte (cpom templates text), voir README
	@if [ -d .git ]; then git config diff.docx.textconv "$(abspath $(BIN))/cpom templates text"; fi
	touch $@

systeme:
	@bash tools/installer-systeme.sh

demo: installer systeme
	@rm -rf out
	@for f in $(EXEMPLES); do \
	  n=$$(basename $$f .yaml); \
	  $(BIN)/cpom generate $$f -o out/$$n --format all || exit $$?; \
	done
	@# la campagne d'exemple contient deux lignes en erreur exprès : code 3 attendu
	@$(BIN)/cpom bulk samples/campagne-ille-et-vilaine.xlsx -o out/campagne-ille-et-vilaine; \
	  code=$$?; [ $$code -eq 0 ] || [ $$code -eq 3 ] || exit $$code
	@echo "Contrats d'exemple (DOCX, PDF, contrat complet) et campagne générés dans out/"

lint: installer
	$(BIN)/ruff check .
	$(BIN)/cpom templates check

test: installer systeme lint
	$(BIN)/python -m pytest

# l'application web sur http://127.0.0.1:8000 (données dans ./donnees-cpom)
serve: installer systeme
	$(BIN)/cpom serve

# après un changement voulu d'un modèle : réécrit les textes de référence, à relire (git diff)
golden: installer
	$(BIN)/python -m tests.textes_rendus

clean:
	rm -rf $(VENV) out build dist .pytest_cache .ruff_cache

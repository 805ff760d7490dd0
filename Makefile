# LLM Adaptation Atlas. `make serve` and `make test` set everything up from nothing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt | cksum | cut -d' ' -f1)
NPM_STAMP := node_modules/.installed-$(shell cat package-lock.json | cksum | cut -d' ' -f1)
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_INSTALL := $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq
CHROMIUM ?= /usr/bin/chromium


.PHONY: registry
.PHONY: help serve build check test test-data test-site test-browser chromium clean new diff bench java

help:
	@echo "make serve   set up, build both languages and serve at http://127.0.0.1:8000 with live reload"
	@echo "make test    set up (Python packages, Chromium) and run every check"
	@echo "make build   write the static site to site/"
	@echo "make check   check data/ only (seconds, no build)"
	@echo "make new KIND=<kind> ID=<id>   start a data file"
	@echo "make diff BASE=<git ref>       pages, tables and cells a change alters"
	@echo "make registry                  record newly published tables in published/tables.yaml"

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $@

serve: $(STAMP)
	$(BIN)/python -m macros.cli serve

build: $(STAMP)
	$(BIN)/python -m macros.cli build

check: $(STAMP)
	$(BIN)/python -m macros.cli check

new: $(STAMP)
	$(BIN)/python -m macros.cli new $(KIND) $(ID)

diff: $(STAMP)
	$(BIN)/python -m macros.cli diff $(BASE)

registry: $(STAMP)
	$(BIN)/python -m macros.cli registry

# Debian's Chromium for the browser tests (the tests never download a browser).
chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
	  echo "installing Chromium from Debian"; \
	  $(APT_INSTALL) chromium >/dev/null; \
	fi
	@$(CHROMIUM) --version

# Java from Debian, for the Nu Html Checker (vnu.jar) the tests run.
java:
	@if ! command -v java >/dev/null; then \
	  echo "installing Java from Debian"; \
	  $(SUDO) mkdir -p /usr/share/man/man1; \
	  $(APT_INSTALL) default-jre-headless >/dev/null; \
	fi
	@java -version 2>&1 | head -1

# Node.js (Debian's when missing) and the npm packages pinned in package-lock.json: Lighthouse, axe-core and the
# Nu Html Checker. --ignore-scripts: vnu-jar's install script would download a Java runtime from GitHub.
$(NPM_STAMP): package.json package-lock.json
	@if ! command -v npm >/dev/null; then \
	  echo "installing Node.js and npm from Debian"; \
	  $(APT_INSTALL) nodejs npm >/dev/null; \
	fi
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

test: $(STAMP) chromium java $(NPM_STAMP)
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest

bench: $(STAMP) chromium $(NPM_STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf site .pytest_cache

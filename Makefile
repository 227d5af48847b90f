# Hark: `make run` serves the site, `make test` runs every test. Both set everything up first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export PORT ?= 5000
export DEV_MAIL_PORT ?= 8025
export HARK_ENV ?= development
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false
FLASK := $(BIN)/flask --app listening

.PHONY: run test setup install assets migrate seed lint messages translations clean lock audit bench-deps

run: setup migrate seed
	@echo ""
	@echo "Hark is starting on http://127.0.0.1:$(PORT)  (Ctrl+C stops the web server and the job consumer)"
	@echo "Demo accounts: staff@example.org staff2@example.org anchor@example.org anchor2@example.org organiser@example.org admin@example.org"
	@echo "Password: $${DEMO_PASSWORD:-demo-password}"
	@echo "Organiser and admin also need a code: add the key $${DEMO_TOTP_SECRET:-HARKDEMOHARKDEMOHARKDEMOHARKDEMO} to an authenticator app (time-based)"
	@echo "Mail goes to a local catcher on 127.0.0.1:$(DEV_MAIL_PORT), never to an inbox: read it at http://127.0.0.1:$(PORT)/admin/outbox (as admin)"
	@$(BIN)/python -m listening.mail_catcher --port $(DEV_MAIL_PORT) > instance/mail_catcher.log 2>&1 & \
	  catcher=$$!; \
	  $(BIN)/huey_consumer listening.worker.huey --workers 2 --logfile instance/huey.log & \
	  consumer=$$!; trap 'kill $$consumer $$catcher 2>/dev/null' EXIT INT TERM; \
	  $(FLASK) run --host 127.0.0.1 --port $(PORT)

test: setup
	HARK_ENV=test $(BIN)/ruff check .
	HARK_ENV=test $(BIN)/lint-imports
	HARK_ENV=test $(BIN)/python -m pytest $(PYTEST_ARGS)

setup: install assets translations

# Installs exactly the lock: every package pinned with its hashes, nothing resolved at install time
# (--no-deps: BERTopic's unused extras are left out on purpose, see requirements.txt).
install: $(VENV)/.installed
$(VENV)/.installed: requirements-dev.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes $(if $(wildcard /opt/wheels),--find-links /opt/wheels) -r requirements-dev.lock
	@# Nothing may be missing but BERTopic's extras, left out on purpose (a lock missing a real dependency stops here).
	@! $(BIN)/python -m pip check | grep -vE '^(No broken requirements|bertopic [^ ]+ requires (hdbscan|llvmlite|plotly|umap-learn),)' | grep . \
	  || { echo "make install: the lock misses a dependency (above): run make lock"; exit 1; }
	touch $@

# Re-compile the locks after changing requirements*.txt (keeps every version it can).
LOCK_FLAGS := --generate-hashes --quiet --python-version 3.11.7 --find-links /opt/wheels \
  $(foreach p,umap-learn hdbscan plotly numba llvmlite pynndescent,--no-emit-package $(p))
lock: install
	$(BIN)/uv pip compile requirements.txt $(LOCK_FLAGS) -o requirements.lock
	$(BIN)/uv pip compile requirements-dev.txt $(LOCK_FLAGS) -o requirements-dev.lock
	sed -i '2s|.*|#    make lock  (uv pip compile with hashes, the local torch wheel and BERTopic'"'"'s unused extras left out: see the Makefile)|' requirements.lock requirements-dev.lock

# Known vulnerabilities in the locks (pip-audit). Says plainly when the advisory source cannot be
# reached or answers for only some packages (exit 2), rather than "no known vulnerabilities".
audit: install
	bash scripts/audit.sh $(BIN)

# Only for bench/: plain BERTopic's UMAP and HDBSCAN (the baseline NLP changes are judged against).
bench-deps: install
	$(BIN)/python -m pip install --quiet -r requirements-bench.txt

assets: static/dist/.built
static/dist/.built: node_modules/.installed static/build.mjs $(wildcard static/scss/*.scss)
	npm run --silent build
	touch $@
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

translations: $(VENV)/.installed
	@for po in translations/*/LC_MESSAGES/messages.po; do \
	  [ -f "$$po" ] || continue; \
	  $(BIN)/pybabel --quiet compile --use-fuzzy -d translations -i $$po -o $${po%.po}.mo || exit 1; \
	done

# Re-extract every marked string and update the catalogs (run after changing UI text).
messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o translations/messages.pot --no-location --sort-output .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete

migrate: install
	mkdir -p instance
	$(FLASK) db upgrade

seed: install
	$(FLASK) wards seed
	$(FLASK) demo seed

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports

clean:
	rm -rf static/dist node_modules $(VENV)/.installed

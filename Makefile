# The commands the README gives. `make run` and `make test` work on a fresh clone.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# `make run PORT=8001` when 8000 is taken; links in emails and QR codes follow the port.
PORT ?= 8000
DEV_ENV := DEBUG=1 PORTAL_PORT=$(PORT)

.PHONY: bench bench-postgres run port-free serve test test-postgres test-fast test-browser loadtest lint demo migrate messages extract-messages clean
MESSAGES_IGNORE := --ignore=.venv --ignore=node_modules --ignore=tests --ignore=staticfiles

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

messages: $(STAMP)
	bash scripts/ensure_tools.sh
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v0

migrate: messages
	$(DEV_ENV) $(BIN)/python manage.py migrate --no-input

demo: migrate
	$(DEV_ENV) $(BIN)/python manage.py load_legal_texts
	$(DEV_ENV) $(BIN)/python manage.py load_demo_data

# Checked before the setup, so that a taken port fails at once and says what to do.
port-free:
	@python3 -c 'import socket; s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", $(PORT)))' 2>/dev/null \
		|| { echo "Port $(PORT) is in use: stop what uses it, or choose another port: make run PORT=$$(($(PORT) + 1))"; exit 1; }

run: port-free demo
	@echo "The portal: http://127.0.0.1:$(PORT)/  (parents start at http://127.0.0.1:$(PORT)/apply/)"
	$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: messages
	bash scripts/ensure_tools.sh --for-tests
	$(BIN)/python -m pytest

# The same suite against PostgreSQL, with the Redis cache production shares between servers
# (both started, and installed where missing, by the scripts).
test-postgres: messages
	bash scripts/ensure_tools.sh --for-tests
	url=$$(bash scripts/ensure_postgres.sh) && cache=$$(bash scripts/ensure_redis.sh) && \
		DATABASE_URL=$$url CACHE_URL=$$cache $(BIN)/python -m pytest

# 50 parents at once through the whole wizard, on SQLite and on PostgreSQL.
loadtest: messages
	$(BIN)/python -m tools.loadtest

# Seed 100,000 applications and measure every page: queries, server time, size, throughput.
bench: messages
	bash scripts/ensure_tools.sh --for-bench
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

# The same on PostgreSQL, the production database (a fresh database, dropped afterwards).
bench-postgres: messages
	bash scripts/ensure_tools.sh --for-bench
	$(BIN)/python -m benchmarks.run --database postgres --json bench-results-postgres.json $(BENCH_ARGS)

# gunicorn and whitenoise in production mode against the local PostgreSQL, on :8000.
serve: messages
	bash scripts/serve.sh

test-fast: messages
	bash scripts/ensure_tools.sh --for-tests
	$(BIN)/python -m pytest -m "not browser and not html_checker"

test-browser: messages
	bash scripts/ensure_tools.sh --for-tests
	$(BIN)/python -m pytest -m browser

# Extract the interface's strings into locale/zh_Hans after changing them; translate the new
# entries in the .po file (tests/project/test_translations.py fails until every one is translated).
extract-messages: $(STAMP)
	$(DEV_ENV) $(BIN)/python manage.py makemessages -l zh_Hans $(MESSAGES_IGNORE) --no-location

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache

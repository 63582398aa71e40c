# The two commands of the README: `make run` and `make test`. Both bootstrap first.
.PHONY: bootstrap bootstrap-test run run-scaled test test-fast bench load lint train

bootstrap:
	@bash scripts/bootstrap.sh

# What only the tests need on top (pinned test tools, Debian's chromium): never `make run`.
bootstrap-test:
	@bash scripts/bootstrap.sh --test

run: bootstrap
	@.venv/bin/helpdesk run

# Two Rasa and two action servers on the local PostgreSQL and Redis behind nginx.
run-scaled: bootstrap
	@.venv/bin/helpdesk run --scaled

test: bootstrap-test
	@.venv/bin/helpdesk train
	@.venv/bin/python -m pytest -p no:cacheprovider $(PYTEST_ARGS)

test-fast: bootstrap-test
	@.venv/bin/python -m pytest -p no:cacheprovider -m "not e2e" $(PYTEST_ARGS)

bench: bootstrap-test  # the benchmarks use tests/support (caller voices, stacks)
	@.venv/bin/helpdesk train
	@.venv/bin/python -m benchmarks

# Load and fault drills against the scaled stack (localhost only, bounded).
load: bootstrap
	@.venv/bin/helpdesk train
	@.venv/bin/python -m benchmarks.load $(LOAD_ARGS)

lint: bootstrap-test
	@.venv/bin/ruff check .

train: bootstrap
	@.venv/bin/helpdesk train

# The two commands of the README: `make run` and `make test`. Both bootstrap first.
.PHONY: bootstrap run run-scaled test test-fast bench load lint train

bootstrap:
	@bash scripts/bootstrap.sh

run: bootstrap
	@.venv/bin/helpdesk run

# Two Rasa and two action servers on the local PostgreSQL and Redis behind nginx.
run-scaled: bootstrap
	@.venv/bin/helpdesk run --scaled

test: bootstrap
	@.venv/bin/helpdesk train
	@.venv/bin/python -m pytest -p no:cacheprovider $(PYTEST_ARGS)

test-fast: bootstrap
	@.venv/bin/python -m pytest -p no:cacheprovider -m "not e2e" $(PYTEST_ARGS)

bench: bootstrap
	@.venv/bin/helpdesk train
	@.venv/bin/python -m benchmarks

# Load and fault drills against the scaled stack (localhost only, bounded).
load: bootstrap
	@.venv/bin/helpdesk train
	@.venv/bin/python -m benchmarks.load $(LOAD_ARGS)

lint: bootstrap
	@.venv/bin/ruff check .

train: bootstrap
	@.venv/bin/helpdesk train

#!/usr/bin/env bash
# Bootstrap the project: find Python 3.10 (CONTRACT §1), create .venv, install the pinned
# runtime dependencies when requirements.lock or pyproject.toml changed. Fast when nothing
# changed. `--test` (make test, test-fast, lint) adds what only the tests need: the pinned
# test tools (requirements-test.lock) and Debian's chromium; `make run` installs neither.
set -euo pipefail
cd "$(dirname "$0")/.."
with_tests=0
[ "${1:-}" = "--test" ] && with_tests=1

is_py310() { "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' >/dev/null 2>&1; }

find_python() {
  if [ -n "${PYTHON:-}" ]; then
    is_py310 "$PYTHON" && { echo "$PYTHON"; return; }
    echo "PYTHON=$PYTHON is not a Python 3.10 interpreter" >&2; exit 1
  fi
  if command -v python3.10 >/dev/null 2>&1 && is_py310 python3.10; then
    command -v python3.10; return
  fi
  if command -v pyenv >/dev/null 2>&1; then
    for candidate in "$(pyenv root)"/versions/3.10.*/bin/python; do
      [ -x "$candidate" ] && is_py310 "$candidate" && { echo "$candidate"; return; }
    done
  fi
  for candidate in "$HOME"/.pyenv/versions/3.10.*/bin/python; do
    [ -x "$candidate" ] && is_py310 "$candidate" && { echo "$candidate"; return; }
  done
  echo "Rasa 3.6 needs Python 3.10: set PYTHON, put python3.10 on PATH, or install it with pyenv." >&2
  exit 1
}

if [ ! -x .venv/bin/python ] || ! is_py310 .venv/bin/python; then
  python=$(find_python)
  echo "Creating .venv with $python"
  rm -rf .venv
  "$python" -m venv .venv
fi

stamp=".venv/.installed-$(cat requirements.lock pyproject.toml | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "Installing pinned dependencies into .venv (first run takes a few minutes) ..."
  .venv/bin/python -m pip install --quiet --upgrade "pip<26"
  .venv/bin/python -m pip install --quiet --progress-bar off -r requirements.lock
  .venv/bin/python -m pip install --quiet --no-deps -e .
  rm -f .venv/.installed-*
  touch "$stamp"
  echo "Dependencies installed."
fi

# Debian packages: root installs directly, anyone else through passwordless sudo.
apt_install() {
  if [ "$(id -u)" = "0" ]; then sudo=""; else sudo="sudo -n"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y -q --no-install-recommends "$@" >/dev/null 2>&1 \
    || { $sudo apt-get update -q >/dev/null 2>&1 \
         && $sudo apt-get install -y -q --no-install-recommends "$@" >/dev/null; }
}

if [ "$with_tests" = 1 ]; then
  test_stamp=".venv/.tests-installed-$(cat requirements.lock requirements-test.lock | sha256sum | cut -c1-16)"
  if [ ! -f "$test_stamp" ]; then
    echo "Installing the pinned test tools into .venv ..."
    .venv/bin/python -m pip install --quiet --progress-bar off -r requirements-test.lock
    rm -f .venv/.tests-installed-*
    touch "$test_stamp"
  fi
  # Browser tests drive Debian's Chromium through Playwright (never `playwright install`).
  if [ ! -x /usr/bin/chromium ]; then
    echo "Installing Debian's chromium for the browser tests ..."
    apt_install chromium \
      || echo "Could not install chromium (needs root or sudo): browser tests will fail." >&2
  fi
fi

# `make run-scaled` puts Debian's nginx in front of the Rasa and action servers.
if [ ! -x /usr/sbin/nginx ]; then
  echo "Installing Debian's nginx (load balancer of make run-scaled) ..."
  apt_install nginx-light \
    || echo "Could not install nginx (needs root or sudo): scale-out tests will fail." >&2
fi
mkdir -p var

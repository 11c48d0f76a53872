#!/bin/bash
# Build dist/community-kiosk_<version>_<arch>.deb (`make package`): the terminal's distribution
# (packaging/terminal/pyproject.toml) with its own Python environment; the hub is not in it.
#
# The app ships with its own Python environment at /opt/kiosk/venv, built here
# with Debian's python3 and then made to live at its final path (see README.md,
# "Why a prebuilt environment"): scripts' #! lines and activate files are
# rewritten, no bytecode is shipped (the postinst compiles it in place), and the
# build fails if any build path is left in the tree.
#
# Environment:
#   KIOSK_PACKAGE_PYTHON   interpreter the venv is made from (default /usr/bin/python3:
#                          it must be the one the target has, Debian 12's 3.11)
#   KIOSK_PACKAGE_COMPRESS dpkg-deb compression: gzip (default, ~20 s), xz (~30% smaller,
#                          ~3 min: for release uploads) or none
#   KIOSK_PACKAGE_LEVEL    its level (default: gzip 6, xz 6)
#   KIOSK_PACKAGE_BUILD_DIR where the tree is staged (default: a fresh directory in
#                          /dev/shm when it has room, since ~1 GB is written and the
#                          disk is the slow part, else build/package; removed afterwards)
#   KIOSK_PACKAGE_KEEP=1   keep the staged tree (for inspection)
#   KIOSK_PACKAGE_QUIET=1  only the final line
#   KIOSK_RELEASE_KEYS     the release public key files to pin, space-separated: <kid>.pub, each the
#                          base64 of a raw Ed25519 public key (see README.md, "Software updates").
#                          Installed in /usr/share/community-kiosk/release-keys; without any, the
#                          package refuses every software update the hub offers.
set -euo pipefail
export PYTHONDONTWRITEBYTECODE=1  # no bytecode with build paths in it

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PKG_DIR="$ROOT/packaging"
PY=${KIOSK_PACKAGE_PYTHON:-/usr/bin/python3}
COMPRESS=${KIOSK_PACKAGE_COMPRESS:-gzip}
PREFIX=/opt/kiosk
VENV_PATH=$PREFIX/venv
NAME=community-kiosk

START=$SECONDS
say() { [ -n "${KIOSK_PACKAGE_QUIET:-}" ] || echo "package: [$((SECONDS - START))s] $*"; }
die() { echo "package: error: $*" >&2; exit 1; }

for tool in dpkg-deb dpkg gzip find md5sum; do
    command -v "$tool" >/dev/null || die "$tool is missing (apt-get install dpkg-dev)"
done
[ -x "$PY" ] || die "$PY not found"
"$PY" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info[:2] != (3, 11))' \
    || die "$PY must be Python 3.11 with venv/ensurepip (Debian 12: python3-venv)"

VERSION=$("$PY" -c 'import tomllib, sys; print(tomllib.load(open(sys.argv[1], "rb"))["project"]["version"])' \
    "$PKG_DIR/terminal/pyproject.toml")
ARCH=$(dpkg --print-architecture)
PYVER=$("$PY" -c 'import sys; print(f"python{sys.version_info[0]}.{sys.version_info[1]}")')

if [ -n "${KIOSK_PACKAGE_BUILD_DIR:-}" ]; then
    BUILD=$KIOSK_PACKAGE_BUILD_DIR
    rm -rf "$BUILD"
elif [ -d /dev/shm ] && [ "$(df -Pk /dev/shm | awk 'NR==2 {print $4}')" -gt 3000000 ]; then
    BUILD=$(mktemp -d /dev/shm/kiosk-package.XXXXXX)
else
    BUILD="$ROOT/build/package"
    rm -rf "$BUILD"
fi
cleanup() { [ -n "${KIOSK_PACKAGE_KEEP:-}" ] || rm -rf "$BUILD"; }
trap cleanup EXIT
STAGE="$BUILD/root"
WORK_VENV="$BUILD/venv"          # built here, shipped as $VENV_PATH
WHEELS="$BUILD/wheels"
OUT="$ROOT/dist/${NAME}_${VERSION}_${ARCH}.deb"

mkdir -p "$STAGE" "$WHEELS" "$ROOT/dist"

# ---- 1. the project as a wheel, its dependencies pinned to what the test suite ran ---------
say "building the $NAME $VERSION wheel"
"$PY" -m venv "$WORK_VENV"
PIP=(pip_filtered "$WORK_VENV/bin/python" -m pip --disable-pip-version-check --no-input -q)
# pip warns about every configured find-links/index location that lacks a project; not our news.
pip_filtered() {
    "$@" 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
}
# The terminal's distribution only (packaging/terminal/pyproject.toml): no hub, no server framework.
pip_filtered bash "$PKG_DIR/tools/build_wheel.sh" terminal "$WHEELS" "$WORK_VENV/bin/python" >/dev/null
WHEEL=$(find "$WHEELS" -name 'community_kiosk-*.whl' | head -n1)
[ -n "$WHEEL" ] || die "no wheel was built"

CONSTRAINTS="$BUILD/constraints.txt"
: > "$CONSTRAINTS"
if [ -x "$ROOT/.venv/bin/pip" ]; then
    # The versions the tests ran against (no editable or direct-URL entries).
    "$ROOT/.venv/bin/pip" freeze --exclude-editable --disable-pip-version-check 2>/dev/null \
        | grep -E '^[A-Za-z0-9._-]+==' | grep -viE '^community-kiosk(-dev|-hub)?==' > "$CONSTRAINTS" || true
fi

say "installing it and its dependencies into the environment"
"${PIP[@]}" install --no-compile -c "$CONSTRAINTS" "$WHEEL"
# Runtime needs neither pip nor setuptools; without them nobody "fixes" a terminal by hand.
"${PIP[@]}" uninstall -y pip setuptools >/dev/null 2>&1 || true
SITE="$WORK_VENV/lib/$PYVER/site-packages"
[ -d "$SITE" ] || die "unexpected venv layout: no $SITE"
# Not shipped (nothing at run time uses them; fewer files make every install and check faster):
#  - Qt's development tools, headers, type stubs and build-time metadata,
#  - Qt modules the kiosk has no use for (3D, charts, graphs) and Qt Design Studio metadata,
#  - third-party test suites and VCS files.
# tests/packaging/test_deb.py checks that every Qt module the UI imports is still there.
QT="$SITE/PySide6"
rm -rf "$QT/include" "$QT/typesystems" "$QT/glue" "$QT/doc" "$QT/Qt/metatypes" "$QT/Qt/libexec" \
    "$QT"/{designer,assistant,linguist,lupdate,lrelease,qmlls,qmlformat,qmllint} \
    "$QT/Qt/plugins/designer" "$QT"/Qt/lib/libQt6Designer* \
    "$QT"/Qt/qml/{Qt3D,QtQuick3D,QtCharts,QtDataVisualization,QtGraphs} \
    "$QT"/Qt/lib/libQt63D* "$QT"/Qt/lib/libQt6Quick3D* "$QT"/Qt/lib/libQt6Charts* \
    "$QT"/Qt/lib/libQt6DataVisualization* "$QT"/Qt/lib/libQt6Graphs* \
    "$QT"/Qt3D*.abi3.so "$QT"/QtQuick3D*.abi3.so "$QT"/QtCharts*.abi3.so \
    "$QT"/QtDataVisualization*.abi3.so "$QT"/QtGraphs*.abi3.so "$QT"/QtDesigner*.abi3.so
# Image-based Controls styles (~900 files); the UI uses the Basic style (ui/app.py).
rm -rf "$QT"/Qt/qml/QtQuick/Controls/{FluentWinUI3,Imagine}
# Qt's own translations: only the kiosk's two languages.
find "$QT/Qt/translations" -type f ! -name '*_zh_CN.qm' ! -name '*_en.qm' -delete
find "$QT" -name '*.pyi' -delete
find "$QT/Qt/qml" -depth -type d -name designer -exec rm -rf {} +
# python-barcode installs its own tests/ and docs/ as top-level packages (ours are not installed).
rm -rf "$SITE/tests" "$SITE/docs"
find "$WORK_VENV" \( -name .gitignore -o -name .gitattributes -o -name .cvsignore -o -name .hgignore \) -delete
# direct_url.json would record the build directory the wheel came from.
find "$SITE" -path '*community_kiosk-*.dist-info/direct_url.json' -delete
# kiosk.paths finds bundled assets next to the packages (REPO_ROOT/assets).
if [ -d "$ROOT/assets" ]; then
    cp -a "$ROOT/assets" "$SITE/assets"
fi

# ---- 2. make the environment belong at /opt/kiosk/venv --------------------------------------
say "relocating the environment to $VENV_PATH"
find "$WORK_VENV" -depth -type d -name __pycache__ -exec rm -rf {} +
find "$WORK_VENV" -type f -name '*.py[co]' -delete
for f in "$WORK_VENV"/bin/*; do
    [ -f "$f" ] && [ ! -L "$f" ] || continue
    if head -c 2 "$f" | grep -q '^#!'; then
        sed -i "1s|^#!.*/python[0-9.]*\$|#!$VENV_PATH/bin/python|" "$f"
    fi
done
# activate scripts and pyvenv.cfg name the venv's own path.
grep -rlF "$WORK_VENV" "$WORK_VENV/bin" "$WORK_VENV/pyvenv.cfg" 2>/dev/null | while read -r f; do
    sed -i "s|$WORK_VENV|$VENV_PATH|g" "$f"
done
# Nothing may still point into the build tree (checked on text and binary files alike).
if leftovers=$(grep -rlF "$BUILD" "$WORK_VENV" 2>/dev/null) && [ -n "$leftovers" ]; then
    die "build paths left in the environment: $(echo "$leftovers" | head -5 | tr '\n' ' ')"
fi
# -I: isolated, so the checkout (the current directory) is not on the path and only the environment counts;
# -B: -I ignores PYTHONDONTWRITEBYTECODE, and no bytecode may be shipped.
"$WORK_VENV/bin/python" -I -B -c 'import contract, kiosk, ui, devices, sync, terminal' \
    || die "the packaged environment cannot import the app"
# The terminal ships without the hub and without a server framework (issue 14).
"$WORK_VENV/bin/python" -I -B -c '
import importlib.util, sys
found = [m for m in ("hub", "fastapi", "uvicorn", "starlette", "jinja2") if importlib.util.find_spec(m)]
sys.exit(f"in the terminal environment: {found}" if found else 0)' \
    || die "the packaged environment carries the hub or a server framework"

# ---- 3. the file tree -----------------------------------------------------------------------
say "staging the file tree"
install -d -m 0755 "$STAGE$PREFIX"
mv "$WORK_VENV" "$STAGE$VENV_PATH"
cp -a "$PKG_DIR/files/." "$STAGE/"
DOC="$STAGE/usr/share/doc/$NAME"
install -d -m 0755 "$DOC" "$STAGE/usr/share/man/man1"
install -m 0644 "$PKG_DIR/debian/copyright" "$DOC/copyright"
install -m 0644 "$PKG_DIR/README.md" "$DOC/README.md"
gzip -9n -c "$PKG_DIR/debian/changelog" > "$DOC/changelog.gz"
gzip -9n -c "$PKG_DIR/debian/kiosk.1" > "$STAGE/usr/share/man/man1/kiosk.1.gz"
chmod 0644 "$DOC/changelog.gz" "$STAGE/usr/share/man/man1/kiosk.1.gz"

# The release keys pinned at installation (issue 20): a release must be signed by one of them, so a
# compromised hub, which never holds them, cannot push code.
KEYS_DIR="$STAGE/usr/share/community-kiosk/release-keys"
for key in ${KIOSK_RELEASE_KEYS:-}; do
    case "$(basename "$key")" in
        *.pub) ;;
        *) die "release key $key must be named <kid>.pub" ;;
    esac
    "$PY" -c 'import base64, sys; sys.exit(len(base64.b64decode(open(sys.argv[1]).read().strip(), validate=True)) != 32)' \
        "$key" 2>/dev/null || die "release key $key is not the base64 of a raw Ed25519 public key"
    install -D -m 0644 "$key" "$KEYS_DIR/$(basename "$key")"
done
[ -n "${KIOSK_RELEASE_KEYS:-}" ] || echo "package: warning: KIOSK_RELEASE_KEYS is not set: this package pins no" \
    "release key and refuses every software update" >&2

# Normal permissions whatever the checkout's umask was; executables stay executable.
find "$STAGE" -type d -exec chmod 0755 {} +
find "$STAGE" -type f -perm /0111 -exec chmod 0755 {} +
find "$STAGE" -type f ! -perm /0111 -exec chmod 0644 {} +
# Executable bits only on ELF files and #! scripts (wheels mark data files executable too).
say "$("$PY" "$PKG_DIR/tools/fix_modes.py" "$STAGE$VENV_PATH")"
# Shared objects need no execute bit (lintian: shlib-with-executable-bit).
find "$STAGE$VENV_PATH" -type f -name '*.so*' -exec chmod 0644 {} +
chmod 0755 "$STAGE/usr/bin/kiosk"

# ---- 4. control area ------------------------------------------------------------------------
install -d -m 0755 "$STAGE/DEBIAN"
INSTALLED_SIZE=$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" -e "s/@INSTALLED_SIZE@/$INSTALLED_SIZE/" \
    "$PKG_DIR/debian/control.in" > "$STAGE/DEBIAN/control"
for script in postinst prerm postrm; do
    install -m 0755 "$PKG_DIR/debian/$script" "$STAGE/DEBIAN/$script"
done
(cd "$STAGE" && find etc -type f | sed 's|^|/|' | sort) > "$STAGE/DEBIAN/conffiles"
chmod 0644 "$STAGE/DEBIAN/control" "$STAGE/DEBIAN/conffiles"
(cd "$STAGE" && find . -path ./DEBIAN -prune -o -type f -print0 | sort -z | xargs -0 md5sum \
    | sed 's|  \./|  |') > "$STAGE/DEBIAN/md5sums"
chmod 0644 "$STAGE/DEBIAN/md5sums"

# ---- 5. the .deb ----------------------------------------------------------------------------
rm -f "$OUT"
# gzip or xz only: the Debian archive format lintian checks allows no other (zstd would be
# fast too, but is "malformed-deb-archive" to lintian). ~400 MB, mostly Qt: gzip -6 takes
# ~20 s, xz -6 ~3 min for a .deb 30% smaller.
level=()
case "$COMPRESS" in
    gzip) level=(-z"${KIOSK_PACKAGE_LEVEL:-6}") ;;
    xz) level=(-z"${KIOSK_PACKAGE_LEVEL:-6}") ;;
    none) ;;
    *) die "unknown KIOSK_PACKAGE_COMPRESS=$COMPRESS" ;;
esac
say "writing $OUT ($COMPRESS ${level[*]})"
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(date -d "$(dpkg-parsechangelog -l "$PKG_DIR/debian/changelog" -S Date 2>/dev/null || date -R)" +%s)}
export SOURCE_DATE_EPOCH
dpkg-deb --root-owner-group -Z"$COMPRESS" "${level[@]}" --build "$STAGE" "$OUT" >/dev/null
say "done"
echo "$OUT"

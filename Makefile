# Two commands do everything on a fresh Debian 12 machine as root:
#   make demo   set up, then run the kiosk on embedded defaults (virtual screen + VNC when headless)
#   make test   set up, then run the whole test suite
# `make package` builds the terminal's .deb; `make wheels` the terminal's and the hub's wheels.
# Setup is idempotent and quiet once done.

SHELL := /bin/bash
VENV  := .venv
PY    := $(VENV)/bin/python
PIP   := $(VENV)/bin/pip
STAMP := $(VENV)/.stamps

APT_PACKAGES := \
  libegl1 libgl1 libfontconfig1 libdbus-1-3 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 \
  libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 \
  libxcb-xkb1 libpulse0 fonts-wqy-microhei fonts-wqy-zenhei xvfb xauth \
  pcscd libpcsclite-dev swig vsmartcard-vpcd \
  cups printer-driver-cups-pdf poppler-utils ghostscript libcups2-dev cups-ipp-utils \
  socat espeak-ng sqlite3 gcc x11vnc faketime \
  postgresql chromium chromium-driver \
  dpkg-dev lintian systemd udev cage xwayland seatd shellcheck python3-venv \
  systemd-container mmdebstrap grim

.PHONY: setup demo test test-long test-boot bench package wheels clean translations

setup: $(STAMP)/apt $(STAMP)/pip translations

$(STAMP)/apt:
	@missing=$$(dpkg-query -W -f='$${Status} $${Package}\n' $(APT_PACKAGES) 2>/dev/null | awk '$$3!="installed"{print $$4}'; \
	  for p in $(APT_PACKAGES); do dpkg-query -W $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages: $$(echo $$missing | tr '\n' ' ')"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
	@mkdir -p $(STAMP) && touch $@

$(STAMP)/pip: pyproject.toml $(STAMP)/apt
	@test -x $(PY) || python3 -m venv $(VENV)
	@echo "Installing the Python environment in $(VENV)"
	@# the development project was called community-kiosk before the two distributions split (issue 14)
	@$(PIP) uninstall -q -y community-kiosk >/dev/null 2>&1 || true
	@$(PIP) install -q --disable-pip-version-check -e '.[test]'
	@mkdir -p $(STAMP) && touch $@

translations: $(STAMP)/pip
	@$(PY) -m ui.i18n build --quiet
	@$(PY) -m ui.voice render --quiet
	@$(PY) tools/sample_search_keys.py

demo: setup
	@$(PY) -m ui.main demo $(ARGS)

test: setup
	@$(PY) -m pytest -q $(PYTEST_ARGS)

test-long: setup
	@$(PY) -m pytest -q -m long $(PYTEST_ARGS)

# The .deb booted under a real systemd (systemd-nspawn; root, mmdebstrap): also part of test-long.
test-boot: setup
	@$(PY) -m pytest -q -m boot tests/boot $(PYTEST_ARGS)

bench: setup
	@$(PY) -m benchmarks $(ARGS)

package: setup
	@bash packaging/build.sh

# The two distributions' wheels in dist/: the terminal's (community-kiosk) and the hub's (community-kiosk-hub).
wheels: setup
	@bash packaging/tools/build_wheel.sh terminal dist $(PY)
	@bash packaging/tools/build_wheel.sh hub dist $(PY)
	@ls dist/*.whl

clean:
	rm -rf $(VENV) dist build *.egg-info

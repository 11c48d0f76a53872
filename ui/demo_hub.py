"""``kiosk demo --with-hub``: the whole system on one machine.

Starts the reference platform hub as its own process (``python -m hub.cli serve``, or the ``kiosk-hub``
script when the hub lives in another environment) on a free loopback port, its data under the demo's data
directory; makes an admin token with the hub's own CLI, publishes the sample catalog, notices and forms
over HTTP, enrols this demo terminal the first time, and points sync at it. Staff can then use the hub's
web console and API while residents use the kiosk.

The terminal never imports the hub (the terminal's distribution does not even install it): everything
here goes through the hub's command line and its HTTP API, as a real deployment would.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import requests
import yaml

from contract.settings import Settings
from kiosk.content import SAMPLE_CONTENT_DIR
from kiosk.staff import hash_pin
from sync.service import enroll
from sync.store import open_store

# The hub's data directory variable (hub.config.DATA_DIR_ENV), spelled here: the terminal does not import the hub.
HUB_DATA_DIR_ENV = "KIOSK_HUB_DATA_DIR"
READY_TIMEOUT_S = 90.0

# Demo only: the staff list the demo hub publishes. A real hub never holds PINs, only their hashes.
DEMO_PINS = {"demo-tech": "246810", "demo-admin": "135790"}
# Demo only: the console sign-in of the demo hub (a real hub's first admin gets a one-time password that must be changed).
DEMO_CONSOLE = ("demo-admin", "demo-console-2468")


class HubUnavailable(Exception):
    """The hub cannot be started here; the message says why in a sentence for the person at the console."""


def _doc(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text) if path.suffix in (".yaml", ".yml") else json.loads(text)


def demo_hub_dir(settings: Settings, environ: Mapping[str, str] | None = None) -> Path:
    """Where the demo's hub keeps its data: ``KIOSK_HUB_DATA_DIR`` when set (as for ``kiosk-hub`` itself, so
    ``kiosk-hub terminals code`` finds the demo's terminals), else ``data_dir/demo-hub/hub``."""
    env = (os.environ if environ is None else environ).get(HUB_DATA_DIR_ENV)
    return Path(env) if env else Path(settings.data_dir) / "demo-hub" / "hub"


def _hub_root() -> str | None:
    """The directory the hub package is imported from by this interpreter, found without importing it."""
    spec = importlib.util.find_spec("hub")
    if spec is None or not spec.submodule_search_locations:
        return None
    return str(Path(next(iter(spec.submodule_search_locations))).parent)


def hub_command() -> list[str]:
    """The command that runs ``kiosk-hub``: this interpreter with ``-m hub.cli`` when the hub's distribution is
    installed next to the terminal's (the development environment), else a ``kiosk-hub`` on PATH."""
    if _hub_root() is not None:
        return [sys.executable, "-m", "hub.cli"]
    script = shutil.which("kiosk-hub")
    if script is not None:
        return [script]
    raise HubUnavailable("the platform hub is not installed (it is its own distribution, with the `kiosk-hub` "
                         "command): install it to use --with-hub, or run `kiosk demo` without it")


def _hub_env(hub_dir: Path) -> dict[str, str]:
    """The child's environment: the demo's data directory, and the hub this interpreter would import first on
    the import path (a source checkout runs its own hub, not an installed one)."""
    root = _hub_root()
    path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, HUB_DATA_DIR_ENV: str(hub_dir), **({"PYTHONPATH": path} if path else {})}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _create_admin_token(command: list[str], hub_dir: Path) -> str:
    """A fresh admin token, made by ``kiosk-hub token create`` on the hub's database (before it serves)."""
    out = subprocess.run([*command, "token", "create", "--role", "admin", "--name", "demo-admin"],
                         env=_hub_env(hub_dir), capture_output=True, text=True, timeout=120, check=False)
    if out.returncode != 0 or not out.stdout.strip():
        raise HubUnavailable(f"`kiosk-hub token create` failed ({out.returncode}): {out.stderr.strip()[-500:]}")
    return out.stdout.strip().splitlines()[-1]


def _ensure_console_account(command: list[str], hub_dir: Path) -> None:
    """The demo's console sign-in (``DEMO_CONSOLE``), made once by ``kiosk-hub account create``; a later run
    finds it there (the command then refuses a second one with the same name, which is fine)."""
    username, password = DEMO_CONSOLE
    listed = subprocess.run([*command, "account", "list"], env=_hub_env(hub_dir), capture_output=True, text=True,
                            timeout=120, check=False)
    if listed.returncode == 0 and username in listed.stdout.split():
        return
    out = subprocess.run([*command, "account", "create", "--username", username, "--name", "演示管理员",
                          "--role", "admin", "--password-stdin"], input=password + "\n", env=_hub_env(hub_dir),
                         capture_output=True, text=True, timeout=120, check=False)
    if out.returncode != 0:
        raise HubUnavailable(f"`kiosk-hub account create` failed ({out.returncode}): {out.stderr.strip()[-500:]}")


def _wait_ready(base_url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise HubUnavailable(f"the hub exited with {process.returncode} before it was ready (see {log})")
        try:
            if requests.get(f"{base_url}/healthz", timeout=1).status_code == 200:
                return
        except requests.RequestException:
            pass  # not listening yet
        time.sleep(0.1)
    raise HubUnavailable(f"the hub at {base_url} was not ready within {READY_TIMEOUT_S:.0f} s (see {log})")


@contextmanager
def _serve(command: list[str], hub_dir: Path) -> Iterator[str]:
    """``kiosk-hub serve`` on a free loopback port until the block ends; yields its base URL."""
    port = _free_port()
    log_path = hub_dir / f"hub-{port}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [*command, "serve", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
             "--no-access-log"], env=_hub_env(hub_dir), stdout=log, stderr=subprocess.STDOUT)
        base_url = f"http://127.0.0.1:{port}"
        try:
            _wait_ready(base_url, process, log_path)
            yield base_url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


class AdminApi:
    """The few admin calls the demo makes, over HTTP with the admin token."""

    def __init__(self, base_url: str, token: str) -> None:
        self.base_url = base_url
        self._headers = {"Authorization": f"Bearer {token}"}

    def call(self, method: str, path: str, body: Any = None) -> Any:
        response = requests.request(method, f"{self.base_url}{path}", json=body, headers=self._headers, timeout=30)
        response.raise_for_status()
        return response.json()

    def publish(self, kind: str, content: dict[str, Any], content_id: str | None = None) -> None:
        """Publish a content version and release it to every terminal."""
        body: dict[str, Any] = {"kind": kind, "content": content}
        if content_id:
            body["id"] = content_id
        version = self.call("POST", "/api/v1/admin/content", body)
        self.call("POST", "/api/v1/admin/releases", {"kind": kind, "id": version["id"], "version": version["version"],
                                                     "target": {"all": True}, "rollout_percent": 100})

    def enroll_token(self, community: str) -> str:
        return str(self.call("POST", "/api/v1/admin/enroll-tokens", {"community": community, "district": "历下区"})["token"])


def _publish_samples(api: AdminApi) -> None:
    api.publish("catalog", _doc(SAMPLE_CONTENT_DIR / "catalog.yaml"), content_id="catalog")
    api.publish("notices", _doc(SAMPLE_CONTENT_DIR / "notices.yaml"), content_id="notices")
    api.publish("topics", _doc(SAMPLE_CONTENT_DIR / "topics.json"), content_id="topics")  # issue 11
    for path in sorted((SAMPLE_CONTENT_DIR / "forms").glob("*.json")):
        api.publish("form", _doc(path))
    # demo staff (PINs printed below): technician mode is reachable in the demo too
    api.publish("staff", {"staff": [
        {"staff_id": "demo-tech", "role": "technician", "pin_hash": hash_pin(DEMO_PINS["demo-tech"])},
        {"staff_id": "demo-admin", "role": "administrator", "pin_hash": hash_pin(DEMO_PINS["demo-admin"])},
    ]}, content_id="staff")


def _enrolled_terminal_id(settings: Settings, api: AdminApi) -> str:
    """Enrol this demo terminal the first time (the enrolment is kept across runs); its terminal ID."""
    store = open_store(settings)
    try:
        if store.keys.enrollment() is None:
            enroll(store, api.base_url, api.enroll_token(settings.terminal.community_name_zh),
                   trust_on_first_use=True)  # the demo's own hub, started just now on loopback
        enrollment = store.keys.enrollment()
        return enrollment.terminal_id if enrollment else "?"
    finally:
        store.close()


@contextmanager
def demo_hub(settings: Settings) -> Iterator[tuple[str, str]]:
    """Run the demo's hub for the block; yields ``(base_url, admin_token)``. Raises :class:`HubUnavailable`."""
    command = hub_command()
    hub_dir = demo_hub_dir(settings)
    hub_dir.mkdir(parents=True, exist_ok=True)
    admin_token = _create_admin_token(command, hub_dir)
    _ensure_console_account(command, hub_dir)
    with _serve(command, hub_dir) as url:
        api = AdminApi(url, admin_token)
        _publish_samples(api)
        terminal_id = _enrolled_terminal_id(settings, api)
        settings.sync.hub_url = url  # the port is new each run; the enrolment stays
        print("Technician mode (demo): five taps in the top-right corner of the attract screen, staff ID "
              f"demo-tech, and the one-time code from `{HUB_DATA_DIR_ENV}={hub_dir} kiosk-hub terminals code "
              f"{terminal_id}`; staff cards use PIN {DEMO_PINS['demo-tech']} (demo-admin: "
              f"{DEMO_PINS['demo-admin']}). Web console {url}/console: user {DEMO_CONSOLE[0]}, password "
              f"{DEMO_CONSOLE[1]}.", flush=True)
        yield url, admin_token

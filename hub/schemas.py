"""Request and response bodies of the hub's HTTP API (they make ``hub/openapi.json``)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from contract.pages import MATERIAL_PATTERN, MAX_PAGES_PER_MATERIAL
from hub.config import MAX_OUTBOX_ITEMS

ContentKind = Literal["catalog", "form", "notices", "settings", "staff", "topics"]
CaseStatusName = Literal["received", "accepted", "needs_info", "needs_retake", "approved", "rejected",
                         "ready_for_pickup"]
MaterialId = Annotated[str, Field(pattern=MATERIAL_PATTERN)]
MAX_RETAKE_MATERIALS = 50
RoleName = Literal["admin", "staff", "viewer"]
UpdateStateName = Literal["idle", "downloading", "installing", "verifying", "committed", "rolled_back", "failed"]
CommandName = Literal["sync_now", "upload_diagnostics", "restart_app", "run_selftests", "maintenance_on",
                      "maintenance_off"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Open(BaseModel):
    """Terminal bodies accept unknown keys (newer terminals may send more), but type-check known ones."""

    model_config = ConfigDict(extra="allow")


# --- terminal API ---------------------------------------------------------------------


class EnrollRequest(_Strict):
    token: str = Field(min_length=1, max_length=200)
    public_key: str = Field(min_length=1, max_length=100, description="base64 raw Ed25519 public key")
    hostname: str = Field("", max_length=255)


class BundleKey(BaseModel):
    kid: str
    public_key: str


class BundleKeys(BaseModel):
    active_kid: str
    bundle_keys: list[BundleKey]


class EnrollResponse(BaseModel):
    terminal_id: str
    terminal_no: int
    district: str
    community: str
    sealing_key: str
    bundle_keys: list[BundleKey]
    otp_secret: str


class OutboxItemIn(_Open):
    id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    kind: str = Field(max_length=32)
    created_at: str = Field(max_length=40)
    body: dict[str, Any]


class OutboxRequest(_Strict):
    items: list[OutboxItemIn] = Field(max_length=MAX_OUTBOX_ITEMS)


class OutboxResult(BaseModel):
    id: str
    status: Literal["accepted", "duplicate", "rejected"]
    reason: str = ""


class OutboxResponse(BaseModel):
    results: list[OutboxResult]


class SubmissionBody(_Open):
    submission_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    tracking_number: str = Field(pattern=r"^\d{15}$")
    service_id: str = Field(min_length=1, max_length=100)
    form_id: str = Field(min_length=1, max_length=100)
    form_version: int = Field(ge=0, le=2**31 - 1)
    language: str = Field(min_length=2, max_length=10)
    # what a 1 MiB request (hub.config.TERMINAL_BODY_LIMIT) can carry with the item around it
    sealed_payload: str = Field(min_length=1, max_length=1_000_000)


class PageBody(_Open):
    """A photographed page of a material (``contract.pages.SealedPage.outbox_body``), sealed to the platform."""

    submission_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    material: MaterialId
    number: int = Field(ge=1, le=MAX_PAGES_PER_MATERIAL)
    sealed_payload: str = Field(min_length=1, max_length=560_000,
                                description="base64 of the sealed page: a page at its budget is about 534,000")


class ManifestItem(BaseModel):
    kind: ContentKind
    id: str
    version: int
    sha256: str
    size: int


class Manifest(BaseModel):
    bundle_version: int
    terminal_id: str
    created_at: str
    items: list[ManifestItem]
    kid: str
    sig: str


class Certificate(BaseModel):
    number: str
    title: str
    body: str
    verify_url: str


class StatusEntry(BaseModel):
    submission_id: str
    tracking_number: str
    status: CaseStatusName
    updated_at: str
    certificate: Certificate | None = None
    retake_materials: list[str] = Field(default_factory=list, description="status needs_retake: the materials "
                                        "(catalog material ids) the resident is asked to photograph again")


class StatusesResponse(BaseModel):
    cursor: str
    statuses: list[StatusEntry]


class DeviceHealth(_Open):
    status: Literal["ok", "warn", "fail", "skip"]  # skip: not configured or not tested (terminal.diag.checks)
    detail: str = ""


class PrinterHealth(_Open):
    online: bool | None = None
    paper: Literal["ok", "near_end", "low", "out", "unknown"] | None = None
    cover_open: bool | None = None


class StorageHealthIn(_Open):
    """The terminal's storage (issue 22, ``sync.storage_health``): damaged, full, recovered..."""

    state: Literal["ok", "low", "recovered", "full", "readonly", "io", "damaged"]
    code: str = Field("", max_length=32)
    detail: str = Field("", max_length=1000)
    free_mb: float | None = Field(None, allow_inf_nan=False)
    recovery: dict[str, Any] | None = Field(None, max_length=50)


class ClockHealthIn(_Open):
    """Whether the terminal's clock is known wrong (issue 22, ``kiosk.clock_guard``)."""

    ok: bool
    code: str = Field("", max_length=32)
    detail: str = Field("", max_length=300)
    offset_s: float | None = Field(None, allow_inf_nan=False)


class CommandResultIn(_Open):
    """What became of a command the hub handed out (issue 24): reported once, in the next heartbeat."""

    id: str = Field(min_length=1, max_length=40)
    name: str = Field(max_length=40)
    ok: bool
    detail: str = Field("", max_length=500)
    at: str | None = Field(None, max_length=40)


class MaintenanceIn(_Open):
    """Whether a technician works on the terminal (technician mode open, or set from the console)."""

    on: bool
    by: str = Field("", max_length=60, description="technician (the screen's mode) or console (a hub command)")
    since: str | None = Field(None, max_length=40)


class FaultChangeIn(_Open):
    """One component's state change, as kept in the terminal's bounded fault history."""

    at: str = Field(max_length=40)
    component: str = Field(min_length=1, max_length=40)
    status: Literal["ok", "warn", "fail", "skip"]
    previous: Literal["ok", "warn", "fail", "skip", ""] = ""
    code: str = Field("", max_length=32)
    detail: str = Field("", max_length=300)


class DeviceInventoryIn(_Open):
    """A device as it describes itself: what a technician orders a spare part by."""

    model: str = Field("", max_length=100)
    serial: str = Field("", max_length=100)
    firmware: str = Field("", max_length=100)
    usb: str = Field("", max_length=20, description="USB vendor:product id, when the device tells it")
    simulated: bool = False


class SoftwareStatusIn(_Open):
    """The terminal's software as ``kiosk update status --json`` prints it (contract.release.SoftwareStatus)."""

    running: str = Field(max_length=40)
    offered: str | None = Field(None, max_length=40)
    state: UpdateStateName = "idle"
    last_error: str | None = Field(None, max_length=500)


class HeartbeatRequest(_Open):
    at: str | None = Field(None, max_length=40)
    app_version: str = Field("", max_length=40)
    schema_version: int | None = Field(None, ge=0, le=2**31 - 1)
    bundle_version: int = Field(0, ge=0, le=2**53)
    forms: dict[str, Annotated[int, Field(ge=0, le=2**31 - 1)]] = Field(default_factory=dict, max_length=1000)
    devices: dict[str, DeviceHealth] = Field(default_factory=dict, max_length=100)
    printer: PrinterHealth | None = None
    outbox_depth: int = Field(0, ge=0, le=2**53)
    quarantined: int = Field(0, ge=0, le=2**53)
    last_sync: str | None = Field(None, max_length=40)
    last_error: str | None = Field(None, max_length=2000)
    disk_free_mb: float | None = Field(None, allow_inf_nan=False)
    uptime_s: float | None = Field(None, allow_inf_nan=False)
    storage: StorageHealthIn | None = None
    clock: ClockHealthIn | None = None
    maintenance: MaintenanceIn | None = None
    inventory: dict[str, DeviceInventoryIn] = Field(default_factory=dict, max_length=20)
    command_results: list[CommandResultIn] = Field(default_factory=list, max_length=50)
    faults: list[FaultChangeIn] = Field(default_factory=list, max_length=200)
    software: SoftwareStatusIn | None = None


class CommandOut(BaseModel):
    id: str
    name: CommandName


class ReleaseOfferOut(BaseModel):
    """A software release offered to this terminal (contract.release.ReleaseOffer)."""

    manifest: dict[str, Any] = Field(description="the manifest as the release key signed it")
    url: str = Field(description="the hub path of the package (GET, signed, Range: bytes=N- resumes)")
    force: bool = Field(False, description="install outside the opening-hours window (never during a session)")


class HeartbeatResponse(BaseModel):
    commands: list[CommandOut]
    server_time: str
    release: ReleaseOfferOut | None = None


# --- admin / staff API ----------------------------------------------------------------


class TokenCreate(_Strict):
    name: str = Field(min_length=1, max_length=200)
    role: RoleName
    district: str | None = Field(None, max_length=100, description="only this district's terminals, cases and "
                                                                   "community services")
    community: str | None = Field(None, max_length=100, description="only this community's (the same things)")
    street: str | None = Field(None, max_length=100, description="街道: only the communities of the district "
                                                                "enrolled in this street (give the district too)")
    expires_days: int = Field(180, ge=1, le=3650, description="the token stops working after this many days")


class TokenOut(BaseModel):
    id: str
    name: str
    role: RoleName
    district: str | None
    street: str | None = None
    community: str | None
    created_at: str
    revoked: bool
    expires_at: str | None


class TokenCreated(TokenOut):
    token: str = Field(description="shown once; only its hash is kept")


class EnrollTokenCreate(_Strict):
    community: str = Field(min_length=1, max_length=100)
    district: str = Field("历下区", min_length=1, max_length=100)
    street: str | None = Field(None, min_length=1, max_length=100, description="街道 (subdistrict), for street scopes")
    ttl_s: int = Field(7 * 24 * 3600, ge=60, le=90 * 24 * 3600)


class EnrollTokenCreated(BaseModel):
    token: str
    district: str
    community: str
    expires_at: str


class Target(_Strict):
    all: bool = False
    districts: list[str] = Field(default_factory=list, max_length=1000)
    communities: list[str] = Field(default_factory=list, max_length=1000)
    terminals: list[str] = Field(default_factory=list, max_length=10000)


class ContentPublish(_Strict):
    kind: ContentKind
    content: dict[str, Any]
    id: str | None = Field(None, min_length=1, max_length=100,
                           description="content id; forms take theirs from the definition's id")


class ContentVersionOut(BaseModel):
    kind: ContentKind
    id: str
    version: int
    sha256: str
    size: int
    title: str
    created_at: str
    created_by: str
    created: bool = Field(True, description="false when the content equals the latest version (nothing new)")


class ValidationReport(BaseModel):
    valid: bool
    errors: list[str]


class ReleaseCreate(_Strict):
    kind: ContentKind
    id: str = Field(min_length=1, max_length=100)
    version: int | None = Field(None, ge=1, le=2**31 - 1, description="default: the latest version")
    target: Target = Field(default_factory=lambda: Target(all=True))
    rollout_percent: int = Field(100, ge=0, le=100)
    canaries: list[str] = Field(default_factory=list, max_length=1000)
    dry_run: bool = False


class ReleaseUpdate(_Strict):
    state: Literal["active", "paused"] | None = None
    rollout_percent: int | None = Field(None, ge=0, le=100)


class ReleaseOut(BaseModel):
    id: int
    kind: ContentKind
    content_id: str
    version: int
    target: Target
    rollout_percent: int
    canaries: list[str]
    state: Literal["active", "paused", "rolled_back"]
    created_at: str
    created_by: str
    updated_at: str


class PlanChange(BaseModel):
    terminal_id: str
    district: str
    community: str
    kind: ContentKind
    id: str
    current: int | None
    planned: int | None


class ReleasePlan(BaseModel):
    dry_run: bool
    release: ReleaseOut | None
    terminals: int
    changes: list[PlanChange]


class RollbackRequest(_Strict):
    kind: ContentKind = "form"
    id: str = Field(min_length=1, max_length=100)


class Alert(BaseModel):
    code: str
    detail: str


class TerminalView(BaseModel):
    terminal_id: str
    terminal_no: int
    display_name: str = ""
    district: str
    community: str
    hostname: str
    enrolled_at: str
    revoked: bool
    online: bool
    last_heartbeat_at: str | None
    app_version: str | None
    bundle_version: int | None
    expected_bundle_version: int | None
    forms: dict[str, int]
    expected_forms: dict[str, int]
    devices: dict[str, Any]
    printer: dict[str, Any] | None
    outbox_depth: int | None
    quarantined: int | None
    last_sync: str | None
    last_error: str | None
    disk_free_mb: float | None
    uptime_s: float | None
    alerts: list[Alert]
    maintenance: bool = Field(False, description="a technician works on it (technician mode open, or set from "
                                                 "the console); only while the terminal is online")
    maintenance_by: str = Field("", description="technician or console")
    inventory: dict[str, Any] = Field(default_factory=dict, description="model, serial, firmware, USB id per device")
    software: dict[str, Any] | None = Field(None, description="running version, offered version, update state and "
                                                              "last error, as the terminal last reported them")


class HistoryEntry(BaseModel):
    at: str
    alerts: list[str]
    snapshot: dict[str, Any]


class TechnicianCode(BaseModel):
    terminal_id: str
    code: str = Field(description="6-digit TOTP (30 s step) over the terminal's otp_secret")
    valid_until: str


class CommandCreate(_Strict):
    name: CommandName


class CaseOut(BaseModel):
    submission_id: str
    tracking_number: str
    terminal_id: str
    district: str
    community: str
    service_id: str
    form_id: str
    form_version: int
    language: str
    status: CaseStatusName
    created_at: str
    received_at: str
    updated_at: str
    certificate: Certificate | None = None
    retake_materials: list[str] = Field(default_factory=list, description="status needs_retake: the materials "
                                        "to photograph again")


class CaseNoteOut(BaseModel):
    at: str
    author: str
    from_status: str
    to_status: str
    text: str


class CaseDetail(CaseOut):
    notes: list[CaseNoteOut]
    payload: dict[str, Any] | None = Field(None, description="the opened submission (staff only)")
    pages: dict[str, int] = Field(default_factory=dict, description="photographed pages received, by material")


class CertificateIn(_Strict):
    title: str = Field(min_length=1, max_length=300)
    body: str = Field(min_length=1, max_length=20000)
    number: str | None = Field(None, min_length=1, max_length=40, pattern=r"^[A-Za-z0-9-]+$")


class CaseStatusChange(_Strict):
    status: CaseStatusName
    note: str = Field("", max_length=5000)
    certificate: CertificateIn | None = None
    materials: list[MaterialId] = Field(default_factory=list, max_length=MAX_RETAKE_MATERIALS,
                                        description="needs_retake only: the materials to photograph again")


class AuditOut(BaseModel):
    at: str
    actor: str
    role: str
    action: str
    target: str
    detail: dict[str, Any]


class StaffCardRequest(_Strict):
    staff_id: str = Field(min_length=1, max_length=64)
    role: Literal["technician", "administrator"]
    issued: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$")


class Health(BaseModel):
    status: Literal["ok"]
    schema_revision: str | None
    kid: str


# --- software releases (issue 20) -------------------------------------------------------


class SoftwareRolloutOut(BaseModel):
    ring: Literal["canary", "percent", "all"]
    percent: int
    terminals: list[str]
    force: bool
    created_at: str
    created_by: str


class SoftwareFailureOut(BaseModel):
    terminal_id: str
    terminal_no: int
    community: str
    state: str
    last_error: str
    at: str


class SoftwareReleaseOut(BaseModel):
    version: str
    state: Literal["uploaded", "active", "paused", "halted", "superseded"]
    halted_reason: str
    sha256: str
    size: int
    architecture: str
    notes: str
    kid: str
    uploaded_at: str
    uploaded_by: str
    rollout: SoftwareRolloutOut | None
    targeted: int = Field(description="enrolled terminals the rollout's ring reaches")
    offered: int = Field(description="terminals that reported this version as offered or running")
    in_progress: int
    committed: int
    failed: int
    rolled_back: int
    failures: list[SoftwareFailureOut]

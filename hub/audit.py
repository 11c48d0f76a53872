"""The hub's own audit log: every admin and staff action, with who did it; never personal data.

These are platform-side actions, a separate catalogue from the terminal's
``kiosk.audit.AuditEvent`` (which the hub only receives, in outbox items).
This is the one catalogue: the codes stored, and what each is called where
people read the log (the console's audit page and its exports).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from contract.clock import BEIJING
from contract.lang import tr
from hub.db import utcnow
from hub.models import ApiToken, AuditEntry, Terminal


class AdminAction(StrEnum):
    TOKEN_CREATED = "token.created"
    TOKEN_REVOKED = "token.revoked"
    ENROLL_TOKEN_CREATED = "enroll_token.created"
    TERMINAL_ENROLLED = "terminal.enrolled"
    TERMINAL_REVOKED = "terminal.revoked"
    COMMAND_QUEUED = "terminal.command_queued"
    COMMAND_DONE = "terminal.command_done"
    TECHNICIAN_CODE_ISSUED = "terminal.technician_code_issued"
    TERMINAL_RENAMED = "terminal.renamed"
    CONTENT_PUBLISHED = "content.published"
    RELEASE_CREATED = "release.created"
    RELEASE_UPDATED = "release.updated"
    RELEASE_ROLLED_BACK = "release.rolled_back"
    RELEASE_APPROVED = "release.approved"
    CASE_OPENED = "case.opened"
    CASE_STATUS_CHANGED = "case.status_changed"
    CASE_PAGE_VIEWED = "case.page_viewed"
    CERTIFICATE_ISSUED = "certificate.issued"
    STAFF_CARD_SIGNED = "staff_card.signed"
    KEY_ROTATED = "key.rotated"
    SIGNED_IN = "console.signed_in"
    SIGN_IN_FAILED = "console.sign_in_failed"
    SIGNED_OUT = "console.signed_out"
    ACCOUNT_CREATED = "account.created"
    ACCOUNT_CHANGED = "account.changed"
    ACCOUNT_DISABLED = "account.disabled"
    ACCOUNT_ENABLED = "account.enabled"
    PASSWORD_RESET = "account.password_reset"
    PASSWORD_CHANGED = "account.password_changed"
    SOFTWARE_UPLOADED = "software.uploaded"
    SOFTWARE_ROLLOUT = "software.rollout"
    SOFTWARE_PAUSED = "software.paused"
    SOFTWARE_HALTED = "software.halted"


NAMES: dict[AdminAction, dict[str, str]] = {
    AdminAction.TOKEN_CREATED: {"zh_CN": "创建访问令牌", "en_US": "API token created"},
    AdminAction.TOKEN_REVOKED: {"zh_CN": "吊销访问令牌", "en_US": "API token revoked"},
    AdminAction.ENROLL_TOKEN_CREATED: {"zh_CN": "生成终端注册码", "en_US": "Terminal enrolment code made"},
    AdminAction.TERMINAL_ENROLLED: {"zh_CN": "终端注册", "en_US": "Terminal enrolled"},
    AdminAction.TERMINAL_REVOKED: {"zh_CN": "吊销终端", "en_US": "Terminal revoked"},
    AdminAction.TERMINAL_RENAMED: {"zh_CN": "修改终端名称", "en_US": "Terminal renamed"},
    AdminAction.COMMAND_QUEUED: {"zh_CN": "向终端下发指令", "en_US": "Command sent to a terminal"},
    AdminAction.COMMAND_DONE: {"zh_CN": "终端回报指令结果", "en_US": "Terminal reported a command's result"},
    AdminAction.TECHNICIAN_CODE_ISSUED: {"zh_CN": "发放维护人员一次性密码", "en_US": "Technician code given out"},
    AdminAction.CONTENT_PUBLISHED: {"zh_CN": "保存内容新版本", "en_US": "New content version saved"},
    AdminAction.RELEASE_CREATED: {"zh_CN": "发布到终端", "en_US": "Published to terminals"},
    AdminAction.RELEASE_UPDATED: {"zh_CN": "调整发布", "en_US": "Release changed"},
    AdminAction.RELEASE_ROLLED_BACK: {"zh_CN": "回滚发布", "en_US": "Release rolled back"},
    AdminAction.RELEASE_APPROVED: {"zh_CN": "批准发布", "en_US": "Release approved"},
    AdminAction.CASE_OPENED: {"zh_CN": "查看办件申请内容", "en_US": "Case opened"},
    AdminAction.CASE_STATUS_CHANGED: {"zh_CN": "变更办件状态", "en_US": "Case status changed"},
    AdminAction.CASE_PAGE_VIEWED: {"zh_CN": "查看申请材料照片", "en_US": "Material page viewed"},
    AdminAction.CERTIFICATE_ISSUED: {"zh_CN": "出具证明", "en_US": "Certificate issued"},
    AdminAction.STAFF_CARD_SIGNED: {"zh_CN": "签发工作证", "en_US": "Staff card signed"},
    AdminAction.KEY_ROTATED: {"zh_CN": "更换平台密钥", "en_US": "Platform key rotated"},
    AdminAction.SIGNED_IN: {"zh_CN": "登录", "en_US": "Signed in"},
    AdminAction.SIGN_IN_FAILED: {"zh_CN": "登录失败", "en_US": "Sign-in failed"},
    AdminAction.SIGNED_OUT: {"zh_CN": "退出登录", "en_US": "Signed out"},
    AdminAction.ACCOUNT_CREATED: {"zh_CN": "创建账号", "en_US": "Account created"},
    AdminAction.ACCOUNT_CHANGED: {"zh_CN": "修改账号角色或范围", "en_US": "Account role or scope changed"},
    AdminAction.ACCOUNT_DISABLED: {"zh_CN": "停用账号", "en_US": "Account disabled"},
    AdminAction.ACCOUNT_ENABLED: {"zh_CN": "启用账号", "en_US": "Account enabled"},
    AdminAction.PASSWORD_RESET: {"zh_CN": "重置密码", "en_US": "Password reset"},
    AdminAction.PASSWORD_CHANGED: {"zh_CN": "修改自己的密码", "en_US": "Own password changed"},
    AdminAction.SOFTWARE_UPLOADED: {"zh_CN": "上传终端软件版本", "en_US": "Terminal software uploaded"},
    AdminAction.SOFTWARE_ROLLOUT: {"zh_CN": "推送终端软件版本", "en_US": "Terminal software rolled out"},
    AdminAction.SOFTWARE_PAUSED: {"zh_CN": "暂停推送终端软件", "en_US": "Terminal software rollout paused"},
    AdminAction.SOFTWARE_HALTED: {"zh_CN": "停止推送终端软件", "en_US": "Terminal software rollout halted"},
}
# Actions whose target is a case (its submission id): people read them by tracking number.
CASE_ACTIONS = frozenset({AdminAction.CASE_OPENED, AdminAction.CASE_STATUS_CHANGED, AdminAction.CERTIFICATE_ISSUED,
                          AdminAction.CASE_PAGE_VIEWED})


@dataclass(frozen=True)
class Actor:
    """Who acts: an API token (name and role) or the local CLI."""

    name: str
    role: str
    district: str | None = None
    community: str | None = None
    street: str | None = None  # 街道: the communities of the district whose terminals were enrolled in it

    @classmethod
    def of(cls, name: str, handle: str, role: str, district: str | None, community: str | None,
           street: str | None = None) -> Actor:
        """A token or an account as the log names it: ``王芳 (wangfang)``, the name then what identifies it."""
        return cls(name=f"{name} ({handle})", role=role, district=district, community=community, street=street)


CLI_ACTOR = Actor(name="cli", role="admin")
HUB_ACTOR = Actor(name="hub", role="hub")  # what the hub does by itself (a rollout halted by its failure rate)


def name_of(action: str, lang: str) -> str:
    """What an action is called in ``lang`` (its code, if a newer hub wrote one this catalogue lacks)."""
    names = NAMES.get(AdminAction(action)) if action in AdminAction._value2member_map_ else None
    return tr(names, lang) if names else action


def record(session: Session, actor: Actor, action: AdminAction, target: str, /, **detail: Any) -> None:
    session.add(AuditEntry(at=utcnow(), actor=actor.name, role=actor.role, action=str(action),
                           target=target[:200], detail=detail))


def record_once_a_day(session: Session, actor: Actor, action: AdminAction, target: str, /, **detail: Any) -> None:
    """Record ``action`` unless this actor already did it to this target today (Beijing day).

    Why: opening a case is worth one line per person, case and day; a line per page view (every reload,
    every status change's redirect) buries the record people read the log for.
    """
    now = utcnow()
    midnight = now.astimezone(BEIJING).replace(hour=0, minute=0, second=0, microsecond=0)
    seen = session.scalar(select(AuditEntry.id).where(
        AuditEntry.actor == actor.name, AuditEntry.action == str(action), AuditEntry.target == target[:200],
        AuditEntry.at >= midnight).limit(1))
    if seen is None:
        record(session, actor, action, target, **detail)


def revoke(session: Session, actor: Actor, row: ApiToken | Terminal, action: AdminAction, target: str) -> None:
    """Mark a token or a terminal revoked now and audit it, once: revoking it again changes nothing."""
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        record(session, actor, action, target)

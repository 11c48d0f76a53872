"""The console's words for terminal software releases (issue 20), merged into ``hub.console.i18n``.

Kept apart so the releases page's strings travel with it; the state and ring codes read as words in
English too (``software_<state>``, ``ring_<ring>``).
"""

from __future__ import annotations

ZH: dict[str, str] = {
    "Software": "终端软件",
    "Software releases": "终端软件版本",
    "A release is the terminal package signed offline with the release key and stored with kiosk-hub releases upload: this hub can check a release, never make one. Terminals install it between residents' sessions, keep it only after a health check, and otherwise put their previous version back.":
        "软件版本是用发布密钥离线签名、再用 kiosk-hub releases upload 上传的终端安装包：本平台只能核验版本，不能制作版本。"
        "终端在两次居民办理之间安装，通过自检后才保留新版本，否则自动恢复原版本。",
    "Rollout saved.": "推送设置已保存。",
    "Rollout paused: no new offers.": "推送已暂停：不再向新终端推送。",
    "Release halted.": "版本已停止推送。",
    "No software releases yet.": "还没有终端软件版本。",
    "Halted": "已停止",
    "Halted by the hub: too many terminals failed or rolled back.": "平台已自动停止推送：失败或回滚的终端过多。",
    "Uploaded": "上传于",
    "release key": "发布密钥",
    "Offered to": "推送范围",
    "all terminals": "所有终端",
    "{percent}% of terminals": "{percent}% 的终端",
    "canary terminals": "试点终端",
    "outside opening hours too": "营业时间内也可安装",
    "Not rolled out yet.": "尚未推送。",
    "Targeted": "推送对象",
    "Offered": "已收到",
    "Installing": "安装中",
    "Committed": "已生效",
    "Failed": "失败",
    "Rolled back": "已回滚",
    "{done} of {total} terminals run it": "{total} 台终端中 {done} 台已运行此版本",
    "Failures": "失败记录",
    "When": "时间",
    "Ring": "推送方式",
    "Percentage": "比例",
    "Terminals (ids, comma-separated)": "终端编号（逗号分隔）",
    "Roll out": "推送",
    "Halt": "停止推送",
    "Reason": "原因",
    "A halted release is never offered again. Continue?": "停止推送后此版本不会再推送。是否继续？",
    "software_uploaded": "已上传",
    "software_active": "推送中",
    "software_paused": "已暂停",
    "software_halted": "已停止",
    "software_superseded": "已被新版本取代",
    "software_idle": "空闲",
    "software_downloading": "下载中",
    "software_installing": "安装中",
    "software_verifying": "自检中",
    "software_committed": "已生效",
    "software_rolled_back": "已回滚",
    "software_failed": "失败",
    "ring_canary": "试点终端",
    "ring_percent": "按比例",
    "ring_all": "所有终端",
    "Software version": "软件版本",
    "Update": "更新",
    "update_failed": "软件更新失败",
}

EN: dict[str, str] = {
    "software_uploaded": "Uploaded", "software_active": "Rolling out", "software_paused": "Paused",
    "software_halted": "Halted", "software_superseded": "Superseded", "software_idle": "Idle",
    "software_downloading": "Downloading", "software_installing": "Installing", "software_verifying": "Verifying",
    "software_committed": "Committed", "software_rolled_back": "Rolled back", "software_failed": "Failed",
    "ring_canary": "Canary terminals", "ring_percent": "A percentage", "ring_all": "All terminals",
    "update_failed": "Software update failed",
}

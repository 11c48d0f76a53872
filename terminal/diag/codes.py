"""The one catalogue of technician codes: what each means, the likely cause, the next step, the spare part.

Every code a component check can return is here, in Chinese and English, so the CLI
(``kiosk diag codes``), the technician screen and ``docs/technician.md`` say the same thing,
and a code never reaches a technician without its remedy (a test scans the checks for
codes missing here). ``blocks_service`` marks the faults under which the terminal cannot serve
residents (``kiosk diag --can-serve`` exits 1 on them); the others degrade it (a broken ID card
reader still leaves manual entry).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Code:
    code: str
    component: str
    meaning_zh: str
    meaning_en: str
    cause_zh: str
    cause_en: str
    action_zh: str
    action_en: str
    part_zh: str = ""
    part_en: str = ""
    blocks_service: bool = False

    def as_json(self, language: str | None = None) -> dict[str, Any]:
        """Both languages, or one (``zh_CN`` / ``en_US``) under plain keys for the screen."""
        base = {"code": self.code, "component": self.component, "blocks_service": self.blocks_service}
        if language is None:
            return {**base, **{k: getattr(self, k) for k in (
                "meaning_zh", "meaning_en", "cause_zh", "cause_en", "action_zh", "action_en", "part_zh", "part_en")}}
        suffix = "zh" if language.startswith("zh") else "en"
        return {**base, **{k: getattr(self, f"{k}_{suffix}") for k in ("meaning", "cause", "action", "part")}}


_SIM_ZH, _SIM_EN = "模拟设备（演示模式），未检测任何真实硬件", "simulated device (demo mode): no hardware was checked"
_SIM_CAUSE_ZH, _SIM_CAUSE_EN = "设置中驱动为 simulator 或 fake", "the settings name the simulator or fake driver"

_ROWS: tuple[Code, ...] = (
    # ---------------------------------------------------------------- settings
    Code("SET-OK", "settings", "设置有效", "settings valid", "", "", "无需处理", "nothing to do"),
    Code("SET-INVALID", "settings", "设置文件有无效项，使用该项的部件无法检测",
         "a setting is invalid; the component that uses it cannot be checked",
         "手工编辑 kiosk.toml 时输入错误（拼写、取值范围、URI 格式）",
         "a typo in kiosk.toml (key name, value range, URI scheme)",
         "运行 kiosk settings 查看出错的键和建议，修正后重新检测",
         "run `kiosk settings` for the key and a suggestion, fix it, check again", blocks_service=True),
    # ---------------------------------------------------------------- ID card reader
    Code("IDC-OK", "idcard", "身份证阅读器正常，SAM 模块应答", "ID card reader answers, SAM ok", "", "",
         "无需处理", "nothing to do"),
    Code("IDC-SIMULATED", "idcard", _SIM_ZH, _SIM_EN, _SIM_CAUSE_ZH, _SIM_CAUSE_EN,
         "正式使用前将 idcard.driver 设为 sam_serial 或 vendor_sdk", "set idcard.driver to sam_serial or vendor_sdk"),
    Code("IDC-DISABLED", "idcard", "设置中已停用身份证阅读器", "ID card reader disabled in settings",
         "idcard.driver = none", "idcard.driver = none", "如本机应有阅读器，设置 idcard.driver 和端口",
         "if this terminal has a reader, set idcard.driver and the port"),
    Code("IDC-DISCONNECTED", "idcard", "身份证阅读器无应答", "ID card reader does not answer",
         "USB/串口线松脱、端口设置错误、阅读器断电", "cable loose, wrong port in settings, reader without power",
         "检查线缆和电源，核对 idcard.port（自动检测端口），再检测",
         "check cable and power, compare idcard.port with the detected ports, check again",
         "身份证阅读器或 USB 线", "ID card reader or its USB cable", blocks_service=False),
    Code("IDC-SAM-TIMEOUT", "idcard", "SAM 模块超时", "SAM module timed out", "波特率不符或 SAM 模块故障",
         "baud rate mismatch or a failing SAM module", "核对 idcard.baud；仍超时则更换阅读器",
         "check idcard.baud; if it still times out, replace the reader", "身份证阅读器", "ID card reader"),
    Code("IDC-SAM-ERROR", "idcard", "SAM 模块报告错误", "SAM module reports an error", "SAM 模块故障或固件异常",
         "SAM module fault or firmware problem", "断电重启阅读器；仍报错则更换", "power-cycle the reader; replace it if it persists",
         "身份证阅读器", "ID card reader"),
    # ---------------------------------------------------------------- staff card reader
    Code("PCSC-OK", "pcsc", "工作人员读卡器正常", "staff card reader found", "", "", "无需处理", "nothing to do"),
    Code("PCSC-SIMULATED", "pcsc", _SIM_ZH, _SIM_EN, "pcsc.driver = fake", "pcsc.driver = fake",
         "正式使用前将 pcsc.driver 设为 pcscd", "set pcsc.driver to pcscd"),
    Code("PCSC-DISABLED", "pcsc", "设置中已停用工作人员读卡器", "staff card reader disabled in settings",
         "pcsc.enabled = false", "pcsc.enabled = false", "技术员可用一次性验证码进入", "technicians enter with a one-time code"),
    Code("PCSC-NO-SERVICE", "pcsc", "智能卡服务 pcscd 未运行", "smart card service pcscd not running",
         "pcscd 未安装或已停止", "pcscd not installed or stopped", "执行 systemctl restart pcscd，再检测",
         "run `systemctl restart pcscd`, check again"),
    Code("PCSC-NO-READER", "pcsc", "未找到工作人员读卡器", "no staff card reader found", "读卡器未插好或损坏",
         "reader unplugged or broken", "重新插拔读卡器；仍无则更换", "replug the reader; replace it if still missing",
         "PC/SC 读卡器", "PC/SC card reader"),
    # ---------------------------------------------------------------- receipt printer
    Code("PRN-OK", "printer", "凭条打印机就绪，纸张充足", "receipt printer ready, paper ok", "", "", "无需处理",
         "nothing to do"),
    Code("PRN-SIMULATED", "printer", _SIM_ZH, _SIM_EN, _SIM_CAUSE_ZH, _SIM_CAUSE_EN,
         "正式使用前将 printer.driver 设为 escpos 并填写 printer.uri", "set printer.driver to escpos and printer.uri"),
    Code("PRN-NONE", "printer", "未配置凭条打印机", "no receipt printer configured", "printer.driver = none",
         "printer.driver = none", "设置 printer.driver 和 printer.uri", "set printer.driver and printer.uri",
         blocks_service=True),
    Code("PRN-UNREACHABLE", "printer", "无法连接凭条打印机", "receipt printer cannot be reached",
         "打印机断电、网线/USB 松脱、printer.uri 错误", "printer off, cable loose, wrong printer.uri",
         "检查电源和线缆，核对 printer.uri，再检测", "check power and cable, compare printer.uri, check again",
         "凭条打印机或数据线", "receipt printer or its cable", blocks_service=True),
    Code("PRN-DISCONNECTED", "printer", "凭条打印机连接中断", "receipt printer connection dropped",
         "线缆松脱或打印机重启", "cable loose or printer restarting", "检查线缆，稍候再检测", "check the cable, check again shortly",
         "数据线", "data cable", blocks_service=True),
    Code("PRN-NO-STATUS-REPLY", "printer", "打印机不回应状态查询", "printer does not answer status queries",
         "连接的不是 ESC/POS 打印机，或串口参数不符", "not an ESC/POS printer, or serial parameters mismatch",
         "核对 printer.uri 中的波特率和型号", "check the baud rate and model in printer.uri", blocks_service=True),
    Code("PRN-BAD-STATUS-REPLY", "printer", "打印机状态应答无效", "printer status reply is garbled",
         "串口干扰或波特率不符", "serial noise or baud rate mismatch", "核对波特率，更换数据线",
         "check the baud rate, replace the data cable", "数据线", "data cable", blocks_service=True),
    Code("PRN-ERROR", "printer", "打印机报告故障", "printer reports a fault", "驱动或连接异常",
         "driver or connection error", "查看详情中的错误，重启打印机", "read the detail, power-cycle the printer",
         blocks_service=True),
    Code("PRN-PAPER-OUT", "printer", "凭条纸用完", "receipt paper out", "纸卷用完", "the roll is empty",
         "装入新纸卷，再检测", "load a new roll, check again", "凭条纸卷", "receipt paper roll", blocks_service=True),
    Code("PRN-COVER-OPEN", "printer", "打印机盖未关", "printer cover open", "换纸后未关好", "not closed after a paper change",
         "关好打印机盖", "close the cover", blocks_service=True),
    Code("PRN-OFFLINE", "printer", "打印机离线", "printer offline", "打印机错误状态或切刀卡纸",
         "printer error state or cutter jam", "清除卡纸，重启打印机", "clear the jam, power-cycle the printer",
         "切刀组件", "cutter unit", blocks_service=True),
    Code("PRN-PAPER-LOW", "printer", "凭条纸将尽", "receipt paper nearly out", "纸卷快用完", "the roll is nearly empty",
         "尽快更换纸卷", "replace the roll soon", "凭条纸卷", "receipt paper roll"),
    # ---------------------------------------------------------------- A4 printer
    Code("CUPS-OK", "cups", "A4 打印机队列就绪", "A4 printer queue ready", "", "", "无需处理", "nothing to do"),
    Code("CUPS-NONE", "cups", "未配置 A4 打印机", "no A4 printer configured", "document_printer.queue 为空",
         "document_printer.queue is empty", "如本机有 A4 打印机，设置队列名", "if this terminal has one, set the queue"),
    Code("CUPS-UNREACHABLE", "cups", "无法连接打印服务 CUPS", "print service CUPS cannot be reached",
         "cupsd 未运行或队列名错误", "cupsd not running or wrong queue name", "执行 systemctl restart cups，核对队列名",
         "run `systemctl restart cups`, check the queue name"),
    Code("CUPS-NOT-READY", "cups", "A4 打印机队列未就绪", "A4 printer queue not ready", "缺纸、卡纸、队列已停用",
         "out of paper, jam, or queue disabled", "查看详情中的原因，处理后执行 cupsenable", "read the reason, fix it, run `cupsenable`",
         "A4 纸 / 硒鼓", "A4 paper / toner"),
    # ---------------------------------------------------------------- touchscreen
    Code("TOUCH-OK", "touchscreen", "触摸屏测试通过", "touch test passed", "", "", "无需处理", "nothing to do"),
    Code("TOUCH-UNTESTED", "touchscreen", "触摸屏尚未测试", "touch screen not tested yet", "本次尚未运行触摸测试",
         "the target grid has not been run", "在“自检”中运行触摸测试", "run the touch test under Self-tests"),
    Code("TOUCH-DEAD-AREA", "touchscreen", "触摸屏有区域无反应", "part of the touch screen does not respond",
         "触摸屏局部损坏或校准偏移", "damaged area or calibration drift", "重新校准；仍无反应则更换触摸屏",
         "recalibrate; replace the panel if it persists", "触摸屏", "touch panel", blocks_service=True),
    Code("TOUCH-MISSES", "touchscreen", "触摸偏移，部分点击未命中", "touches land off target", "校准偏移或屏幕脏污",
         "calibration drift or a dirty screen", "清洁屏幕，重新校准", "clean the screen, recalibrate"),
    # ---------------------------------------------------------------- network and platform
    Code("NET-OK", "network", "网络接口已连接", "network interface up", "", "", "无需处理", "nothing to do"),
    Code("NET-DOWN", "network", "没有已连接的网络接口", "no network interface is up", "网线松脱、交换机或 Wi-Fi 故障",
         "cable unplugged, switch or Wi-Fi down", "检查网线和交换机指示灯", "check the cable and the switch lights",
         "网线", "network cable"),
    Code("HUB-OK", "platform", "平台可达，证书有效", "platform reachable, certificate valid", "", "", "无需处理",
         "nothing to do"),
    Code("HUB-NONE", "platform", "未配置平台（离线终端）", "no platform configured (offline terminal)",
         "未登记且未设置 sync.hub_url", "not enrolled and no sync.hub_url", "用 kiosk enroll 登记本机",
         "enrol the terminal with `kiosk enroll`"),
    Code("HUB-UNREACHABLE", "platform", "无法连接平台", "platform unreachable", "网络故障、防火墙、平台地址错误",
         "network fault, firewall, wrong hub URL", "核对 sync.hub_url，检查网络", "check sync.hub_url and the network"),
    Code("HUB-TLS-UNTRUSTED", "platform", "平台证书不受信任", "platform certificate not trusted",
         "sync.ca_file 不对或平台更换了证书", "wrong sync.ca_file or the platform changed certificates",
         "向平台管理员索取 CA 证书，设置 sync.ca_file", "get the CA file from the platform admin, set sync.ca_file"),
    Code("HUB-TLS", "platform", "与平台的加密连接失败", "TLS handshake with the platform failed", "代理或防火墙拦截",
         "a proxy or firewall interferes", "检查网络中的代理设置", "check for proxies on the network"),
    Code("HUB-CERT-EXPIRED", "platform", "平台证书已过期", "platform certificate expired", "平台证书未续期，或本机时钟错误",
         "certificate not renewed, or this terminal's clock is wrong", "核对时钟；通知平台管理员",
         "check the clock; tell the platform admin"),
    Code("HUB-CERT-EXPIRING", "platform", "平台证书即将过期", "platform certificate expires soon", "证书 30 天内到期",
         "expires within 30 days", "通知平台管理员续期", "tell the platform admin to renew it"),
    # ---------------------------------------------------------------- sync
    Code("SYNC-OK", "sync", "同步正常", "sync ok", "", "", "无需处理", "nothing to do"),
    Code("SYNC-NO-STORE", "sync", "本地数据库不可用", "local database unavailable", "数据目录损坏或无权限",
         "data directory damaged or not accessible", "查看存储检测结果", "see the storage check", blocks_service=True),
    Code("SYNC-NOT-ENROLLED", "sync", "本机尚未登记，数据留在本机待发", "not enrolled: items wait on this terminal",
         "新装或重装后未登记", "not enrolled since installation", "用 kiosk enroll 登记本机", "enrol with `kiosk enroll`"),
    Code("SYNC-QUARANTINE", "sync", "有条目被平台拒收（已隔离）", "items refused by the platform (quarantined)",
         "条目内容不符合平台要求", "an item the platform does not accept", "在“自检 > 同步”查看原因，修复后重试",
         "read the reasons under Self-tests > sync, retry after the fix"),
    Code("SYNC-ERROR", "sync", "最近一次同步失败", "the last sync round failed", "网络或平台故障",
         "network or platform fault", "查看平台检测；稍后执行“立即同步”", "see the platform check; force a sync later"),
    Code("SYNC-BACKLOG", "sync", "待发送条目积压", "many items waiting to be sent", "长时间离线", "offline for a long time",
         "恢复网络后执行“立即同步”", "restore the network, force a sync"),
    # ---------------------------------------------------------------- storage and clock
    Code("STO-OK", "storage", "存储正常", "storage ok", "", "", "无需处理", "nothing to do"),
    Code("STO-UNUSABLE", "storage", "数据目录不可用", "data directory unusable", "磁盘故障或目录被删除",
         "disk fault or the directory was removed", "检查磁盘；必要时更换", "check the disk; replace it if needed",
         "固态硬盘", "SSD", blocks_service=True),
    Code("STO-CORRUPT", "storage", "数据库损坏", "database damaged", "断电或磁盘故障", "power loss or disk fault",
         "导出诊断包后联系平台；必要时更换硬盘", "export a bundle, contact the platform; replace the disk if needed",
         "固态硬盘", "SSD", blocks_service=True),
    Code("STO-READONLY", "storage", "数据目录只读", "data directory read-only", "磁盘只读挂载或权限错误",
         "disk mounted read-only or wrong permissions", "检查挂载和权限", "check the mount and permissions",
         blocks_service=True),
    Code("STO-FULL", "storage", "磁盘空间不足 100 MB", "less than 100 MB free", "日志或文件占满磁盘", "logs or files filled the disk",
         "清理日志（journalctl --vacuum-size）", "clean the logs (`journalctl --vacuum-size`)", blocks_service=True),
    Code("STO-LOW", "storage", "磁盘空间不足 500 MB", "less than 500 MB free", "日志或文件增长", "logs or files growing",
         "清理日志", "clean the logs"),
    Code("STO-LOCKED", "storage", "数据库被占用", "database locked", "另一个进程占用数据库（如手工运行的工具）",
         "another process holds the database (a tool run by hand)", "结束该进程或重启应用",
         "stop that process or restart the app"),
    Code("STO-IO", "storage", "磁盘读写错误", "disk read/write error", "固态硬盘故障或连接松动",
         "failing SSD or a loose connection", "导出诊断包，检查硬盘；必要时更换", "export a bundle, check the disk; replace it if needed",
         "固态硬盘", "SSD", blocks_service=True),
    Code("STO-ERROR", "storage", "数据库出现未知错误", "unexpected database error", "软件缺陷或磁盘问题",
         "a software defect or a disk problem", "导出诊断包并报告平台", "export a bundle and report it to the platform"),
    Code("STO-RECOVERED", "storage", "数据库曾损坏并已重建", "database was damaged and has been rebuilt",
         "断电或磁盘故障", "power loss or disk fault", "查看详情中丢失的条目，必要时联系平台；检查电源和硬盘",
         "read what was lost in the detail, tell the platform if needed; check power and disk"),
    Code("CLK-OK", "clock", "时钟已设置并已同步", "clock set and synchronised", "", "", "无需处理", "nothing to do"),
    Code("CLK-UNSET", "clock", "时钟未设置", "clock not set", "主板电池耗尽且无时间同步", "CMOS battery flat and no time sync",
         "联网后同步时间；更换主板电池", "sync the time over the network; replace the CMOS battery", "主板纽扣电池",
         "CMOS battery", blocks_service=True),
    Code("CLK-WRONG", "clock", "时钟与平台时间相差过大", "clock far from the platform's time", "时间同步失效或主板电池耗尽",
         "time sync failing or CMOS battery flat", "联网同步时间；更换主板电池", "sync the time over the network; replace the CMOS battery",
         "主板纽扣电池", "CMOS battery", blocks_service=True),
    Code("CLK-BACKWARDS", "clock", "时钟倒退（早于已有记录）", "clock went back behind existing records",
         "手工改错时间或电池耗尽", "time set wrong by hand or a flat battery", "校正时间后重启应用",
         "correct the time, then restart the app", "主板纽扣电池", "CMOS battery", blocks_service=True),
    Code("CLK-NOT-SYNCED", "clock", "时钟未与时间服务器同步", "clock not synchronised with a time server",
         "NTP 被防火墙拦截或未配置", "NTP blocked or not configured", "检查 timedatectl 和网络", "check `timedatectl` and the network"),
    # ---------------------------------------------------------------- face camera (kiosk diag camera)
    Code("CAM-OK", "camera", "人脸摄像头正常，画面中检测到人脸", "face camera delivers frames and a face was found", "", "",
         "无需处理", "nothing to do"),
    Code("CAM-DISABLED", "camera", "设置中已停用人脸摄像头", "face camera disabled in settings", "camera.driver = none",
         "camera.driver = none", "如本机应有摄像头，设置 camera.driver = v4l2 和设备路径",
         "if this terminal has a camera, set camera.driver = v4l2 and the device path"),
    Code("CAM-NONE", "camera", "找不到人脸摄像头设备", "no face camera device found", "摄像头未连接或 udev 规则未生效",
         "camera unplugged, or the udev rule did not name it", "检查 USB 连接，查看 /dev/kiosk-camera 是否存在",
         "check the USB cable; check that /dev/kiosk-camera exists", "USB 摄像头", "USB camera"),
    Code("CAM-DISCONNECTED", "camera", "人脸摄像头已断开或停止出图", "face camera disconnected or stopped giving frames",
         "线缆松动、供电不足或摄像头故障", "loose cable, too little USB power, or a faulty camera",
         "重新插拔摄像头，换 USB 口后再测", "replug the camera, try another USB port, check again", "USB 摄像头",
         "USB camera"),
    Code("CAM-SLOW", "camera", "摄像头帧率过低，眨眼检测可能漏判", "camera frame rate too low for the blink check",
         "光线太暗（曝光时间长）或 CPU 负载高", "dim light (long exposure) or a busy processor",
         "改善照明，关闭其他程序后再测", "improve the lighting, check again with nothing else running"),
    Code("CAM-NO-FACE", "camera", "画面中没有检测到人脸", "no face found in the picture", "测试时无人站在摄像头前，或镜头被遮挡",
         "nobody stood in front of the camera, or the lens is covered", "站在摄像头前再测一次；清洁镜头",
         "stand in front of the camera and check again; clean the lens"),
    Code("CAM-NO-MODELS", "camera", "人脸识别模型无法加载", "the face models cannot be loaded", "软件包不完整",
         "the installed package is incomplete", "重新安装软件包", "reinstall the package"),
    # ---------------------------------------------------------------- document camera (kiosk diag doccam)
    Code("DOC-OK", "doccam", "高拍仪正常，能拍摄高清照片", "document camera answers with a full-size still", "", "",
         "无需处理", "nothing to do"),
    Code("DOC-DISABLED", "doccam", "设置中已停用高拍仪", "document camera disabled in settings", "doccam.driver = none",
         "doccam.driver = none", "如本机应有高拍仪，设置 doccam.driver = v4l2 和设备路径",
         "if this terminal has a document camera, set doccam.driver = v4l2 and the device path"),
    Code("DOC-DISCONNECTED", "doccam", "找不到高拍仪或已断开", "document camera not found or disconnected",
         "未连接、udev 规则未生效或线缆松动", "unplugged, not named by the udev rule, or a loose cable",
         "检查 USB 连接，查看 /dev/kiosk-doccam 是否存在", "check the USB cable; check that /dev/kiosk-doccam exists",
         "高拍仪", "document camera"),
    Code("DOC-LOW-RES", "doccam", "高拍仪分辨率不足，A4 达不到 200 dpi", "document camera too low-res for A4 at 200 dpi",
         "型号分辨率低或驱动只给出预览尺寸", "a low-resolution model, or the driver grants only the preview size",
         "在设置中指定 doccam.still_size，或更换高拍仪", "set doccam.still_size, or replace the camera", "高拍仪",
         "document camera"),
    Code("DOC-NO-FRAME", "doccam", "高拍仪不出图", "the document camera gave no frame", "驱动或摄像头故障",
         "a driver or camera fault", "重新插拔高拍仪后再测", "replug the document camera and check again", "高拍仪",
         "document camera"),
    Code("DOC-TIMEOUT", "doccam", "高拍仪拍照超时", "no still from the document camera in time", "USB 带宽不足或摄像头故障",
         "USB bandwidth or a camera fault", "换 USB 口（不要经过集线器）后再测", "use another USB port (no hub), check again"),
    Code("DOC-STILL-SIZE", "doccam", "高拍仪未给出设定的拍照尺寸", "document camera refused the still size asked for",
         "doccam.still_size 与型号不符", "doccam.still_size does not match the model", "修改或删除 doccam.still_size",
         "correct or remove doccam.still_size"),
    Code("DOC-SETTINGS", "doccam", "高拍仪设置无效", "document camera settings invalid", "doccam 段的取值有误",
         "a wrong value in the doccam section", "运行 kiosk settings 查看出错的键", "run `kiosk settings` for the key"),
    Code("DIAG-CHECK-ERROR", "diag", "检测程序本身出错", "the check itself failed", "软件缺陷", "a software defect",
         "导出诊断包并报告平台", "export a bundle and report it to the platform"),
)

CATALOGUE: dict[str, Code] = {c.code: c for c in _ROWS}


def describe(code: str) -> Code | None:
    """The entry for a code (``None`` for an unknown one, which a test keeps from happening)."""
    return CATALOGUE.get(code)


def blocks_service(code: str) -> bool:
    entry = CATALOGUE.get(code)
    return bool(entry and entry.blocks_service)


def as_markdown() -> str:
    """The catalogue as the table in ``docs/technician.md`` (``kiosk diag codes --markdown``)."""
    lines = ["| code | component | meaning | likely cause | next step | spare part | blocks service |",
             "|---|---|---|---|---|---|---|"]
    for c in _ROWS:
        lines.append(f"| `{c.code}` | {c.component} | {c.meaning_en} / {c.meaning_zh} | {c.cause_en or '-'} | "
                     f"{c.action_en} | {c.part_en or '-'} | {'yes' if c.blocks_service else ''} |")
    return "\n".join(lines) + "\n"

pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Technician

// Diagnostics bundle to a USB stick or the platform; restart the app; exit to the desktop (administrators).
Item {
    id: page
    required property Theme theme
    required property TechnicianBackend tech
    objectName: "techExport"
    property var r: tech.exportResult

    Column {
        anchors.fill: parent
        spacing: page.theme.gap / 2
        Text {
            width: parent.width
            text: qsTr("The diagnostics bundle holds versions, settings without secrets, recent logs, test results and database statistics. It holds no personal data.")
            font.pixelSize: page.theme.small
            wrapMode: Text.WordWrap
        }
        Row {
            spacing: page.theme.gap / 3
            TechButton { objectName: "techExportUsb"; theme: page.theme; text: qsTr("Write to USB stick"); enabled: !page.tech.busy; onClicked: page.tech.exportBundle("usb") }
            TechButton { objectName: "techExportHub"; theme: page.theme; text: qsTr("Upload to platform"); enabled: !page.tech.busy; onClicked: page.tech.exportBundle("hub") }
        }
        Text {
            objectName: "techExportOutcome"
            visible: page.r.state !== undefined
            width: parent.width
            text: {
                switch (page.r.state) {
                case "written": return qsTr("Bundle written: %1 (%2 bytes)").arg(page.r.path).arg(page.r.bytes)
                case "queued": return qsTr("Bundle queued for the platform (%1 bytes); waiting for the next sync…").arg(page.r.bytes)
                case "delivered": return qsTr("Bundle delivered to the platform (%1 bytes)").arg(page.r.bytes)
                case "rejected": return qsTr("The platform refused the bundle: %1").arg(page.r.detail || "")
                case "no_usb": return qsTr("No USB stick found. Insert a USB stick and try again.")
                case "too_big": return qsTr("The bundle is too large to upload; write it to a USB stick.")
                }
                return qsTr("Bundle not written: %1").arg(page.r.detail || "")
            }
            // green only for what really happened; a queued upload is not a delivered one
            color: page.r.ok ? Theme.techOk : page.r.state === "queued" ? Theme.techWarn : Theme.techFail
            font.pixelSize: page.theme.small
            wrapMode: Text.WrapAnywhere
        }
        Rectangle { width: parent.width; height: 2; color: Theme.techLine }
        Row {
            spacing: page.theme.gap / 3
            TechButton { objectName: "techRestart"; theme: page.theme; text: qsTr("Restart the app"); onClicked: page.tech.restartApp() }
            TechButton {
                objectName: "techDesktop"
                visible: page.tech.isAdmin
                theme: page.theme
                danger: true
                text: qsTr("Exit to the desktop")
                onClicked: page.tech.exitToDesktop()
            }
        }
    }
}

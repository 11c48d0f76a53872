pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import Kiosk.Technician

// The technician mode: a full-window overlay above the resident screens. Nothing under it can be
// touched while it is shown; the resident session was wiped when it opened.
Rectangle {
    id: mode
    required property Theme theme
    required property TechnicianBackend tech
    property bool zh: true  // which language of the code catalogue to show (the screen's own language)
    objectName: "technicianMode"
    color: Theme.techBg

    function componentName(n) {
        switch (n) {
        case "settings": return qsTr("Settings")
        case "idcard": return qsTr("ID card reader")
        case "pcsc": return qsTr("Staff card reader")
        case "printer": return qsTr("Receipt printer")
        case "cups": return qsTr("A4 printer")
        case "touchscreen": return qsTr("Touch screen")
        case "network": return qsTr("Network")
        case "platform": return qsTr("Platform and certificate")
        case "sync": return qsTr("Sync queue")
        case "storage": return qsTr("Storage")
        case "clock": return qsTr("Clock")
        }
        return n
    }
    function statusColor(s) { return s === "ok" ? Theme.techOk : s === "warn" ? Theme.techWarn : s === "fail" ? Theme.techFail : Theme.techMuted }
    function statusWord(s) {
        return s === "ok" ? qsTr("Normal") : s === "warn" ? qsTr("Warning") : s === "fail" ? qsTr("Fault")
             : s === "skip" ? qsTr("Not checked") : s === "running" ? qsTr("Running…") : s
    }

    MouseArea { anchors.fill: parent }  // swallow every touch that no control takes

    Loader {
        anchors.fill: parent
        active: !mode.tech.authenticated
        sourceComponent: TechnicianEntry { theme: mode.theme; tech: mode.tech }
    }

    Item {
        anchors.fill: parent
        visible: mode.tech.authenticated
        Rectangle {
            id: bar
            anchors { left: parent.left; right: parent.right; top: parent.top }
            height: mode.theme.target * 0.8
            color: Theme.techBar
            Text {
                anchors { left: parent.left; leftMargin: mode.theme.gap; right: exitButton.left; rightMargin: mode.theme.gap / 2
                          verticalCenter: parent.verticalCenter }
                fontSizeMode: Text.HorizontalFit  // the whole terminal id stays readable
                minimumPixelSize: mode.theme.small * 0.6
                objectName: "techTitle"
                text: qsTr("Technician mode") + "  ·  " + mode.tech.staffId + "  ·  "
                      + (mode.tech.isAdmin ? qsTr("Administrator") : qsTr("Technician"))
                      + "  ·  " + qsTr("Terminal %1").arg(mode.tech.terminalId)
                color: Theme.white
                font.pixelSize: mode.theme.small
                font.bold: true
            }
            TechButton {
                id: exitButton
                objectName: "techExit"
                theme: mode.theme
                text: qsTr("Exit")
                danger: true
                anchors { right: parent.right; rightMargin: mode.theme.gap / 2; verticalCenter: parent.verticalCenter }
                onClicked: mode.tech.restartPending ? restartReminder.visible = true : mode.tech.exit("exit")
            }
        }
        Flow {
            id: tabs
            anchors { left: parent.left; right: parent.right; top: bar.bottom; margins: mode.theme.gap / 2 }
            spacing: mode.theme.gap / 3
            Repeater {
                model: [
                    { key: "overview", label: qsTr("Overview") },
                    { key: "tests", label: qsTr("Self-tests") },
                    { key: "report", label: qsTr("Readiness") },
                    { key: "settings", label: qsTr("Settings") },
                    { key: "logs", label: qsTr("Audit log") },
                    { key: "faults", label: qsTr("Fault history") },
                    { key: "export", label: qsTr("Export & restart") },
                    { key: "codes", label: qsTr("Codes") }
                ]
                TechButton {
                    required property var modelData
                    objectName: "techTab_" + modelData.key
                    theme: mode.theme
                    text: modelData.label
                    checked: mode.tech.page === modelData.key || (modelData.key === "tests" && mode.tech.page === "touch")
                    onClicked: mode.tech.showPage(modelData.key)
                }
            }
        }
        Loader {
            active: mode.tech.authenticated
            anchors { left: parent.left; right: parent.right; top: tabs.bottom; bottom: parent.bottom
                      margins: mode.theme.gap / 2 }
            sourceComponent: {
                switch (mode.tech.page) {
                case "tests": return testsC
                case "report": return reportC
                case "settings": return settingsC
                case "logs": return logsC
                case "faults": return faultsC
                case "export": return exportC
                case "codes": return codesC
                }
                return overviewC
            }
        }
    }
    Component { id: overviewC; TechnicianOverview { theme: mode.theme; tech: mode.tech; ui: mode } }
    Component { id: testsC; TechnicianTests { theme: mode.theme; tech: mode.tech; ui: mode } }
    Component { id: touchC; TechnicianTouch { theme: mode.theme; tech: mode.tech } }
    Component { id: reportC; TechnicianReport { theme: mode.theme; tech: mode.tech; ui: mode } }
    Component { id: settingsC; TechnicianSettings { theme: mode.theme; tech: mode.tech } }
    Component { id: logsC; TechnicianLogs { theme: mode.theme; tech: mode.tech } }
    Component { id: faultsC; TechnicianFaults { theme: mode.theme; tech: mode.tech; ui: mode } }
    Component { id: exportC; TechnicianExport { theme: mode.theme; tech: mode.tech } }
    Component { id: codesC; TechnicianCodes { theme: mode.theme; tech: mode.tech; zh: mode.zh } }

    Loader {  // the touch test covers the whole screen, so the corners and the top strip are tested too
        anchors.fill: parent
        z: 4
        active: mode.tech.authenticated && mode.tech.page === "touch"
        sourceComponent: touchC
    }

    Rectangle {  // saved settings that only a restart applies: say so before leaving
        id: restartReminder
        objectName: "techRestartReminder"
        visible: false
        anchors.fill: parent
        color: Theme.techScrim
        z: 10
        MouseArea { anchors.fill: parent }
        Rectangle {
            anchors.centerIn: parent
            width: parent.width * 0.8
            height: reminderCol.implicitHeight + mode.theme.gap * 2
            radius: 14
            color: Theme.white
            Column {
                id: reminderCol
                anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter; margins: mode.theme.gap }
                spacing: mode.theme.gap
                Text {
                    width: parent.width
                    text: qsTr("Saved settings take effect only after the app restarts. Restart now?")
                    font.pixelSize: mode.theme.body
                    font.bold: true
                    wrapMode: Text.WordWrap
                }
                Row {
                    spacing: mode.theme.gap / 2
                    TechButton { objectName: "techExitRestart"; theme: mode.theme; text: qsTr("Restart the app")
                                 onClicked: { restartReminder.visible = false; mode.tech.restartApp() } }
                    TechButton { objectName: "techExitAnyway"; theme: mode.theme; danger: true; text: qsTr("Exit without restart")
                                 onClicked: { restartReminder.visible = false; mode.tech.exit("exit") } }
                }
            }
        }
    }

    Rectangle {
        objectName: "techIdleWarning"
        visible: mode.tech.idleSecondsLeft > 0
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom; margins: mode.theme.gap }
        height: idleText.implicitHeight + mode.theme.gap
        radius: 12
        color: Theme.techWarnBg
        border { width: 3; color: Theme.techWarn }
        z: 5
        Text {
            id: idleText
            anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter; margins: mode.theme.gap / 2 }
            text: qsTr("No touch for a while: technician mode ends in %1 s. Touch the screen to stay.").arg(mode.tech.idleSecondsLeft)
            font.pixelSize: mode.theme.small
            font.bold: true
            color: Theme.techWarnInk
            wrapMode: Text.WordWrap
        }
    }

    Rectangle {
        objectName: "techBusy"
        anchors { right: parent.right; bottom: parent.bottom; margins: mode.theme.gap }
        visible: mode.tech.busy
        width: busyRow.implicitWidth + mode.theme.gap * 2
        height: mode.theme.target * 0.7
        radius: height / 2
        color: Theme.techBar
        Row {
            id: busyRow
            anchors.centerIn: parent
            spacing: mode.theme.gap / 2
            BusyIndicator { running: parent.visible; width: mode.theme.body; height: mode.theme.body }
            Text { text: qsTr("Working…"); color: Theme.white; font.pixelSize: mode.theme.small; anchors.verticalCenter: parent.verticalCenter }
        }
    }
}

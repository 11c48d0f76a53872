pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import Kiosk.Technician

// Settings with "test before save": nothing is written until the new values pass their test.
Item {
    id: page
    required property Theme theme
    required property TechnicianBackend tech
    objectName: "techSettings"
    property var res: tech.settingsResult

    function label(key) {
        switch (key) {
        case "sync.hub_url": return qsTr("Platform URL")
        case "terminal.terminal_id": return qsTr("Terminal ID")
        case "idcard.driver": return qsTr("ID reader driver")
        case "idcard.port": return qsTr("ID reader port")
        case "idcard.baud": return qsTr("ID reader speed")
        case "printer.driver": return qsTr("Printer driver")
        case "printer.uri": return qsTr("Printer address")
        case "printer.paper_width_mm": return qsTr("Paper width (mm)")
        case "printer.render_mode": return qsTr("Printer profile")
        case "document_printer.queue": return qsTr("A4 printer queue")
        case "pcsc.enabled": return qsTr("Staff card reader on")
        case "pcsc.reader_filter": return qsTr("Staff card reader name")
        case "ui.idle_timeout_s": return qsTr("Idle timeout (s)")
        case "ui.size": return qsTr("Screen size / orientation")
        case "ui.default_language": return qsTr("Default language")
        case "ui.languages": return qsTr("Languages")
        }
        return key
    }

    Row {
        id: actions
        spacing: page.theme.gap / 3
        TechButton { objectName: "techSettingsTest"; theme: page.theme; text: qsTr("Test"); enabled: !page.tech.busy; onClicked: page.tech.testSettings() }
        TechButton { objectName: "techSettingsSave"; theme: page.theme; text: qsTr("Test and save"); enabled: !page.tech.busy; onClicked: page.tech.saveSettings() }
        TechButton { objectName: "techSettingsDiscard"; theme: page.theme; text: qsTr("Discard changes"); onClicked: page.tech.discardSettings() }
        TechButton { objectName: "techAutodetect"; theme: page.theme; text: qsTr("Detect ports"); onClicked: page.tech.autodetect() }
    }
    Column {
        id: outcome
        anchors { left: parent.left; right: parent.right; top: actions.bottom; topMargin: page.theme.gap / 3 }
        spacing: 4
        Text {
            objectName: "techSettingsOutcome"
            visible: page.res.ok !== undefined
            width: parent.width
            text: page.res.saved ? (page.res.restart ? qsTr("Saved. Restart the app for device changes to take effect.") : qsTr("Saved."))
                  : page.res.ok ? qsTr("Test passed. Not saved yet.") : qsTr("Not saved: the previous settings stay in force.")
            color: page.res.ok ? Theme.techOk : Theme.techFail
            font.pixelSize: page.theme.small
            font.bold: true
            wrapMode: Text.WordWrap
        }
        Repeater {
            model: page.res.tests || []
            Text {
                required property var modelData
                width: outcome.width
                text: (modelData.ok ? "✔ " : "✘ ") + modelData.key + ": " + modelData.detail
                color: modelData.ok ? Theme.techOk : Theme.techFail
                font.pixelSize: page.theme.small * 0.8
                wrapMode: Text.WordWrap
            }
        }
        Text {
            visible: page.tech.ports.length > 0
            text: qsTr("Ports found: %1").arg(page.tech.ports.join(", "))
            font.pixelSize: page.theme.small * 0.8
            width: outcome.width
            wrapMode: Text.WrapAnywhere
        }
    }
    ListView {
        anchors { left: parent.left; right: parent.right; top: outcome.bottom; bottom: parent.bottom; topMargin: page.theme.gap / 3 }
        clip: true
        spacing: 6
        model: page.tech.settingsRows
        delegate: Rectangle {
            id: row
            required property var modelData
            width: ListView.view.width
            height: Math.max(field.height, rowLabel.implicitHeight) + (err.visible ? err.implicitHeight : 0)
                    + (hint.visible ? hint.implicitHeight : 0) + (portChoices.visible ? portChoices.height + 6 : 0) + 12
            radius: 8
            color: modelData.changed ? Theme.techWarnBg : modelData.restart ? Theme.techRestartBg : Theme.white
            Text {
                id: rowLabel
                anchors { left: parent.left; leftMargin: 10; top: parent.top; topMargin: 6 }
                width: parent.width * 0.38
                text: page.label(row.modelData.key) + (row.modelData.restart ? "\n" + qsTr("(saved; applies after a restart)") : "")
                font.pixelSize: page.theme.small * 0.85
                wrapMode: Text.WordWrap
            }
            TextField {
                id: field
                objectName: "setting_" + row.modelData.key
                anchors { left: rowLabel.right; right: parent.right; top: parent.top; margins: 6 }
                text: row.modelData.value
                font.pixelSize: page.theme.small * 0.85
                inputMethodHints: Qt.ImhNoPredictiveText | Qt.ImhNoAutoUppercase
                onEditingFinished: if (text !== row.modelData.value) page.tech.setSetting(row.modelData.key, text)
            }
            Text {  // the values a choice accepts
                id: hint
                visible: row.modelData.choices.length > 0
                anchors { left: field.left; right: field.right; top: field.bottom }
                text: row.modelData.choices.join(" | ")
                color: Theme.techLabel
                font.pixelSize: page.theme.small * 0.7
                wrapMode: Text.WordWrap
            }
            Flow {  // detected serial ports: one tap fills the field (then "Test" before saving)
                id: portChoices
                visible: row.modelData.kind === "port" && page.tech.ports.length > 0
                anchors { left: field.left; right: field.right; top: hint.visible ? hint.bottom : field.bottom; topMargin: 6 }
                spacing: 6
                Repeater {
                    model: portChoices.visible ? page.tech.ports : []
                    TechButton {
                        required property string modelData
                        required property int index
                        objectName: "techPort_" + index
                        theme: page.theme
                        text: modelData
                        onClicked: page.tech.setSetting(row.modelData.key, modelData)
                    }
                }
            }
            Text {
                id: err
                visible: row.modelData.error !== ""
                anchors { left: field.left; top: portChoices.visible ? portChoices.bottom : hint.visible ? hint.bottom : field.bottom }
                text: row.modelData.error
                color: Theme.techFail
                font.pixelSize: page.theme.small * 0.75
            }
        }
    }
}

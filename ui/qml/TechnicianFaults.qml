pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Technician

// The terminal's own fault history, newest first: each component's state changes as the hub's timeline
// shows them (kept on the terminal, the newest 200), so a technician on site sees what broke and how often.
Item {
    id: page
    required property Theme theme
    required property TechnicianBackend tech
    required property var ui
    objectName: "techFaults"

    Row {
        id: head
        spacing: page.theme.gap / 2
        Text {
            objectName: "techFaultCount"
            text: page.tech.faults.length === 0 ? qsTr("No state changes recorded yet.")
                  : qsTr("%n state change(s), newest first", "", page.tech.faults.length)
            font.pixelSize: page.theme.small
            font.bold: true
            color: Theme.techInk
            anchors.verticalCenter: parent.verticalCenter
        }
        TechButton {
            objectName: "techFaultsRefresh"
            theme: page.theme
            text: qsTr("Refresh")
            onClicked: page.tech.refreshFaults()
        }
    }
    ListView {
        objectName: "techFaultList"
        anchors { left: parent.left; right: parent.right; top: head.bottom; bottom: parent.bottom; topMargin: page.theme.gap / 2 }
        clip: true
        spacing: page.theme.gap / 4
        model: page.tech.faults
        delegate: Row {
            id: change
            required property var modelData
            required property int index
            objectName: "techFault_" + index
            width: ListView.view.width
            spacing: page.theme.gap / 3
            Rectangle {
                width: page.theme.small * 0.8
                height: width
                radius: width / 2
                y: page.theme.small * 0.2
                color: page.ui.statusColor(change.modelData.status)
            }
            Column {
                width: parent.width - page.theme.small * 0.8 - parent.spacing
                Text {
                    width: parent.width
                    text: change.modelData.at + "  " + page.ui.componentName(change.modelData.component) + ": "
                          + (change.modelData.previous ? page.ui.statusWord(change.modelData.previous) + " → " : "")
                          + page.ui.statusWord(change.modelData.status)
                    font.pixelSize: page.theme.small * 0.8
                    font.bold: true
                    color: Theme.techInk
                    wrapMode: Text.WordWrap
                }
                Text {
                    width: parent.width
                    visible: text !== ""
                    text: (page.ui.zh ? change.modelData.meaning_zh : change.modelData.meaning_en) || ""
                    font.pixelSize: page.theme.small * 0.75
                    color: Theme.techInk
                    wrapMode: Text.WordWrap
                }
                Text {
                    width: parent.width
                    visible: text !== ""
                    text: change.modelData.detail + (change.modelData.code ? "  [" + change.modelData.code + "]" : "")
                    font.pixelSize: page.theme.small * 0.65
                    color: Theme.techMuted
                    wrapMode: Text.WordWrap
                }
            }
        }
    }
}

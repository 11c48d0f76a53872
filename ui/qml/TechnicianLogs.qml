pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import Kiosk.Technician

// Recent audit events, newest first, filtered by kind of event and by staff id.
Item {
    id: page
    required property Theme theme
    required property TechnicianBackend tech
    objectName: "techLogs"
    property string prefix: ""

    Flow {
        id: filters
        width: parent.width
        spacing: page.theme.gap / 3
        Repeater {
            model: [
                { key: "", label: qsTr("All") }, { key: "tech.", label: qsTr("Technician") },
                { key: "print.", label: qsTr("Printing") }, { key: "device.", label: qsTr("Devices") },
                { key: "session.", label: qsTr("Sessions") }, { key: "sync.", label: qsTr("Sync") }
            ]
            TechButton {
                required property var modelData
                objectName: "techLogFilter_" + (modelData.key === "" ? "all" : modelData.key.replace(".", ""))
                theme: page.theme
                text: modelData.label
                checked: page.prefix === modelData.key
                onClicked: { page.prefix = modelData.key; page.tech.filterLogs(page.prefix, staffFilter.text) }
            }
        }
        TextField {
            id: staffFilter
            objectName: "techLogStaff"
            width: page.theme.target * 2.2
            placeholderText: qsTr("Staff ID")
            font.pixelSize: page.theme.small * 0.85
            onEditingFinished: page.tech.filterLogs(page.prefix, text)
        }
    }
    ListView {
        objectName: "techLogList"
        anchors { left: parent.left; right: parent.right; top: filters.bottom; bottom: parent.bottom; topMargin: page.theme.gap / 3 }
        clip: true
        model: page.tech.logs
        delegate: Text {
            required property var modelData
            width: ListView.view.width
            text: modelData.at + "  " + modelData.event + (modelData.staff ? "  [" + modelData.staff + "]" : "") + "  " + modelData.detail
            font.pixelSize: page.theme.small * 0.72
            font.family: "monospace"
            wrapMode: Text.WrapAnywhere
            bottomPadding: 6
        }
    }
}

pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Technician

// Every component green, yellow or red, with its one-line reason and technician code.
Item {
    id: page
    required property Theme theme
    required property TechnicianBackend tech
    required property var ui
    objectName: "techOverview"

    Row {
        id: head
        spacing: page.theme.gap / 2
        Text {
            text: page.tech.overall === "" ? qsTr("Checking…")
                  : qsTr("Overall: %1").arg(page.ui.statusWord(page.tech.overall))
            font.pixelSize: page.theme.body
            font.bold: true
            color: page.ui.statusColor(page.tech.overall)
            anchors.verticalCenter: parent.verticalCenter
        }
        TechButton {
            objectName: "techRefresh"
            theme: page.theme
            text: qsTr("Check again")
            onClicked: page.tech.refresh()
        }
    }
    ListView {
        anchors { left: parent.left; right: parent.right; top: head.bottom; bottom: parent.bottom; topMargin: page.theme.gap / 2 }
        clip: true
        spacing: page.theme.gap / 3
        model: page.tech.components
        delegate: Rectangle {
            id: componentCard
            required property var modelData
            objectName: "techComponent_" + modelData.name
            property string status: modelData.status
            width: ListView.view.width
            height: col.implicitHeight + page.theme.gap
            radius: 10
            color: Theme.white
            border.width: 3
            border.color: page.ui.statusColor(modelData.status)
            Rectangle {
                id: lamp
                anchors { left: parent.left; leftMargin: page.theme.gap / 2; verticalCenter: parent.verticalCenter }
                width: page.theme.body * 1.2
                height: width
                radius: width / 2
                color: page.ui.statusColor(componentCard.modelData.status)
            }
            Column {
                id: col
                anchors { left: lamp.right; right: parent.right; verticalCenter: parent.verticalCenter; margins: page.theme.gap / 2 }
                Text {
                    width: parent.width
                    text: page.ui.componentName(componentCard.modelData.name) + " — " + page.ui.statusWord(componentCard.modelData.status)
                    font.pixelSize: page.theme.small
                    font.bold: true
                    color: Theme.techInk
                }
                Text {
                    objectName: "techMeaning_" + componentCard.modelData.name
                    width: parent.width
                    visible: text !== ""
                    text: (page.ui.zh ? componentCard.modelData.meaning_zh : componentCard.modelData.meaning_en) || ""
                    font.pixelSize: page.theme.small * 0.85
                    color: Theme.techInk
                    wrapMode: Text.WordWrap
                }
                Text {
                    objectName: "techAction_" + componentCard.modelData.name
                    width: parent.width
                    visible: componentCard.modelData.status !== "ok" && (componentCard.modelData.action_en || "") !== ""
                    text: qsTr("Next step: %1").arg(page.ui.zh ? componentCard.modelData.action_zh : componentCard.modelData.action_en)
                          + ((componentCard.modelData.part_en || "") !== "" ? "  " + qsTr("Spare part: %1").arg(page.ui.zh ? componentCard.modelData.part_zh : componentCard.modelData.part_en) : "")
                    font.pixelSize: page.theme.small * 0.8
                    color: Theme.techAccent
                    wrapMode: Text.WordWrap
                }
                Text {
                    width: parent.width
                    text: componentCard.modelData.detail + (componentCard.modelData.code ? "  [" + componentCard.modelData.code + "]" : "")
                    font.pixelSize: page.theme.small * 0.7
                    color: Theme.techMuted
                    wrapMode: Text.WordWrap
                }
            }
        }
    }
}

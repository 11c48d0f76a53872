import QtQuick
import Kiosk.Backend

// "Are you still there?" before an idle wipe, with the seconds left and one big button.
Item {
    id: overlay
    required property Theme theme
    required property KioskBackend backend
    visible: backend.countdownVisible && backend.screen !== "attract"
    Rectangle { anchors.fill: parent; color: Theme.scrim }
    MouseArea { anchors.fill: parent; onClicked: overlay.backend.touch() }
    Rectangle {
        anchors.centerIn: parent
        width: Math.min(parent.width * 0.86, 1100)
        height: col.implicitHeight + overlay.theme.margin * 2
        radius: overlay.theme.radius
        color: overlay.theme.surface
        Column {
            id: col
            anchors { left: parent.left; right: parent.right; top: parent.top; margins: overlay.theme.margin }
            spacing: overlay.theme.gap
            Text {
                width: parent.width
                text: qsTr("Are you still there?")
                font.pixelSize: overlay.theme.title
                font.bold: true
                color: overlay.theme.text
                horizontalAlignment: Text.AlignHCenter
            }
            Text {
                width: parent.width
                text: qsTr("In %1 seconds this screen will clear what you entered and return to the start.").arg(overlay.backend.idleRemaining)
                font.pixelSize: overlay.theme.body
                color: overlay.theme.text
                wrapMode: Text.WordWrap
                horizontalAlignment: Text.AlignHCenter
            }
            BigButton {
                objectName: "stayButton"
                theme: overlay.theme
                anchors.horizontalCenter: parent.horizontalCenter
                text: qsTr("I need more time")
                onClicked: overlay.backend.touch()
            }
        }
    }
}

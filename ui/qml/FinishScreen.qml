import QtQuick
import Kiosk.Backend

// After a session: a reminder with nothing personal on it; returns to the start by itself.
Item {
    id: screen
    required property Theme theme
    required property KioskBackend backend
    MouseArea { anchors.fill: parent; onClicked: screen.backend.goHome() }
    Column {
        anchors.centerIn: parent
        width: parent.width - screen.theme.margin * 2
        spacing: screen.theme.gap * 2
        Row {
            anchors.horizontalCenter: parent.horizontalCenter
            spacing: screen.theme.gap * 2
            Icon { name: "card"; size: screen.theme.target * 1.6; tint: screen.theme.primary }
            Icon { name: "queue"; size: screen.theme.target * 1.6; tint: screen.theme.primary }
        }
        Text {
            width: parent.width
            text: qsTr("Please take your ID card and your receipt")
            font.pixelSize: screen.theme.huge
            font.bold: true
            color: screen.theme.text
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
        }
        Text {
            width: parent.width
            text: qsTr("Your information has been cleared from this screen. Thank you.")
            font.pixelSize: screen.theme.body
            color: screen.theme.muted
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
        }
    }
}

import QtQuick
import Kiosk.Backend

// After a session: a reminder with nothing personal on it; returns to the start by itself.
Item {
    id: screen
    required property Theme theme
    required property KioskBackend backend
    // first, while a card is still on the reader, only that: nothing else goes on until it is taken
    readonly property bool takeCard: backend.finishStage === "take_card"
    MouseArea { anchors.fill: parent; enabled: !screen.takeCard; onClicked: screen.backend.goHome() }
    Column {
        anchors.centerIn: parent
        width: parent.width - screen.theme.margin * 2
        spacing: screen.theme.gap * 2
        Row {
            anchors.horizontalCenter: parent.horizontalCenter
            spacing: screen.theme.gap * 2
            Icon { name: "card"; size: screen.theme.target * 1.6; tint: screen.theme.primary }
            Icon { visible: !screen.takeCard; name: "queue"; size: screen.theme.target * 1.6; tint: screen.theme.primary }
        }
        Text {
            width: parent.width
            objectName: "finishMessage"
            text: screen.takeCard ? qsTr("Your ID card is still on the reader. Please take it now.")
                                  : qsTr("Please take your ID card and your receipt")
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

import QtQuick
import Kiosk.Backend

Item {
    id: screen
    required property Theme theme
    required property CommunityBackend community
    readonly property var n: community.notice
    Flickable {
        anchors { left: parent.left; right: parent.right; top: parent.top; bottom: actions.top }
        contentHeight: col.implicitHeight + screen.theme.margin * 2
        clip: true
        Column {
            id: col
            x: screen.theme.margin
            y: screen.theme.margin
            width: screen.width - screen.theme.margin * 2
            spacing: screen.theme.gap
            ScreenTitle { theme: screen.theme; text: screen.n.title || ""; subtitle: screen.n.date || "" }
            Text {
                width: parent.width
                text: screen.n.body || ""
                font.pixelSize: screen.theme.body * 1.1
                lineHeight: 1.3
                color: screen.theme.text
                wrapMode: Text.WordWrap
                textFormat: Text.PlainText
            }
        }
    }
    Column {
        id: actions
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom; margins: screen.theme.margin }
        spacing: screen.theme.gap / 2
        Banner {
            objectName: "noticePrintMessage"
            theme: screen.theme
            visible: screen.community.noticePrintState !== ""
            kind: screen.community.noticePrintState === "printed" ? "ok" : "warn"
            text: screen.community.noticePrintState === "printed" ? qsTr("The notice is printing on the A4 printer.")
                : qsTr("The notice could not be printed here. Please read it on the board at the centre or ask staff.")
        }
        BigButton {
            objectName: "printNoticeButton"
            theme: screen.theme
            primary: false
            width: parent.width
            iconName: "printer"
            text: qsTr("Print this notice")
            onClicked: screen.community.printNotice()
        }
    }
}

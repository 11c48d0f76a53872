import QtQuick
import Kiosk.Backend

Item {
    id: screen
    required property Theme theme
    required property KioskBackend backend
    required property CommunityBackend community
    readonly property var t: community.ticket
    ScrollPage {
        padding: screen.theme.margin
        centred: true
        Column {
            x: screen.theme.margin
            width: screen.width - screen.theme.margin * 2
            spacing: screen.theme.gap * 1.2
            Text {
                width: parent.width
                horizontalAlignment: Text.AlignHCenter
                text: qsTr("Your number")
                font.pixelSize: screen.theme.title
                color: screen.theme.muted
            }
            Text {
                objectName: "ticketNumber"
                width: parent.width
                horizontalAlignment: Text.AlignHCenter
                text: screen.t.number || ""
                font.pixelSize: screen.theme.huge * 2.2
                fontSizeMode: width > 0 ? Text.HorizontalFit : Text.FixedSize  // the whole number, on any width
                minimumPixelSize: screen.theme.huge
                font.bold: true
                color: screen.theme.primary
            }
            Text {
                width: parent.width
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.WordWrap
                text: (screen.t.business || "") + " · " + (screen.t.time || "")
                font.pixelSize: screen.theme.body
                color: screen.theme.text
            }
            Text {
                width: parent.width
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.WordWrap
                objectName: "ticketWaiting"
                // plural forms from the translations: "1 person", "3 people"; no "0 minutes" when the wait rounds to none
                text: (screen.t.waiting || 0) <= 0 ? qsTr("You are next.")
                      : (screen.t.estimate || 0) <= 0 ? qsTr("About %n person(s) ahead of you.", "", screen.t.waiting)
                      : qsTr("%1, roughly %2.").arg(qsTr("About %n person(s) ahead of you", "", screen.t.waiting))
                                               .arg(qsTr("%n minute(s)", "", screen.t.estimate))
                font.pixelSize: screen.theme.body
                color: screen.theme.text
            }
            Banner {
                theme: screen.theme
                kind: screen.t.printed ? "ok" : "warn"
                text: screen.t.printed ? qsTr("Your ticket has been printed. Please take it.")
                                       : qsTr("The ticket could not be printed. Please remember your number.")
            }
            BigButton {
                objectName: "ticketDone"
                theme: screen.theme
                anchors.horizontalCenter: parent.horizontalCenter
                width: parent.width * 0.6
                text: qsTr("Done")
                onClicked: screen.backend.finish()
            }
        }
    }
}

import QtQuick
import Kiosk.Backend

// "Place your ID card": an animation, then plain words for every outcome, and manual entry.
Item {
    id: screen
    required property Theme theme
    required property KioskBackend backend
    readonly property string state_: backend.identifyState

    Column {
        anchors { left: parent.left; right: parent.right; top: parent.top; margins: screen.theme.margin }
        spacing: screen.theme.gap * 1.5
        ScreenTitle {
            theme: screen.theme
            text: screen.backend.identifyPurpose === "lookup" ? qsTr("Check progress with your ID card")
                                                               : qsTr("Please place your ID card on the reader")
            subtitle: qsTr("The reader is below the screen, marked with the card symbol. Leave the card flat until you hear the beep.")
        }
        Item {
            width: parent.width
            height: Math.min(screen.height * 0.36, 560)
            Rectangle {
                id: reader
                anchors { horizontalCenter: parent.horizontalCenter; bottom: parent.bottom }
                width: Math.min(parent.width * 0.7, 640)
                height: width * 0.22
                radius: 20
                color: screen.theme.contrast ? Theme.readerSlotContrast : Theme.readerSlot
                border.color: screen.theme.primary
                border.width: 4
                Text {
                    anchors.centerIn: parent
                    text: qsTr("Reader")
                    font.pixelSize: screen.theme.body
                    color: screen.theme.muted
                }
            }
            Rectangle {
                id: card
                width: reader.width * 0.62
                height: width * 0.63
                radius: 18
                color: Theme.cardFace
                border.color: Theme.cardEdge
                border.width: 3
                x: (parent.width - width) / 2
                Icon { anchors.centerIn: parent; name: "card"; size: card.height * 0.7; tint: Theme.cardIcon }
                SequentialAnimation on y {
                    running: screen.state_ === "waiting"
                    loops: Animation.Infinite
                    NumberAnimation { from: 0; to: reader.y - card.height * 0.55; duration: 1400; easing.type: Easing.OutCubic }
                    PauseAnimation { duration: 900 }
                    NumberAnimation { to: 0; duration: 400 }
                }
            }
        }
        Banner {
            objectName: "identifyMessage"
            theme: screen.theme
            visible: screen.state_ !== "waiting"
            kind: screen.state_ === "ok" ? "ok"
                : ["unreadable", "removed", "other_card", "left_card"].indexOf(screen.state_) >= 0 ? "warn" : "error"
            text: screen.state_ === "ok" ? qsTr("Card read. One moment…")
                : screen.state_ === "unreadable" ? qsTr("We could not read the card. Lay it flat on the reader and keep it still.")
                : screen.state_ === "expired" ? qsTr("This ID card has expired. Please go to the counter to renew it, or enter your details by hand.")
                : screen.state_ === "offline" ? qsTr("The card reader is not working right now. Please enter your details by hand; staff have been told.")
                : screen.state_ === "removed" ? qsTr("Your card was taken off the reader, so your details were cleared. Place it again to continue.")
                : screen.state_ === "other_card" ? qsTr("A different card is on the reader. The details of the previous card were cleared.")
                : screen.state_ === "left_card" ? qsTr("A card is still on the reader. Please take it, then place your own card.")
                : ""
        }
        Text {
            visible: screen.state_ === "waiting"
            width: parent.width
            text: qsTr("Waiting for your card…")
            font.pixelSize: screen.theme.body
            color: screen.theme.muted
            horizontalAlignment: Text.AlignHCenter
        }
    }
    BigButton {
        objectName: "useCardOnReader"
        theme: screen.theme
        visible: screen.state_ === "other_card"
        primary: true
        anchors { horizontalCenter: parent.horizontalCenter; bottom: manualEntry.top; bottomMargin: screen.theme.gap }
        iconName: "card"
        text: qsTr("Continue with this card")
        onClicked: screen.backend.useCardOnReader()
    }
    BigButton {
        id: manualEntry
        objectName: "manualEntryButton"
        theme: screen.theme
        primary: screen.state_ === "offline" || screen.state_ === "expired"
        anchors { horizontalCenter: parent.horizontalCenter; bottom: parent.bottom; bottomMargin: screen.theme.margin }
        iconName: "keyboard"
        text: qsTr("No card? Enter your details by hand")
        onClicked: screen.backend.useManualEntry()
    }
}

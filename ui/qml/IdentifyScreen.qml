import QtQuick
import Kiosk.Backend

// "Place your ID card": an animation, then plain words for every outcome, and manual entry.
// A reader that is unplugged or not answering is said as the machine's fault, never the card's, with the
// ways forward (typing the ID number where the service allows it, calling staff); the watcher keeps
// looking, so the screen asks for the card again by itself once the reader answers.
Item {
    id: screen
    required property Theme theme
    required property KioskBackend backend
    required property CommunityBackend community
    readonly property string state_: backend.identifyState
    readonly property bool readerDown: state_ === "offline"
    readonly property bool manualAllowed: backend.manualEntryAllowed

    Column {
        id: content
        anchors { left: parent.left; right: parent.right; top: parent.top; margins: screen.theme.margin }
        spacing: screen.readerDown ? screen.theme.gap : screen.theme.gap * 1.5  // more words, the same room
        ScreenTitle {
            id: title
            theme: screen.theme
            text: screen.readerDown ? qsTr("The card reader is not working")
                : screen.backend.identifyPurpose === "lookup" ? qsTr("Check progress with your ID card")
                : qsTr("Please place your ID card on the reader")
            subtitle: screen.readerDown ? qsTr("This is a fault of the machine, not of your card.")
                : qsTr("The reader is below the screen, marked with the card symbol. Leave the card flat until you hear the beep.")
        }
        Item {
            // the animation takes the room the words and the buttons leave (none on a short screen in large text)
            readonly property real room: screen.height - screen.theme.margin - actions.height - screen.theme.gap
                                         - content.y - title.height - content.spacing
                                         - (message.visible ? message.height + content.spacing : 0)
                                         - (waiting.visible ? waiting.height + content.spacing : 0)
            visible: !screen.readerDown && height >= screen.theme.target
            width: parent.width
            height: Math.max(0, Math.min(screen.height * 0.36, 560, room))
            Rectangle {
                id: reader
                anchors { horizontalCenter: parent.horizontalCenter; bottom: parent.bottom }
                width: Math.min(parent.width * 0.7, 640, parent.height * 1.6)
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
            id: message
            objectName: "identifyMessage"
            theme: screen.theme
            visible: screen.state_ !== "waiting"
            kind: screen.state_ === "ok" ? "ok"
                : ["unreadable", "removed", "other_card", "left_card"].indexOf(screen.state_) >= 0 ? "warn" : "error"
            text: screen.state_ === "ok" ? qsTr("Card read. One moment…")
                : screen.state_ === "unreadable" ? qsTr("We could not read the card. Lay it flat on the reader and keep it still.")
                : screen.state_ === "expired" && !screen.manualAllowed ? qsTr("This ID card has expired. Please go to the counter to renew it.")
                : screen.state_ === "expired" ? qsTr("This ID card has expired. Please go to the counter to renew it, or enter your details by hand.")
                : screen.readerDown && screen.manualAllowed ? qsTr("Enter your ID number by hand, or ask staff for help. This screen asks for your card again once the reader works.")
                : screen.readerDown ? qsTr("This service needs your ID card. Please ask staff for help, or come back later. This screen asks for your card again once the reader works.")
                : screen.state_ === "removed" ? qsTr("Your card was taken off the reader, so your details were cleared. Place it again to continue.")
                : screen.state_ === "other_card" ? qsTr("A different card is on the reader. The details of the previous card were cleared.")
                : screen.state_ === "left_card" ? qsTr("A card is still on the reader. Please take it, then place your own card.")
                : ""
        }
        Text {
            id: waiting
            visible: screen.state_ === "waiting"
            width: parent.width
            text: qsTr("Waiting for your card…")
            font.pixelSize: screen.theme.body
            color: screen.theme.muted
            horizontalAlignment: Text.AlignHCenter
        }
        Text {
            objectName: "cardOnlyNote"
            // typed details have no photo for the face check: say so here, before anyone types in vain
            visible: !screen.manualAllowed && !screen.readerDown && screen.state_ === "waiting"
            width: parent.width
            wrapMode: Text.WordWrap
            text: qsTr("This service checks your face against the photo on your ID card, so it needs the card itself.")
            font.pixelSize: screen.theme.body
            color: screen.theme.muted
            horizontalAlignment: Text.AlignHCenter
        }
    }
    Grid {
        id: actions
        objectName: "identifyActions"
        // at the bottom, within reach; below the words when they need the room (a short screen in large text)
        x: (screen.width - width) / 2
        y: Math.max(content.y + content.height + screen.theme.gap, screen.height - screen.theme.margin - height)
        columns: screen.width > screen.height ? 3 : 1  // side by side in landscape, where height is short
        spacing: screen.theme.gap
        horizontalItemAlignment: Grid.AlignHCenter
        BigButton {
            objectName: "useCardOnReader"
            theme: screen.theme
            visible: screen.state_ === "other_card"
            primary: true
            iconName: "card"
            text: qsTr("Continue with this card")
            onClicked: screen.backend.useCardOnReader()
        }
        BigButton {
            objectName: "identifyCallStaff"
            theme: screen.theme
            visible: screen.readerDown
            primary: !screen.manualAllowed
            iconName: "person"
            text: screen.community.staffCalled ? qsTr("Staff called") : qsTr("Ask staff for help")
            onClicked: screen.community.callStaff()
        }
        BigButton {
            objectName: "manualEntryButton"
            theme: screen.theme
            // offered only where typed details can go on: a face-checked service that refuses them (no card
            // photo to compare) would otherwise let a resident type 18 characters to be turned away
            visible: screen.manualAllowed
            primary: screen.readerDown || screen.state_ === "expired"
            iconName: "keyboard"
            text: screen.readerDown ? qsTr("Enter your ID number by hand") : qsTr("No card? Enter your details by hand")
            onClicked: screen.backend.useManualEntry()
        }
    }
}

pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import Kiosk.Backend

// The face check (人证核验) after the card read: the resident sees themself with a face outline and
// plain words for what to do (blink once); a failed attempt says why and offers another; after the
// last one, or without a card photo, staff are called and may let the resident through with their
// staff card and PIN. The picture is a mirror, as people expect to see themselves.
Item {
    id: screen
    required property Theme theme
    required property KioskBackend backend
    required property FaceBackend face
    required property CommunityBackend community
    readonly property string state_: face.state
    readonly property bool staffPanel: state_ === "staff"
    property string pin: ""

    function retryText(reason) {
        return reason === "not_live" ? qsTr("We did not see you blink. Keep your face in the outline and blink once, slowly.")
             : reason === "no_face" ? qsTr("We could not see your face. Stand in front of the screen with your face inside the outline.")
             : qsTr("Your face did not match the photo on the card. Take off a hat or sunglasses, face the light and try again.")
    }
    function staffText(reason) {
        return reason === "no_card" ? qsTr("Without your ID card on the reader we cannot check that it is you, so a staff member will check your identity.")
             : reason === "no_photo" ? qsTr("The photo on your card cannot be read here, so a staff member will check that the card is yours.")
             : reason === "camera_unavailable" ? qsTr("The camera is not working right now. A staff member will check that the card is yours.")
             : qsTr("We could not confirm that the card is yours. A staff member has been called and will help you.")
    }

    Column {
        id: column
        anchors { left: parent.left; right: parent.right; top: parent.top; margins: screen.theme.margin }
        spacing: screen.theme.gap
        ScreenTitle {
            theme: screen.theme
            text: qsTr("Check that the card is yours")
            subtitle: qsTr("We compare your face with the photo on your ID card, here on this terminal. No picture is kept.")
        }
        Rectangle {
            id: frame
            objectName: "facePreview"
            visible: !screen.staffPanel && screen.state_ !== "refused"
            anchors.horizontalCenter: parent.horizontalCenter
            width: Math.min(parent.width, screen.height * (screen.theme.large ? 0.3 : 0.42) * 4 / 3, 800)  // room for the words and the button
            height: visible ? width * 3 / 4 : 0
            radius: screen.theme.radius
            color: screen.theme.text
            clip: true
            Image {
                anchors.fill: parent
                source: "image://face/" + screen.face.previewSerial
                cache: false
                mirror: true
                fillMode: Image.PreserveAspectCrop
            }
            Rectangle {  // the face outline: where the face should be
                objectName: "faceOutline"
                anchors.centerIn: parent
                height: parent.height * 0.78
                width: height * 0.74
                radius: width / 2
                color: Theme.seeThrough
                border.width: 6
                border.color: screen.state_ === "retry" ? screen.theme.accent : screen.theme.highlight
            }
            Column {
                visible: screen.state_ === "starting"
                anchors.centerIn: parent
                spacing: screen.theme.gap / 2
                BusyIndicator { anchors.horizontalCenter: parent.horizontalCenter; running: parent.visible }
                Text {
                    text: qsTr("Getting the camera ready…")
                    color: screen.theme.white
                    font.pixelSize: screen.theme.body
                }
            }
        }
        Banner {
            objectName: "faceMessage"
            theme: screen.theme
            kind: screen.state_ === "retry" ? "warn" : (screen.state_ === "staff" || screen.state_ === "refused") ? "error" : "ok"
            text: screen.state_ === "starting" || screen.state_ === "checking"
                  ? qsTr("Look at the camera, keep your face inside the outline, then blink once.")
                  : screen.state_ === "retry" ? screen.retryText(screen.face.reason) + " " + qsTr("Attempts left: %1").arg(screen.face.attemptsLeft)
                  : screen.state_ === "staff" ? screen.staffText(screen.face.reason)
                  : screen.state_ === "refused" ? (screen.face.reason === "no_card"
                      ? qsTr("This service needs your ID card on the reader, to check that it is you. Please place your card, or go to the counter.")
                      : qsTr("The photo on your card cannot be read here, so this service cannot be applied for at this terminal. Please go to the counter with your ID card."))
                  : qsTr("Thank you. One moment…")
        }
        Text {
            objectName: "faceStaffCalled"
            visible: screen.staffPanel
            width: parent.width
            text: screen.community.staffCalled ? qsTr("Staff have been told. Please wait here.") : ""
            font.pixelSize: screen.theme.body
            color: screen.theme.muted
            wrapMode: Text.WordWrap
        }
        Rectangle {  // for the staff member who comes
            objectName: "faceStaffPanel"
            visible: screen.staffPanel
            width: parent.width
            height: visible ? staffColumn.implicitHeight + screen.theme.gap * 2 : 0
            radius: screen.theme.radius
            color: screen.theme.surface
            border.color: screen.theme.border
            border.width: 2
            Column {
                id: staffColumn
                anchors { left: parent.left; right: parent.right; top: parent.top; margins: screen.theme.gap }
                spacing: screen.theme.gap / 2
                Text {
                    width: parent.width
                    text: screen.face.staffCardPresent ? qsTr("Staff: enter your PIN to confirm that you checked the person against the card.")
                                                       : qsTr("Staff: check the person against the card, then place your staff card on the staff card reader.")
                    font.pixelSize: screen.theme.small
                    font.bold: true
                    color: screen.theme.text
                    wrapMode: Text.WordWrap
                }
                Text {
                    objectName: "faceStaffMessage"
                    visible: text !== ""
                    width: parent.width
                    text: screen.face.staffMessage === "wrong_pin" ? qsTr("Wrong PIN. %1 more tries before a lock.").arg(screen.face.staffTriesLeft)
                        : screen.face.staffMessage === "locked" ? qsTr("Too many wrong PINs: locked for now.")
                        : screen.face.staffMessage === "card_not_recognised" ? qsTr("Staff card not recognised.") : ""
                    font.pixelSize: screen.theme.small
                    color: screen.theme.error
                    wrapMode: Text.WordWrap
                }
                Text {
                    visible: screen.face.staffCardPresent
                    text: screen.pin.length ? "● ".repeat(screen.pin.length) : " "
                    font.pixelSize: screen.theme.body
                    color: screen.theme.text
                }
                Grid {
                    visible: screen.face.staffCardPresent
                    columns: 3
                    spacing: screen.theme.gap / 2
                    Repeater {
                        model: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"]
                        delegate: Button {
                            required property string modelData
                            objectName: modelData === "OK" ? "faceKeyOk" : modelData === "⌫" ? "faceKeyBack" : "faceKey_" + modelData
                            width: screen.theme.target * 1.4
                            height: screen.theme.target * 0.8
                            text: modelData === "OK" ? qsTr("Confirm") : modelData
                            font.pixelSize: screen.theme.body
                            onClicked: {
                                if (modelData === "OK") {
                                    screen.face.submitStaffPin(screen.pin)
                                    screen.pin = ""
                                } else if (modelData === "⌫") {
                                    screen.pin = screen.pin.slice(0, -1)
                                } else if (screen.pin.length < 12) {
                                    screen.pin += modelData
                                }
                            }
                        }
                    }
                }
            }
        }
        BigButton {
            objectName: "faceRetry"
            theme: screen.theme
            visible: screen.state_ === "retry"
            anchors.horizontalCenter: parent.horizontalCenter
            text: qsTr("Try again")
            onClicked: screen.face.retry()
        }
        BigButton {
            objectName: "faceHome"
            theme: screen.theme
            visible: screen.state_ === "refused"
            primary: false
            anchors.horizontalCenter: parent.horizontalCenter
            iconName: "home"
            text: qsTr("Back to the start")
            onClicked: screen.backend.goHome()
        }
    }
}

pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import Kiosk.Technician

// Entry: staff card + PIN, or (hidden gesture) staff id + one-time code. The same words whatever failed.
Rectangle {
    id: entry
    required property Theme theme
    required property TechnicianBackend tech
    objectName: "techEntry"
    color: Theme.techBar
    property string digits: ""
    property bool otp: tech.entryMode === "otp"
    property int maxDigits: otp ? 6 : 8
    // one-time code entry: first the staff id on a plain ASCII keyboard (no input method: no Pinyin, no
    // automatic capitals), then the code on the digit pad
    property bool idStage: otp
    property bool shift: false


    function messageText() {
        switch (entry.tech.message) {
        case "card_not_recognised": return qsTr("Card not recognised")
        case "wrong_pin": return qsTr("Wrong PIN.") + " " + entry.triesText()
        case "bad_code": return qsTr("Wrong staff ID or code.") + " " + entry.triesText()
        case "locked": return entry.tech.lockedSeconds > 0
                              ? qsTr("Too many wrong entries. Try again in %1 s").arg(entry.tech.lockedSeconds)
                              : ""
        case "error": return qsTr("Something went wrong; try again")
        }
        return ""
    }
    function triesText() {
        return entry.tech.triesLeft > 0 ? qsTr("%n more wrong entries before a lock.", "", entry.tech.triesLeft) : ""
    }

    Column {
        anchors { horizontalCenter: parent.horizontalCenter; top: parent.top; topMargin: entry.theme.margin }
        width: Math.min(parent.width - entry.theme.margin * 2, entry.theme.target * 6)
        spacing: entry.theme.gap
        Text {
            width: parent.width
            text: entry.otp ? qsTr("Technician entry with a one-time code") : qsTr("Staff card detected")
            color: Theme.white
            font.pixelSize: entry.theme.title * 0.8
            font.bold: true
            wrapMode: Text.WordWrap
        }
        Text {
            width: parent.width
            text: entry.otp ? qsTr("Enter your staff ID, then the 6-digit code for this terminal.")
                            : qsTr("Enter your PIN. Remove the card to cancel.")
            color: Theme.techOnBarMuted
            font.pixelSize: entry.theme.small
            wrapMode: Text.WordWrap
        }
        TextField {
            id: staffField
            objectName: "techStaffId"
            visible: entry.otp
            width: parent.width
            placeholderText: qsTr("Staff ID")
            font.pixelSize: entry.theme.body
            readOnly: true  // typed on the ASCII keyboard below, never through the input method
            activeFocusOnPress: false
            inputMethodHints: Qt.ImhNoPredictiveText | Qt.ImhNoAutoUppercase | Qt.ImhLatinOnly
            background: Rectangle { radius: 8; color: Theme.white; border.width: entry.idStage ? 4 : 1; border.color: entry.idStage ? Theme.techFocus : Theme.techFaint }
            MouseArea { anchors.fill: parent; onClicked: entry.idStage = true }
        }
        Column {
            objectName: "techAsciiKeyboard"
            visible: entry.otp && entry.idStage
            spacing: entry.theme.gap / 4
            anchors.horizontalCenter: parent.horizontalCenter
            Repeater {
                model: ["1234567890", "qwertyuiop", "asdfghjkl-", "zxcvbnm._"]
                Row {
                    required property string modelData
                    spacing: entry.theme.gap / 4
                    anchors.horizontalCenter: parent.horizontalCenter
                    Repeater {
                        model: parent.modelData.split("")
                        TechButton {
                            required property string modelData
                            objectName: "techChar_" + modelData
                            theme: entry.theme
                            width: entry.theme.target * 0.62
                            height: entry.theme.target * 0.75
                            text: entry.shift ? modelData.toUpperCase() : modelData
                            enabled: !entry.tech.busy && entry.tech.lockedSeconds === 0
                            onClicked: if (staffField.text.length < 32) staffField.text += text
                        }
                    }
                }
            }
            Row {
                spacing: entry.theme.gap / 4
                anchors.horizontalCenter: parent.horizontalCenter
                TechButton {
                    objectName: "techShift"; theme: entry.theme; checked: entry.shift
                    text: entry.shift ? "ABC" : "abc"; onClicked: entry.shift = !entry.shift
                }
                TechButton {
                    objectName: "techBackspace"; theme: entry.theme; text: "⌫"
                    onClicked: staffField.text = staffField.text.slice(0, -1)
                }
                TechButton {
                    objectName: "techIdClear"; theme: entry.theme; text: qsTr("Clear")
                    onClicked: staffField.text = ""
                }
                TechButton {
                    objectName: "techIdNext"; theme: entry.theme; text: qsTr("Next: code")
                    enabled: staffField.text.length > 0; onClicked: entry.idStage = false
                }
            }
        }
        Rectangle {
            objectName: "techPinDisplay"
            visible: !(entry.otp && entry.idStage)
            width: parent.width
            height: entry.theme.target * 0.8
            radius: 10
            color: Theme.white
            Text {
                anchors.centerIn: parent
                text: entry.digits.length ? (entry.otp ? entry.digits : "●".repeat(entry.digits.length))
                                          : (entry.otp ? qsTr("Code") : qsTr("PIN"))
                color: entry.digits.length ? Theme.techInk : Theme.techFaint
                font.pixelSize: entry.theme.title * 0.8
                font.letterSpacing: 8
            }
        }
        Rectangle {
            objectName: "techEntryMessage"
            visible: entry.tech.message !== ""
            width: parent.width
            height: msg.implicitHeight + entry.theme.gap
            radius: 10
            color: Theme.techFailBg
            Text {
                id: msg
                anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter; margins: entry.theme.gap / 2 }
                text: entry.messageText()
                color: Theme.techFail
                font.pixelSize: entry.theme.body
                font.bold: true
                wrapMode: Text.WordWrap
            }
        }
        Grid {
            objectName: "techDigitPad"
            visible: !(entry.otp && entry.idStage)
            columns: 3
            spacing: entry.theme.gap / 2
            anchors.horizontalCenter: parent.horizontalCenter
            Repeater {
                model: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "C", "0", "OK"]
                TechButton {
                    required property string modelData
                    objectName: modelData === "OK" ? "techKeyOk" : modelData === "C" ? "techKeyClear" : "techKey_" + modelData
                    theme: entry.theme
                    width: entry.theme.target * 1.5
                    height: entry.theme.target * 0.9
                    text: modelData === "C" ? qsTr("Clear") : modelData === "OK" ? qsTr("Enter") : modelData
                    enabled: !entry.tech.busy && entry.tech.lockedSeconds === 0
                    onClicked: {
                        if (modelData === "C") entry.digits = ""
                        else if (modelData === "OK") {
                            if (entry.otp) entry.tech.submitOtp(staffField.text, entry.digits)
                            else entry.tech.submitPin(entry.digits)
                            entry.digits = ""
                        } else if (entry.digits.length < entry.maxDigits) entry.digits += modelData
                    }
                }
            }
        }
        Row {
            spacing: entry.theme.gap / 2
            anchors.horizontalCenter: parent.horizontalCenter
            TechButton {
                objectName: "techUseCode"
                visible: !entry.otp
                theme: entry.theme
                text: qsTr("Use a one-time code")
                onClicked: entry.tech.showOtpEntry()
            }
            TechButton {
                objectName: "techCancel"
                theme: entry.theme
                danger: true
                text: qsTr("Cancel")
                onClicked: entry.tech.cancel()
            }
        }
    }
}

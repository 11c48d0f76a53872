import QtQuick
import QtQuick.Controls
import Kiosk.Technician

// Entry: staff card + PIN, or (hidden gesture) staff id + one-time code. The same words whatever failed.
Rectangle {
    id: entry
    required property Theme theme
    required property TechnicianBackend tech
    objectName: "techEntry"
    color: "#1F2937"
    property string digits: ""
    property bool otp: tech.entryMode === "otp"
    property int maxDigits: otp ? 6 : 8


    function messageText() {
        switch (entry.tech.message) {
        case "card_not_recognised": return qsTr("Card not recognised")
        case "wrong_pin": return qsTr("Wrong PIN")
        case "bad_code": return qsTr("Wrong staff ID or code")
        case "locked": return qsTr("Too many wrong entries. Try again in %1 s").arg(entry.tech.lockedSeconds)
        case "error": return qsTr("Something went wrong; try again")
        }
        return ""
    }

    Column {
        anchors { horizontalCenter: parent.horizontalCenter; top: parent.top; topMargin: entry.theme.margin }
        width: Math.min(parent.width - entry.theme.margin * 2, entry.theme.target * 6)
        spacing: entry.theme.gap
        Text {
            width: parent.width
            text: entry.otp ? qsTr("Technician entry with a one-time code") : qsTr("Staff card detected")
            color: "white"
            font.pixelSize: entry.theme.title * 0.8
            font.bold: true
            wrapMode: Text.WordWrap
        }
        Text {
            width: parent.width
            text: entry.otp ? qsTr("Enter your staff ID, then the 6-digit code for this terminal.")
                            : qsTr("Enter your PIN. Remove the card to cancel.")
            color: "#D1D5DB"
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
            inputMethodHints: Qt.ImhNoPredictiveText | Qt.ImhPreferLatin
        }
        Rectangle {
            objectName: "techPinDisplay"
            width: parent.width
            height: entry.theme.target * 0.8
            radius: 10
            color: "white"
            Text {
                anchors.centerIn: parent
                text: entry.digits.length ? (entry.otp ? entry.digits : "●".repeat(entry.digits.length))
                                          : (entry.otp ? qsTr("Code") : qsTr("PIN"))
                color: entry.digits.length ? "#111827" : "#9CA3AF"
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
            color: "#FDECEE"
            Text {
                id: msg
                anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter; margins: entry.theme.gap / 2 }
                text: entry.messageText()
                color: "#B00020"
                font.pixelSize: entry.theme.body
                font.bold: true
                wrapMode: Text.WordWrap
            }
        }
        Grid {
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

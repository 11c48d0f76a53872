import QtQuick
import Kiosk.Backend

Item {
    id: screen
    required property Theme theme
    required property KioskBackend backend
    readonly property var errs: backend.manualErrors

    function message(code) {
        switch (code) {
        case "required": return qsTr("Please fill this in.")
        case "too_long": return qsTr("This is too long. Please check it.")
        case "length": return qsTr("An ID number has 18 characters. Please check it.")
        case "characters": return qsTr("Use digits only; the last character may be X.")
        case "birth_date": return qsTr("The birth date inside this number is not a real date. Please check it.")
        case "checksum": return qsTr("This ID number is not valid. Please check each digit.")
        case "document": return qsTr("A 2017 permanent resident card number has 3 letters and 12 digits; a travel permit H or M and 8 digits.")
        case "phone": return qsTr("Enter an 11-digit mobile number starting with 1.")
        }
        return ""
    }

    Flickable {
        anchors { left: parent.left; right: parent.right; top: parent.top; bottom: next.top; bottomMargin: screen.theme.gap }
        contentHeight: col.implicitHeight + screen.theme.margin * 2
        clip: true
        Column {
            id: col
            x: screen.theme.margin
            y: screen.theme.margin
            width: screen.width - screen.theme.margin * 2
            spacing: screen.theme.gap * 1.2
            ScreenTitle {
                theme: screen.theme
                text: qsTr("Enter your details")
                subtitle: qsTr("Use the keyboard on the screen. Your ID number is only used for this application.")
            }
            KioskField {
                id: nameField
                objectName: "manualName"
                theme: screen.theme
                label: qsTr("Full name")
                property bool fixing: false  // edited since the last check: its old error no longer applies
                onEdited: fixing = true
                error: fixing ? "" : screen.message(screen.errs.name || "")
            }
            KioskField {
                id: idField
                objectName: "manualId"
                theme: screen.theme
                keypad: "id"
                label: qsTr("ID card number")
                hint: qsTr("18 characters; the last may be X")
                property bool fixing: false  // edited since the last check: its old error no longer applies
                onEdited: fixing = true
                error: fixing ? "" : screen.message(screen.errs.id_number || "")
            }
            KioskField {
                id: phoneField
                objectName: "manualPhone"
                theme: screen.theme
                keypad: "phone"
                label: qsTr("Mobile phone")
                hint: qsTr("We send progress updates to this number")
                property bool fixing: false  // edited since the last check: its old error no longer applies
                onEdited: fixing = true
                error: fixing ? "" : screen.message(screen.errs.phone || "")
            }
        }
    }
    BigButton {
        id: next
        objectName: "manualSubmit"
        theme: screen.theme
        anchors { horizontalCenter: parent.horizontalCenter; bottom: parent.bottom; bottomMargin: screen.theme.gap }
        width: screen.width * 0.6
        text: qsTr("Next")
        onClicked: {
            nameField.fixing = idField.fixing = phoneField.fixing = false
            screen.backend.submitManual(nameField.text, idField.text, phoneField.text)
        }
    }
}

import QtQuick
import Kiosk.Backend

Item {
    id: screen
    required property Theme theme
    required property LookupBackend lookup
    ScrollPage {
        padding: screen.theme.margin
        Column {
            x: screen.theme.margin
            width: screen.width - screen.theme.margin * 2
            spacing: screen.theme.gap * 1.5
            ScreenTitle {
                theme: screen.theme
                text: qsTr("Check my application")
                subtitle: qsTr("Enter the tracking number on your receipt, scan its QR code at the scanner, or use your ID card.")
            }
            KioskField {
                id: trackingField
                objectName: "trackingField"
                theme: screen.theme
                keypad: "digits"
                label: qsTr("Tracking number (15 digits)")
                error: screen.lookup.lookupState === "invalid" ? qsTr("This number is not right. Please check the digits on your receipt.") : ""
                onAccepted: screen.lookup.lookupTracking(text)
            }
            BigButton {
                objectName: "lookupButton"
                theme: screen.theme
                width: parent.width
                iconName: "search"
                text: qsTr("Check")
                onClicked: screen.lookup.lookupTracking(trackingField.text)
            }
            Text { text: qsTr("or"); font.pixelSize: screen.theme.body; color: screen.theme.muted; anchors.horizontalCenter: parent.horizontalCenter }
            BigButton {
                objectName: "lookupByCardButton"
                theme: screen.theme
                primary: false
                width: parent.width
                iconName: "card"
                text: qsTr("Use my ID card")
                onClicked: screen.lookup.lookupByCard()
            }
        }
    }
}

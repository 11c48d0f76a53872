import QtQuick
import Kiosk.Consultation

// One person, one vote: the ID card says who votes (the number is sealed for the platform only).
Item {
    id: page
    required property Theme theme
    required property ConsultationBackend consultation
    Column {
        x: page.theme.margin
        y: page.theme.margin * 2
        width: page.width - page.theme.margin * 2
        spacing: page.theme.gap * 1.5
        ScreenTitle {
            theme: page.theme
            text: qsTr("Place your ID card on the reader")
            subtitle: qsTr("Each person may vote once per topic. Your ID number is sent sealed and is only used to count one vote per person.")
        }
        Icon { name: "card"; size: page.theme.huge * 2; tint: page.theme.primary; anchors.horizontalCenter: parent.horizontalCenter }
        Banner {
            objectName: "consultationIdentifyProblem"
            theme: page.theme
            width: parent.width
            visible: page.consultation.identifyState !== "waiting" && page.consultation.identifyState !== "ok"
            text: qsTr("The card could not be read. Please place it flat on the reader again, or ask the staff.")
        }
        BigButton {
            objectName: "consultationIdentifyCancel"
            theme: page.theme
            primary: false
            width: parent.width
            text: qsTr("Cancel")
            onClicked: page.consultation.back()
        }
    }
}

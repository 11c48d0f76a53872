pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Backend
import Kiosk.Consultation

// Consultation on local matters (议事协商), over the home screen: topics, a topic, identify, done.
Rectangle {
    id: screen
    objectName: "consultationScreen"
    required property Theme theme
    required property KioskBackend backend
    required property ConsultationBackend consultation
    color: theme.bg
    MouseArea { anchors.fill: parent }  // nothing below is reachable while consulting

    function messageText(code) {
        switch (code) {
        case "not_enrolled": return qsTr("This terminal is not connected to the platform yet, so votes cannot be taken here. Please ask the staff.")
        case "already_voted": return qsTr("You have already voted on this topic. Each person votes once.")
        case "closed": return qsTr("This topic is closed.")
        case "empty": return qsTr("Please write your opinion first.")
        case "too_long": return qsTr("Your opinion is too long; please shorten it.")
        case "id_number": return qsTr("Please remove the ID number from your opinion: it is sent as written and read by the staff.")
        case "not_identified": return qsTr("Please identify with your ID card first.")
        case "": return ""
        }
        return qsTr("Something went wrong. Please try again or ask the staff.")
    }

    Loader {
        anchors.fill: parent
        sourceComponent: {
            switch (screen.consultation.page) {
            case "topic": return topicC
            case "identify": return identifyC
            case "done": return doneC
            }
            return listC
        }
    }
    Component { id: listC; ConsultationList { theme: screen.theme; consultation: screen.consultation } }
    Component { id: topicC; ConsultationTopic { theme: screen.theme; consultation: screen.consultation; host: screen } }
    Component { id: identifyC; ConsultationIdentify { theme: screen.theme; consultation: screen.consultation } }
    Component { id: doneC; ConsultationDone { theme: screen.theme; consultation: screen.consultation } }
}

import QtQuick
import Kiosk.Consultation

// Thanks, and what the platform made of the vote: counted, or refused as a second vote.
Item {
    id: page
    required property Theme theme
    required property ConsultationBackend consultation
    readonly property string outcome: consultation.outcome
    Column {
        x: page.theme.margin
        y: page.theme.margin * 2
        width: page.width - page.theme.margin * 2
        spacing: page.theme.gap * 1.5
        ScreenTitle {
            theme: page.theme
            text: page.consultation.lastAction !== "vote" ? qsTr("Thank you for your opinion")
                  : (page.outcome === "duplicate" || page.outcome === "refused") ? qsTr("Your vote was not counted")
                  : qsTr("Thank you for voting")
            subtitle: page.consultation.lastAction === "vote" ? "" : qsTr("The neighbourhood committee reads every opinion and proposal.")
        }
        Banner {  // icon and words, never colour alone
            objectName: "voteOutcome"
            visible: page.consultation.lastAction === "vote"
            theme: page.theme
            kind: page.outcome === "counted" ? "ok" : (page.outcome === "pending" ? "warn" : "error")
            text: page.outcome === "counted" ? qsTr("Your vote has been counted.")
                  : page.outcome === "duplicate" ? qsTr("The platform did not count this vote: you have already voted on this topic at another terminal.")
                  : page.outcome === "refused" ? qsTr("The platform could not count this vote. Please ask the staff.")
                  : qsTr("Your vote is recorded and will be counted when this terminal next reaches the platform.")
        }
        BigButton {
            objectName: "consultationDoneBack"
            theme: page.theme
            width: parent.width
            text: qsTr("Back to topics")
            onClicked: page.consultation.back()
        }
        BigButton {
            objectName: "consultationDoneClose"
            theme: page.theme
            primary: false
            width: parent.width
            text: qsTr("Back to services")
            onClicked: page.consultation.close()
        }
    }
}

pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import Kiosk.Consultation

// One topic: its description, the options to vote for (or the results once closed), and an opinion box.
Item {
    id: page
    required property Theme theme
    required property ConsultationBackend consultation
    required property var host
    readonly property var topic: consultation.topic
    readonly property bool isOpen: topic.state === "open"
    property string kind: "opinion"
    Flickable {
        id: flick
        anchors.fill: parent
        contentHeight: col.implicitHeight + page.theme.margin * 2
        clip: true
        Column {
            id: col
            x: page.theme.margin
            y: page.theme.margin
            width: page.width - page.theme.margin * 2
            spacing: page.theme.gap
            ScreenTitle {
                theme: page.theme
                text: page.topic.title || ""
                subtitle: page.isOpen ? (page.topic.closes ? qsTr("Open until %1").arg(page.topic.closes) : "")
                                      : qsTr("This topic is closed.")
            }
            Text {
                width: parent.width
                wrapMode: Text.Wrap
                visible: text !== ""
                text: page.topic.description || ""
                font.pixelSize: page.theme.body
                color: page.theme.text
            }
            Banner {
                objectName: "consultationMessage"
                theme: page.theme
                width: parent.width
                visible: page.consultation.message !== ""
                text: page.host.messageText(page.consultation.message)
            }
            // --- vote (open) ---
            Text {
                visible: page.isOpen && (page.topic.options || []).length > 0
                width: parent.width
                wrapMode: Text.Wrap
                text: page.topic.votedHere ? qsTr("You have voted on this topic.")
                                           : qsTr("Your vote (one per person; you will be asked for your ID card):")
                font.pixelSize: page.theme.body
                font.bold: true
                color: page.theme.text
            }
            Repeater {
                model: page.isOpen ? page.topic.options : []
                delegate: BigButton {
                    required property var modelData
                    objectName: "vote_" + modelData.optionId
                    theme: page.theme
                    width: col.width
                    enabled: !page.consultation.busy && !page.topic.votedHere
                    text: modelData.label
                    onClicked: page.consultation.vote(modelData.optionId)
                }
            }
            // --- results (closed) ---
            Text {
                objectName: "consultationNoResults"
                visible: !page.isOpen && !page.topic.hasResults
                width: parent.width
                wrapMode: Text.Wrap
                text: qsTr("The results have not reached this terminal yet.")
                font.pixelSize: page.theme.body
                color: page.theme.muted
            }
            Column {
                objectName: "consultationResults"
                visible: !page.isOpen && page.topic.hasResults === true
                width: parent.width
                spacing: page.theme.gap / 2
                Text {
                    text: qsTr("Results: %n vote(s)", "", page.topic.total || 0)
                    font.pixelSize: page.theme.body
                    font.bold: true
                    color: page.theme.text
                }
                Repeater {
                    model: page.isOpen ? [] : page.topic.options
                    delegate: Item {
                        id: result
                        required property var modelData
                        width: col.width
                        height: page.theme.target * 0.8
                        Rectangle {
                            anchors { left: parent.left; top: parent.top; bottom: parent.bottom }
                            width: Math.max(page.theme.gap / 2, parent.width * result.modelData.share)
                            radius: page.theme.radius / 2
                            color: page.theme.contrast ? page.theme.primary : Theme.chosenBg
                        }
                        Text {
                            anchors { left: parent.left; leftMargin: page.theme.gap; verticalCenter: parent.verticalCenter }
                            text: result.modelData.label + "  " + qsTr("%n vote(s)", "", result.modelData.votes) + "  (" + Math.round(result.modelData.share * 100) + "%)"
                            font.pixelSize: page.theme.body
                            color: page.theme.contrast ? page.theme.textOnPrimary : page.theme.text
                        }
                    }
                }
                Text {
                    text: qsTr("%n opinion(s) and proposal(s) received", "", page.topic.opinions || 0)
                    font.pixelSize: page.theme.small
                    color: page.theme.muted
                }
            }
            // --- opinion (open) ---
            Text {
                visible: page.isOpen
                width: parent.width
                wrapMode: Text.Wrap
                text: qsTr("Your opinion or proposal (optional):")
                font.pixelSize: page.theme.body
                font.bold: true
                color: page.theme.text
            }
            Row {
                visible: page.isOpen
                spacing: page.theme.gap
                BigButton {
                    objectName: "kind_opinion"
                    theme: page.theme
                    primary: page.kind === "opinion"
                    width: (col.width - page.theme.gap) / 2
                    text: qsTr("Opinion")
                    onClicked: page.kind = "opinion"
                }
                BigButton {
                    objectName: "kind_proposal"
                    theme: page.theme
                    primary: page.kind === "proposal"
                    width: (col.width - page.theme.gap) / 2
                    text: qsTr("Proposal")
                    onClicked: page.kind = "proposal"
                }
            }
            Rectangle {
                visible: page.isOpen
                width: parent.width
                height: page.theme.target * 2.2
                radius: page.theme.radius
                color: page.theme.surface
                border.color: opinionBox.activeFocus ? page.theme.primary : page.theme.border
                border.width: 3
                TextArea {
                    id: opinionBox
                    objectName: "opinionInput"
                    anchors.fill: parent
                    anchors.margins: page.theme.gap / 2
                    wrapMode: TextEdit.Wrap
                    font.pixelSize: page.theme.body
                    color: page.theme.text
                    placeholderText: qsTr("Type here (pinyin keyboard)")
                    placeholderTextColor: page.theme.muted
                    background: null
                    inputMethodHints: Qt.ImhNone
                    onActiveFocusChanged: if (activeFocus) flick.contentY = Math.max(0, parent.y - page.theme.gap)
                }
            }
            BigButton {
                objectName: "sendOpinion"
                visible: page.isOpen
                theme: page.theme
                width: parent.width
                enabled: !page.consultation.busy && opinionBox.text.trim().length > 0
                text: qsTr("Send my opinion")
                onClicked: page.consultation.submitOpinion(opinionBox.text, page.kind)
            }
            BigButton {
                objectName: "consultationBack"
                theme: page.theme
                primary: false
                width: parent.width
                text: qsTr("Back to topics")
                onClicked: page.consultation.back()
            }
        }
    }
}

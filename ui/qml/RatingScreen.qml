pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Backend

// How was it? Five levels and a few reasons; optional, and nothing personal is attached.
Item {
    id: screen
    required property Theme theme
    required property CommunityBackend community
    property int level: 0
    property var reasons: []
    readonly property var faces: [qsTr("Very poor"), qsTr("Poor"), qsTr("OK"), qsTr("Good"), qsTr("Very good")]
    Item {
        anchors { left: parent.left; right: parent.right; top: parent.top; bottom: actions.top; bottomMargin: screen.theme.gap }
        ScrollPage {
            padding: screen.theme.margin
            Column {
                x: screen.theme.margin
                width: screen.width - screen.theme.margin * 2
                spacing: screen.theme.gap * 1.2
                ScreenTitle {
                    theme: screen.theme
                    text: qsTr("How was your visit today?")
                    subtitle: qsTr("Your rating helps the centre improve. It is anonymous.")
                }
                Grid {
                    id: levels
                    // five in a row while a label fits its button; in large text on a narrow screen, rows of three
                    columns: screen.width - screen.theme.margin * 2 >= 5 * screen.theme.target * 1.6 ? 5 : 3
                    spacing: screen.theme.gap / 2
                    Repeater {
                        model: 5
                        delegate: BigButton {
                            required property int index
                            objectName: "rate_" + (index + 1)
                            theme: screen.theme
                            vertical: true
                            primary: screen.level === index + 1
                            width: (screen.width - screen.theme.margin * 2 - levels.spacing * (levels.columns - 1)) / levels.columns
                            height: screen.theme.target * 1.3
                            text: (index + 1) + "★\n" + screen.faces[index]
                            onClicked: screen.level = index + 1
                        }
                    }
                }
                ChoiceFlow {
                    theme: screen.theme
                    fieldId: "rating_reason"
                    choices: screen.community.ratingReasons
                    selected: screen.reasons
                    onPicked: (v) => {
                        var r = screen.reasons.slice()
                        var i = r.indexOf(v)
                        if (i >= 0) r.splice(i, 1); else r.push(v)
                        screen.reasons = r
                    }
                }
            }
        }
    }
    Row {
        id: actions
        // always in reach, under the scrolling page: Skip and Send never need a scroll to find
        anchors { left: parent.left; bottom: parent.bottom; margins: screen.theme.margin; bottomMargin: screen.theme.gap }
        spacing: screen.theme.gap
        BigButton {
            objectName: "ratingSkip"
            theme: screen.theme
            primary: false
            width: (screen.width - screen.theme.margin * 2 - screen.theme.gap) * 0.4
            text: qsTr("Skip")
            onClicked: screen.community.skipRating()
        }
        BigButton {
            objectName: "ratingSend"
            theme: screen.theme
            enabled: screen.level > 0
            width: (screen.width - screen.theme.margin * 2 - screen.theme.gap) * 0.6
            text: qsTr("Send")
            onClicked: screen.community.rate(screen.level, screen.reasons)
        }
    }
}

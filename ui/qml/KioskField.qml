import QtQuick
import QtQuick.Controls

// A labelled text input with its error in words and an icon underneath.
Column {
    id: kf
    required property Theme theme
    property string label: ""
    property string hint: ""
    property string error: ""
    property alias text: input.text
    property alias input: input
    property string keypad: "text"
    signal edited(string text)
    signal accepted()
    width: parent ? parent.width : 0
    spacing: theme.gap / 3
    Text {
        text: kf.label
        font.pixelSize: kf.theme.body
        font.bold: true
        color: kf.theme.text
        width: kf.width
        wrapMode: Text.WordWrap
    }
    Text {
        visible: kf.hint !== ""
        text: kf.hint
        font.pixelSize: kf.theme.small
        color: kf.theme.muted
        width: kf.width
        wrapMode: Text.WordWrap
    }
    TextField {
        id: input
        width: kf.width
        height: kf.theme.target
        font.pixelSize: kf.theme.body
        inputMethodHints: kf.keypad === "digits" ? (Qt.ImhDigitsOnly | Qt.ImhNoPredictiveText)
                        : kf.keypad === "phone" ? (Qt.ImhDialableCharactersOnly | Qt.ImhNoPredictiveText)
                        : kf.keypad === "id" ? (Qt.ImhPreferNumbers | Qt.ImhPreferUppercase | Qt.ImhNoPredictiveText | Qt.ImhNoAutoUppercase)
                        : kf.keypad === "number" ? (Qt.ImhFormattedNumbersOnly | Qt.ImhNoPredictiveText)
                        : kf.keypad === "email" ? (Qt.ImhEmailCharactersOnly | Qt.ImhNoPredictiveText)
                        : Qt.ImhNone
        background: Rectangle {
            radius: 10
            color: kf.theme.surface
            border.width: kf.error !== "" ? 4 : (input.activeFocus ? 4 : 2)
            border.color: kf.error !== "" ? kf.theme.error : (input.activeFocus ? kf.theme.primary : kf.theme.border)
        }
        onTextEdited: kf.edited(text)
        onAccepted: kf.accepted()
    }
    Row {
        visible: kf.error !== ""
        spacing: kf.theme.gap / 3
        Icon { name: "warning"; size: kf.theme.body; tint: kf.theme.error }
        Text {
            objectName: "fieldError"
            width: kf.width - kf.theme.body - kf.theme.gap
            text: kf.error
            font.pixelSize: kf.theme.body
            color: kf.theme.error
            wrapMode: Text.WordWrap
        }
    }
}

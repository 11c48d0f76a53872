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
    property bool locked: false  // the answer cannot be changed here (a read-only form field)
    property bool lettersMode: false  // an ID number that starts with letters: the full keyboard instead
    // ID numbers get their own keypad (IdKeypad), not the system keyboard with its Pinyin composition
    readonly property bool ownKeypad: keypad === "id" && !lettersMode
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
        readOnly: kf.locked || kf.ownKeypad
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
        onActiveFocusChanged: if (activeFocus && kf.ownKeypad) cursorPosition = length
        // a hardware keyboard (a technician's, a test's) still types into a keypad field
        Keys.onPressed: (event) => {
            if (!kf.ownKeypad || kf.locked)
                return
            if (event.key === Qt.Key_Backspace) {
                idPad.press("⌫")
                event.accepted = true
            } else if (/^[0-9A-Za-z]$/.test(event.text)) {
                idPad.press(event.text.toUpperCase())
                event.accepted = true
            }
        }
        Binding on cursorVisible { when: kf.ownKeypad; value: input.activeFocus && !kf.locked }
    }
    IdKeypad {
        id: idPad
        objectName: "idKeypad"
        visible: kf.ownKeypad && !kf.locked && input.activeFocus
        height: visible ? implicitHeight : 0
        width: kf.width
        theme: kf.theme
        target: input
        onEdited: (t) => kf.edited(t)
        onLettersWanted: { kf.lettersMode = true; input.forceActiveFocus() }  // now editable: the system keyboard opens
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

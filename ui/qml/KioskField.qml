import QtQuick
import QtQuick.Controls

// A labelled text input with its error in words and an icon underneath. A number field's keypad opens
// under it, or beside it on a landscape screen, where a keypad under the field would not fit between the
// header and the page's buttons; its keys shrink to what the page leaves, never under the 9 mm of a
// fingertip.
Grid {
    id: kf
    required property Theme theme
    property string label: ""
    property string hint: ""
    property string error: ""
    property alias text: input.text
    property alias input: input
    property string keypad: "text"
    property bool negative: false  // a number that may go below zero: the keypad gets its sign key
    property bool locked: false  // the answer cannot be changed here (a read-only form field)
    property bool lettersMode: false  // an ID number that starts with letters: the full keyboard instead
    // numbers get the app's own keypad (Keypad.qml: one digit order, 1-2-3 on top, issue 15 item 13), not
    // the system keyboard with its Pinyin composition and its calculator's 7-8-9 on top
    readonly property bool ownKeypad: ["id", "phone", "digits", "number"].indexOf(keypad) >= 0 && !lettersMode
    signal edited(string text)
    signal accepted()

    // The page this field scrolls with (a ScrollPage, a form page): looked up when the field is tapped, as a
    // Repeater places its delegates only after they are complete.
    property Flickable page: null
    function findPage() {
        let node = kf.parent
        while (node && !(node instanceof Flickable))
            node = node.parent
        return node
    }
    // Being typed in: scroll the page so the field and, when it is open, all of its keypad are in view (a
    // field under the keyboard or a keypad below the fold is a dead end for someone who does not know the
    // page scrolls), the field first if the page is too short for both. Again whenever the page changes shape
    // under it (the keyboard shortens it, or narrows it in landscape and the text above wraps anew) (item 9).
    function reveal() {
        const page = kf.page
        if (!page || !kf.input.activeFocus)
            return
        const top = kf.mapToItem(page.contentItem, 0, 0).y
        const last = numberPad.visible ? numberPad : kf.input
        const bottom = last.mapToItem(page.contentItem, 0, last.height).y
        let y = page.contentY
        if (bottom > y + page.height)
            y = Math.min(top, bottom - page.height)
        if (top < y)
            y = top
        page.contentY = Math.max(0, Math.min(y, page.contentHeight - page.height))
    }
    Timer {  // once the layout has settled; per field (Qt.callLater keeps only the last of same-named calls)
        id: revealSoon
        interval: 0
        onTriggered: kf.reveal()
    }
    Connections {
        target: kf.page
        enabled: kf.input.activeFocus
        function onHeightChanged() { revealSoon.restart() }
        function onWidthChanged() { revealSoon.restart() }
        function onContentHeightChanged() { revealSoon.restart() }
    }

    readonly property bool aside: theme.landscape && numberPad.visible
    readonly property real mainWidth: aside ? width - numberPad.width - columnSpacing : width
    width: parent ? parent.width : 0
    columns: aside ? 2 : 1
    rowSpacing: theme.gap / 3
    columnSpacing: theme.gap
    Column {
        id: fieldColumn
        width: kf.mainWidth
        spacing: kf.rowSpacing
        Text {
            text: kf.label
            font.pixelSize: kf.theme.body
            font.bold: true
            color: kf.theme.text
            width: kf.mainWidth
            wrapMode: Text.WordWrap
        }
        Text {
            visible: kf.hint !== ""
            text: kf.hint
            font.pixelSize: kf.theme.small
            color: kf.theme.muted
            width: kf.mainWidth
            wrapMode: Text.WordWrap
        }
        TextField {
            id: input
            // named while its keypad is open, so a short landscape screen can make room (FormScreen's typing)
            objectName: numberPad.visible ? "keypadInput" : ""
            width: kf.mainWidth
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
            onActiveFocusChanged: {
                if (activeFocus && kf.ownKeypad)
                    cursorPosition = length
                if (activeFocus) {
                    kf.page = kf.findPage()
                    revealSoon.restart()
                }
            }
            // a hardware keyboard (a technician's, a test's) still types into a keypad field
            Keys.onPressed: (event) => {
                if (!kf.ownKeypad || kf.locked)
                    return
                if (event.key === Qt.Key_Backspace) {
                    numberPad.press("⌫")
                    event.accepted = true
                } else if (numberPad.accepts.test(event.text)) {
                    numberPad.press(event.text.toUpperCase())
                    event.accepted = true
                }
            }
            Binding on cursorVisible { when: kf.ownKeypad; value: input.activeFocus && !kf.locked }
        }
    }
    Keypad {
        id: numberPad
        objectName: "keypad"
        kind: kf.keypad
        signKey: kf.negative
        visible: kf.ownKeypad && !kf.locked && input.activeFocus
        height: visible ? implicitHeight : 0
        width: kf.aside ? Math.min(kf.width * 0.45, kf.theme.target * 6) : kf.width
        // all of it in view with the field: beside the field, the page's height; under it, what is left
        fitHeight: !kf.page ? 0 : kf.page.height - kf.theme.gap - (kf.aside ? 0 : fieldColumn.height + kf.rowSpacing)
        theme: kf.theme
        target: input
        onEdited: (t) => kf.edited(t)
        onHeightChanged: revealSoon.restart()
        onLettersWanted: { kf.lettersMode = true; input.forceActiveFocus() }  // now editable: the system keyboard opens
    }
    Row {
        visible: kf.error !== ""
        width: kf.mainWidth
        spacing: kf.theme.gap / 3
        Icon { name: "warning"; size: kf.theme.body; tint: kf.theme.error }
        Text {
            objectName: "fieldError"
            width: kf.mainWidth - kf.theme.body - kf.theme.gap
            text: kf.error
            font.pixelSize: kf.theme.body
            color: kf.theme.error
            wrapMode: Text.WordWrap
        }
    }
}

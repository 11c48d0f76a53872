pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls

// The one keypad of the app (issue 15 item 13): wherever a resident types a number (an ID number, a phone
// number, a tracking number, an amount) the digits sit in a phone's order, 1-2-3 on top, so a person who
// learned it once is never caught out by a calculator's 7-8-9 on the next screen. No Pinyin composition,
// no layout switching. The corner key is what the kind of number needs: X for an ID number's check
// character, the decimal point for an amount, Clear otherwise; the ID number adds "ABC" for the numbers
// that start with letters (2017 foreign resident cards, travel permits). A tap on a character of the field
// puts the cursor there, so one wrong digit costs a tap, a back and the right digit. A number that may go
// below zero (its definition's min is negative: a basement floor is 负一层) gets a − key, which puts the sign
// in front of the number or takes it away wherever the cursor is, as a calculator's sign key does.
Column {
    id: pad
    required property Theme theme
    required property TextField target
    property string kind: "digits"  // "id", "phone", "digits" or "number" (KioskField's keypad)
    property bool signKey: false  // a number that may go below zero: the − key
    signal edited(string text)
    signal lettersWanted()
    spacing: theme.gap / 2
    readonly property real key: Math.min(theme.target * 2, (width - spacing * 2) / 3)  // wide keys: gloves, shaky hands
    property real fitHeight: 0  // the most height the page leaves the keypad (0: no limit)
    readonly property int rows: corner === "clear" ? 4 : 5
    // a full target each, or what the page's height allows, never under 9 mm (about 36 px on the finest
    // screen in the field; theme.body * 1.2 is at least 41 px)
    readonly property real keyHeight: fitHeight > 0
        ? Math.max(theme.body * 1.2, Math.min(theme.target, (fitHeight - spacing * (rows - 1)) / rows))
        : theme.target
    readonly property string corner: kind === "id" ? "X" : kind === "number" ? "." : signKey ? "−" : "clear"
    // what a hardware keyboard (a technician's, a test's) may type into the field through this keypad
    readonly property var accepts: kind === "id" ? /^[0-9A-Za-z]$/
        : kind === "number" ? (signKey ? /^[-0-9.]$/ : /^[0-9.]$/) : (signKey ? /^[-0-9]$/ : /^[0-9]$/)

    function press(k) {
        const t = pad.target
        const pos = t.cursorPosition
        if (k === "−" || k === "-") {  // the sign goes in front of the number, or comes off again
            const negative = t.text.startsWith("-")
            t.text = negative ? t.text.slice(1) : "-" + t.text
            t.cursorPosition = Math.max(0, negative ? pos - 1 : pos + 1)
            pad.edited(t.text)
            return
        }
        if (k === "⌫" && pos === 0)
            return
        // the field is read-only to the system keyboard: set its text (TextInput.remove ignores read-only fields)
        t.text = k === "⌫" ? t.text.slice(0, pos - 1) + t.text.slice(pos) : t.text.slice(0, pos) + k + t.text.slice(pos)
        t.cursorPosition = k === "⌫" ? pos - 1 : pos + 1
        pad.edited(t.text)
    }
    function clear() {
        pad.target.clear()
        pad.edited("")
    }

    component Key: AbstractButton {
        id: keyButton
        property bool wide: false
        width: wide ? pad.key * 1.5 + pad.spacing / 2 : pad.key
        height: pad.keyHeight
        focusPolicy: Qt.NoFocus
        background: Rectangle {
            radius: pad.theme.radius
            color: keyButton.down ? pad.theme.border : pad.theme.surface
            border.width: 2
            border.color: pad.theme.primary
        }
        contentItem: Text {
            text: keyButton.text
            font.pixelSize: Math.min(pad.theme.title, pad.keyHeight * 0.6)
            font.bold: true
            color: pad.theme.text
            horizontalAlignment: Text.AlignHCenter
            verticalAlignment: Text.AlignVCenter
            fontSizeMode: Text.HorizontalFit  // a long word for Clear in a narrow key shrinks, never spills
            minimumPixelSize: pad.theme.small
        }
    }

    Grid {
        objectName: "keypadGrid"
        columns: 3
        spacing: pad.spacing
        Repeater {
            model: ["1", "2", "3", "4", "5", "6", "7", "8", "9", pad.corner, "0", "⌫"]
            delegate: Key {
                required property string modelData
                objectName: "key_" + ({"⌫": "back", ".": "point", "−": "minus"}[modelData] ?? modelData)
                text: modelData === "clear" ? qsTr("Clear") : modelData
                Accessible.name: modelData === "⌫" ? qsTr("Delete") : modelData === "−" ? qsTr("Minus") : text
                onClicked: modelData === "clear" ? pad.clear() : pad.press(modelData)
            }
        }
    }
    Row {
        visible: pad.corner !== "clear"  // Clear has no corner of its own on these keypads
        spacing: pad.spacing
        Key {
            objectName: "key_clear"
            wide: true
            text: qsTr("Clear")
            onClicked: pad.clear()
        }
        Key {
            objectName: "key_letters"
            visible: pad.kind === "id"
            wide: true
            text: "ABC"
            onClicked: pad.lettersWanted()
        }
        Key {
            objectName: "key_minus"
            visible: pad.kind === "number" && pad.signKey  // (a whole number has it in the corner)
            wide: true
            text: "−"
            Accessible.name: qsTr("Minus")
            onClicked: pad.press("−")
        }
    }
}

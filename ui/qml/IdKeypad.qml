pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls

// The keypad of an ID number field: the ten digits and X in one place (no Pinyin composition, no
// layout switching), a back key that deletes before the cursor, a clear key, and "ABC" for the
// numbers that start with letters (2017 foreign resident cards, travel permits). A tap on a character
// of the field puts the cursor there, so one wrong digit costs a tap, a back and the right digit.
Column {
    id: pad
    required property Theme theme
    required property TextField target
    signal edited(string text)
    signal lettersWanted()
    spacing: theme.gap / 2
    readonly property real key: Math.min(theme.target * 2, (width - spacing * 2) / 3)  // wide keys: gloves, shaky hands

    function press(k) {
        const t = pad.target
        const pos = t.cursorPosition
        if (k === "⌫" && pos === 0)
            return
        // the field is read-only to the system keyboard: set its text (TextInput.remove ignores read-only fields)
        t.text = k === "⌫" ? t.text.slice(0, pos - 1) + t.text.slice(pos) : t.text.slice(0, pos) + k + t.text.slice(pos)
        t.cursorPosition = k === "⌫" ? pos - 1 : pos + 1
        pad.edited(t.text)
    }

    component Key: AbstractButton {
        id: keyButton
        property bool wide: false
        width: wide ? pad.key * 1.5 + pad.spacing / 2 : pad.key
        height: pad.theme.target
        focusPolicy: Qt.NoFocus
        background: Rectangle {
            radius: pad.theme.radius
            color: keyButton.down ? pad.theme.border : pad.theme.surface
            border.width: 2
            border.color: pad.theme.primary
        }
        contentItem: Text {
            text: keyButton.text
            font.pixelSize: pad.theme.title
            font.bold: true
            color: pad.theme.text
            horizontalAlignment: Text.AlignHCenter
            verticalAlignment: Text.AlignVCenter
        }
    }

    Grid {
        columns: 3
        spacing: pad.spacing
        Repeater {
            model: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "X", "0", "⌫"]
            delegate: Key {
                required property string modelData
                objectName: "idKey_" + (modelData === "⌫" ? "back" : modelData)
                text: modelData
                Accessible.name: modelData === "⌫" ? qsTr("Delete") : modelData
                onClicked: pad.press(modelData)
            }
        }
    }
    Row {
        spacing: pad.spacing
        Key {
            objectName: "idKey_clear"
            wide: true
            text: qsTr("Clear")
            onClicked: { pad.target.clear(); pad.edited("") }
        }
        Key {
            objectName: "idKey_letters"
            wide: true
            text: "ABC"
            onClicked: pad.lettersWanted()
        }
    }
}

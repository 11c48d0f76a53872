pragma ComponentBehavior: Bound
import QtQuick

Column {
    id: sec
    required property Theme theme
    property string heading: ""
    property string body: ""
    property var items: []
    width: parent ? parent.width : 0
    spacing: theme.gap / 3
    visible: body !== "" || items.length > 0
    Text {
        text: sec.heading
        font.pixelSize: sec.theme.body
        font.bold: true
        color: sec.theme.primary
    }
    Text {
        visible: sec.body !== ""
        width: sec.width
        text: sec.body
        font.pixelSize: sec.theme.body
        color: sec.theme.text
        wrapMode: Text.WordWrap
        textFormat: Text.PlainText
    }
    Repeater {
        model: sec.items
        delegate: Text {
            required property string modelData
            required property int index
            width: sec.width
            text: (index + 1) + ". " + modelData
            font.pixelSize: sec.theme.body
            color: sec.theme.text
            wrapMode: Text.WordWrap
            textFormat: Text.PlainText
        }
    }
}

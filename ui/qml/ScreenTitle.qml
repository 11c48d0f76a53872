import QtQuick

Column {
    id: st
    required property Theme theme
    property string text: ""
    property string subtitle: ""
    spacing: theme.gap / 2
    width: parent ? parent.width : 0
    Text {
        width: st.width
        text: st.text
        font.pixelSize: st.theme.title
        font.bold: true
        color: st.theme.text
        wrapMode: Text.WordWrap
    }
    Text {
        width: st.width
        visible: st.subtitle !== ""
        text: st.subtitle
        font.pixelSize: st.theme.body
        color: st.theme.muted
        wrapMode: Text.WordWrap
    }
}

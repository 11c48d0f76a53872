import QtQuick
import QtQuick.Controls

// A large touch target that answers on press (ux.md: every touch answers within one frame).
// Long labels wrap to a second line instead of spilling out; `vertical` puts the icon above the label.
AbstractButton {
    id: control
    required property Theme theme
    property bool primary: true
    property bool vertical: false
    property string iconName: ""
    readonly property real iconSize: vertical ? theme.body * 1.1 : theme.body * 1.2
    readonly property color ink: primary ? theme.textOnPrimary : theme.primary
    readonly property real available: width - theme.gap
                                      - (!vertical && iconName !== "" ? iconSize + theme.gap / 2 : 0)
    implicitHeight: theme.target
    implicitWidth: Math.max(theme.target * 2.2, metrics.advanceWidth + theme.gap * 2
                            + (!vertical && iconName !== "" ? iconSize + theme.gap / 2 : 0))
    focusPolicy: Qt.NoFocus
    padding: 0
    opacity: enabled ? 1.0 : 0.45
    TextMetrics {
        id: metrics
        font: label.font
        text: control.text
    }
    background: Rectangle {
        radius: control.theme.radius
        color: control.primary ? (control.down ? control.theme.primaryPressed : control.theme.primary)
               : (control.down ? control.theme.border : control.theme.surface)
        border.width: control.primary ? 0 : 3
        border.color: control.theme.primary
    }
    contentItem: Item {
        implicitWidth: grid.implicitWidth
        implicitHeight: grid.implicitHeight
        Grid {
            id: grid
            anchors.centerIn: parent
            columns: control.vertical ? 1 : 2
            spacing: control.vertical ? 2 : control.theme.gap / 2
            horizontalItemAlignment: Grid.AlignHCenter
            verticalItemAlignment: Grid.AlignVCenter
            Icon {
                visible: control.iconName !== ""
                name: control.iconName
                size: control.iconSize
                tint: control.ink
            }
            Text {
                id: label
                width: Math.min(metrics.advanceWidth + 2, control.available)
                text: control.text
                font.pixelSize: control.vertical ? control.theme.small : control.theme.body
                font.bold: true
                color: control.ink
                wrapMode: Text.WordWrap
                maximumLineCount: 2
                elide: Text.ElideRight
                horizontalAlignment: Text.AlignHCenter
            }
        }
    }
}

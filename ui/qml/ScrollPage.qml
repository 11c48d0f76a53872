import QtQuick

// A screen's content that scrolls when the window is too short for it (1280x720, 1366x768, large text)
// and otherwise sits where the screen puts it (at the top, or centred): nothing ends up under the
// navigation bar or the header, on any screen size (issue 15 items 3 and 15).
Flickable {
    id: page
    default property alias content: holder.data
    property bool centred: false
    property real padding: 0
    readonly property real needed: holder.childrenRect.height + padding * 2
    anchors.fill: parent
    contentWidth: width
    contentHeight: Math.max(height, needed)
    interactive: needed > height + 1
    boundsBehavior: Flickable.StopAtBounds
    clip: true
    Item {
        id: holder
        width: page.width
        height: childrenRect.height
        y: page.padding + (page.centred ? Math.max(0, (page.height - page.needed) / 2) : 0)
    }
}

import QtQuick

// A line icon from assets/icons, drawn in the given colour (see ui/icon_provider.py).
Image {
    id: icon
    property string name: ""
    property real size: 48
    property color tint: Theme.white
    width: size
    height: size
    sourceSize.width: Math.round(size)
    sourceSize.height: Math.round(size)
    source: name ? "image://icon/" + name + "/" + String(tint).substring(1, 7) : ""
    fillMode: Image.PreserveAspectFit
    smooth: true
}

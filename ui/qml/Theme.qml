import QtQuick

// Sizes and colours for the resident screens (ux.md): targets >= 96 px, body >= 32 px,
// titles >= 48 px, x1.5 in large-text mode; contrast >= 4.5:1 (7:1 high contrast).
QtObject {
    property bool large: false
    property bool contrast: false
    property bool landscape: false
    readonly property real s: large ? 1.5 : 1.0
    readonly property int body: Math.round(34 * s)
    readonly property int small: Math.round(26 * s)
    readonly property int title: Math.round(52 * s)
    readonly property int huge: Math.round(72 * s)
    readonly property int target: Math.round(112 * s)
    readonly property int gap: Math.round(24 * s)
    readonly property int margin: Math.round(40 * s)
    readonly property int radius: 18
    readonly property color bg: contrast ? "#000000" : "#F3F6FA"
    readonly property color surface: contrast ? "#000000" : "#FFFFFF"
    readonly property color text: contrast ? "#FFFFFF" : "#1A1F29"
    readonly property color muted: contrast ? "#FFFFFF" : "#4A5363"
    readonly property color primary: contrast ? "#FFE600" : "#0B4F9C"
    readonly property color textOnPrimary: contrast ? "#000000" : "#FFFFFF"
    readonly property color primaryPressed: contrast ? "#FFFFFF" : "#083A73"
    readonly property color accent: contrast ? "#FFE600" : "#C8102E"
    readonly property color border: contrast ? "#FFFFFF" : "#C9D3E0"
    readonly property color error: contrast ? "#FF8080" : "#B00020"
    readonly property color errorBg: contrast ? "#000000" : "#FDECEE"
    readonly property color ok: contrast ? "#7CFF7C" : "#1B7F3B"
    readonly property color warnBg: contrast ? "#000000" : "#FFF4D6"
    readonly property color warn: contrast ? "#FFE600" : "#7A4D00"
}

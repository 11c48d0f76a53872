pragma Singleton
import QtQuick

// Sizes and colours for every screen (ux.md): targets >= 96 px, body >= 32 px,
// titles >= 48 px, x1.5 in large-text mode; contrast >= 4.5:1 (7:1 high contrast).
// The one place a colour is written down (tests/test_qmllint.py checks it): a singleton
// (qmldir) whose large/contrast/landscape Main.qml binds to the backend.
QtObject {
    property bool large: false
    property bool contrast: false
    property bool landscape: false
    // ux.md gives sizes at 1080 px across the short side: a smaller screen (1280x720, 1366x768, 1280x1024)
    // scales them by its own size, so every layout keeps its proportions (Main.qml binds it)
    property real fit: 1.0
    readonly property real textFactor: large ? 1.5 : 1.0  // large text: text, targets and the keyboard (KeyboardLook)
    readonly property real s: textFactor * fit
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

    // Fixed colours: the same in high-contrast mode (each screen picks them by its own rules).
    readonly property color white: "#FFFFFF"
    readonly property color black: "#000000"
    readonly property color brand: "#0B4F9C"
    readonly property color brandDeep: "#06305F"
    readonly property color onBrandMuted: "#D6E4F5"
    readonly property color highlight: "#FFE600"
    readonly property color ink: "#1A1F29"
    readonly property color inkMuted: "#4A5363"
    readonly property color glass: Qt.rgba(1, 1, 1, 0.12)
    readonly property color glassBorder: Qt.rgba(1, 1, 1, 0.35)
    readonly property color glassButton: Qt.rgba(1, 1, 1, 0.18)
    readonly property color scrim: Qt.rgba(0, 0, 0, 0.55)
    readonly property color scrimLight: Qt.rgba(0, 0, 0, 0.45)
    readonly property color chosenBg: "#CFE0F5"
    readonly property color fieldChosenBg: "#E8F0FA"
    readonly property color tileSubtitle: "#E4ECF7"
    readonly property var tileTints: ["#0B4F9C", "#1B6E4A", "#8A3B12", "#5B3A94", "#0E6C7C", "#8C1D40", "#35516E"]
    readonly property color readerSlot: "#D6DEE9"
    readonly property color readerSlotContrast: "#333333"
    readonly property color cardFace: "#F5E6C8"
    readonly property color cardEdge: "#B08D57"
    readonly property color cardIcon: "#8A6A3A"
    readonly property color signatureHint: "#8893A3"
    readonly property color signatureInk: "#111111"
    readonly property color devDockBg: "#263238"
    readonly property color devDockLabel: "#B0BEC5"
    readonly property color keyboardFunctionKey: "#333333"  // the keyboard's grey keys in high contrast: white on it is 12.6:1
    readonly property color seeThrough: "#00000000"  // an outline drawn over a picture (the face check)

    // The technician palette: a workshop look that ignores the residents' large-text and contrast modes.
    readonly property color techBg: "#EEF1F5"
    readonly property color techBar: "#1F2937"
    readonly property color techSurface: "#FFFFFF"
    readonly property color techInk: "#111827"
    readonly property color techBody: "#374151"
    readonly property color techLabel: "#4A5363"
    readonly property color techMuted: "#6B7280"
    readonly property color techFaint: "#9CA3AF"
    readonly property color techOnBarMuted: "#D1D5DB"
    readonly property color techFocus: "#60A5FA"
    readonly property color techAccent: "#0B4F9C"
    readonly property color techLine: "#C9D3E0"
    readonly property color techOk: "#1B7F3B"
    readonly property color techWarn: "#B88A00"
    readonly property color techWarnBg: "#FFF4D6"
    readonly property color techWarnInk: "#5C4400"
    readonly property color techFail: "#B00020"
    readonly property color techFailPressed: "#7F0016"
    readonly property color techFailBg: "#FDECEE"
    readonly property color techRestartBg: "#E6F0FF"
    readonly property color techScrim: Qt.rgba(0, 0, 0, 0.5)
}

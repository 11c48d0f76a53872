pragma ComponentBehavior: Bound
import QtQuick

// The attract screen drawn before the rest of the terminal has started (ui/first_frame.py): the same
// AttractScreen over plain values, so a restart shows the centre at once instead of a black screen.
Window {
    id: root
    required property string centreName
    required property var noticeRows
    property bool kioskFullscreen: true
    property bool tapped: false  // read by ui/first_frame.py and handed to the full app
    property string language: ""  // "en_US" when the tap was "Start in English"

    objectName: "firstFrameWindow"
    visible: true
    title: "kiosk"
    flags: kioskFullscreen ? (Qt.Window | Qt.FramelessWindowHint) : Qt.Window
    visibility: kioskFullscreen ? Window.FullScreen : Window.Windowed
    color: Theme.bg

    WindowShape { window: root }

    ListModel { id: cachedNotices }
    Component.onCompleted: {
        for (let i = 0; i < root.noticeRows.length; ++i)
            cachedNotices.append(root.noticeRows[i])
    }

    AttractScreen {
        anchors.fill: parent
        theme: Theme
        centreName: root.centreName
        notices: cachedNotices
        onStartRequested: (language) => {
            root.tapped = true
            root.language = language
        }
    }
}

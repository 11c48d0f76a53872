import QtQuick
import Kiosk.Backend

Item {
    id: screen
    required property Theme theme
    required property KioskBackend backend
    ScreenTitle {
        id: title
        theme: screen.theme
        x: screen.theme.margin
        y: screen.theme.margin
        width: screen.width - screen.theme.margin * 2
        text: screen.backend.categoryName
        subtitle: qsTr("Choose a service to see what you need and apply.")
    }
    ServiceList {
        theme: screen.theme
        backend: screen.backend
        anchors { left: parent.left; right: parent.right; top: title.bottom; bottom: parent.bottom
                  margins: screen.theme.margin; topMargin: screen.theme.gap * 1.5 }
    }
}

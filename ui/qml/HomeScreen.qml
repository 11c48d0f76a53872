pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import Kiosk.Backend

// Service categories as large tiles; search, progress and notices as the actions below them.
Item {
    id: screen
    required property Theme theme
    required property KioskBackend backend
    required property LookupBackend lookup
    required property CommunityBackend community
    property var consultation: null  // ConsultationBackend, when the application offers consultation
    readonly property var tints: Theme.tileTints
    readonly property int columns: theme.large ? (theme.landscape ? 3 : 2) : (theme.landscape ? 4 : 2)

    Flickable {
        anchors.fill: parent
        contentHeight: col.implicitHeight + screen.theme.margin * 2
        clip: true
        Column {
            id: col
            x: screen.theme.margin
            y: screen.theme.margin
            width: screen.width - screen.theme.margin * 2
            spacing: screen.theme.gap * 1.5
            ScreenTitle {
                theme: screen.theme
                text: qsTr("What would you like to do?")
                subtitle: qsTr("Choose a kind of service, or search by name.")
            }
            AbstractButton {
                id: searchBox
                objectName: "searchButton"
                width: parent.width
                height: screen.theme.target
                focusPolicy: Qt.NoFocus
                onClicked: screen.backend.openSearch()
                background: Rectangle {
                    radius: screen.theme.radius
                    color: searchBox.down ? screen.theme.border : screen.theme.surface
                    border.color: screen.theme.primary
                    border.width: 3
                }
                contentItem: Row {
                    spacing: screen.theme.gap
                    leftPadding: screen.theme.gap
                    Icon { name: "search"; size: screen.theme.body * 1.4; tint: screen.theme.primary; anchors.verticalCenter: parent.verticalCenter }
                    Text {
                        text: qsTr("Search services (Chinese, pinyin or initials, e.g. jzzm)")
                        font.pixelSize: screen.theme.body
                        color: screen.theme.muted
                        anchors.verticalCenter: parent.verticalCenter
                    }
                }
            }
            Grid {
                id: grid
                width: parent.width
                columns: screen.columns
                spacing: screen.theme.gap
                Repeater {
                    model: screen.backend.categories
                    delegate: Tile {
                        required property string categoryId
                        required property string name
                        required property string iconKey
                        required property int count
                        required property int index
                        objectName: "category_" + categoryId
                        theme: screen.theme
                        width: (grid.width - grid.spacing * (grid.columns - 1)) / grid.columns
                        height: Math.max(screen.theme.target * 1.6, width * (screen.theme.landscape ? 0.34 : 0.38), implicitContentHeight + screen.theme.gap * 1.5)
                        text: name
                        iconName: iconKey
                        subtitle: qsTr("%n service(s)", "", count)
                        tint: screen.theme.contrast ? Theme.highlight : (screen.tints[Math.max(0, index) % screen.tints.length] || Theme.brand)
                        onClicked: screen.backend.openCategory(categoryId)
                    }
                }
            }
            Flow {
                width: parent.width
                spacing: screen.theme.gap
                BigButton {
                    objectName: "lookupButtonHome"
                    theme: screen.theme
                    iconName: "progress"
                    text: qsTr("Check my application")
                    width: (parent.width - screen.theme.gap) / 2
                    onClicked: screen.lookup.openLookup()
                }
                BigButton {
                    objectName: "queueButton"
                    theme: screen.theme
                    iconName: "queue"
                    text: qsTr("Take a queue number")
                    width: (parent.width - screen.theme.gap) / 2
                    onClicked: screen.community.openQueue()
                }
                BigButton {
                    objectName: "noticesButton"
                    theme: screen.theme
                    iconName: "notices"
                    text: qsTr("Community notices")
                    width: (parent.width - screen.theme.gap) / 2
                    onClicked: screen.community.openNotices()
                }
                BigButton {
                    objectName: "consultationButton"
                    visible: screen.consultation !== null
                    theme: screen.theme
                    iconName: "person"
                    text: qsTr("Community consultation")
                    width: (parent.width - screen.theme.gap) / 2
                    onClicked: screen.consultation.open()
                }
                BigButton {
                    objectName: "highContrastButton"
                    theme: screen.theme
                    primary: screen.backend.highContrast
                    text: qsTr("High contrast")
                    width: parent.width
                    onClicked: screen.backend.toggleHighContrast()
                }
            }
        }
    }
}

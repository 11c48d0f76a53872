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
    // fits without scrolling at every screen size and text size (issue 15 items 3 and 15): in landscape the
    // categories fill the left and search and the other errands a column on the right; in portrait they
    // stack. The tiles share the height that is left, never below a touch target (then the page scrolls).
    readonly property bool wide: theme.landscape
    readonly property real spacing: theme.gap * 1.5
    // large text on a landscape screen: no room for the heading, and the search is one cell of the errands
    readonly property bool packed: wide && theme.large
    readonly property real rightWidth: wide ? Math.round((width - theme.margin * 2) * 0.36) : 0
    readonly property real leftWidth: width - theme.margin * 2 - (wide ? rightWidth + spacing : 0)
    readonly property real rightX: theme.margin + leftWidth + spacing
    readonly property int columns: wide ? 4 : (theme.large ? 3 : 2)
    readonly property int rows: Math.ceil(backend.categories.count / columns)
    readonly property real gridRoom: height - theme.margin * 2 - title.height - spacing
                                     - (wide ? 0 : searchBox.height + actions.height + spacing * 2)
    readonly property real tileHeight: Math.max(theme.target, Math.min(theme.target * 2.4,
                                                (gridRoom - theme.gap * (rows - 1)) / Math.max(1, rows)))
    readonly property real actionWidth: (wide || !theme.large) ? (actions.width - theme.gap) / 2
                                                                 : (actions.width - theme.gap * 2) / 3

    Flickable {
        anchors.fill: parent
        contentHeight: Math.max(grid.y + grid.height, actions.y + actions.height) + screen.theme.margin
        interactive: contentHeight > height + 1
        boundsBehavior: Flickable.StopAtBounds
        clip: true
        ScreenTitle {
            id: title
            visible: !screen.packed
            height: visible ? implicitHeight : -screen.spacing
            x: screen.theme.margin
            y: screen.theme.margin
            width: screen.leftWidth
            theme: screen.theme
            text: qsTr("What would you like to do?")
            subtitle: qsTr("Choose a kind of service, or search by name.")
        }
        AbstractButton {
            id: searchBox
            objectName: "searchButton"
            x: screen.wide ? screen.rightX : screen.theme.margin
            y: screen.wide ? screen.theme.margin : title.y + title.height + screen.spacing
            width: screen.packed ? screen.actionWidth : (screen.wide ? screen.rightWidth : screen.leftWidth)
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
                    width: searchBox.width - screen.theme.body * 1.4 - screen.theme.gap * 3
                    height: searchBox.height - 8
                    text: screen.packed ? qsTr("Search services") : qsTr("Search services (Chinese, pinyin or initials, e.g. jzzm)")
                    font.pixelSize: screen.theme.body
                    color: screen.theme.muted
                    wrapMode: Text.WordWrap
                    // the whole example in its box, in large text and in a narrow column too
                    fontSizeMode: width > 0 && height > 0 ? Text.Fit : Text.FixedSize
                    minimumPixelSize: Math.round(screen.theme.small * 0.8)
                    verticalAlignment: Text.AlignVCenter
                    anchors.verticalCenter: parent.verticalCenter
                }
            }
        }
        Grid {
            id: grid
            x: screen.theme.margin
            y: screen.wide ? title.y + title.height + screen.spacing : searchBox.y + searchBox.height + screen.spacing
            width: screen.leftWidth
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
                    height: Math.max(screen.tileHeight, implicitContentHeight + screen.theme.gap)
                    text: name
                    iconName: iconKey
                    subtitle: qsTr("%n service(s)", "", count)
                    tint: screen.theme.contrast ? Theme.highlight : (screen.tints[Math.max(0, index) % screen.tints.length] || Theme.brand)
                    onClicked: screen.backend.openCategory(categoryId)
                }
            }
        }
        Flow {
            id: actions
            x: screen.wide ? screen.rightX : screen.theme.margin
            y: screen.packed ? searchBox.y : searchBox.y + searchBox.height + screen.theme.gap
                                             + (screen.wide ? 0 : grid.height + screen.spacing * 2 - screen.theme.gap)
            width: screen.wide ? screen.rightWidth : screen.leftWidth
            spacing: screen.theme.gap
            Item {  // the search box's cell when it sits among the errands
                visible: screen.packed
                width: screen.actionWidth
                height: searchBox.height
            }
            BigButton {
                objectName: "lookupButtonHome"
                theme: screen.theme
                iconName: "progress"
                text: qsTr("Check my application")
                width: screen.actionWidth
                onClicked: screen.lookup.openLookup()
            }
            BigButton {
                objectName: "queueButton"
                theme: screen.theme
                iconName: "queue"
                text: qsTr("Take a queue number")
                width: screen.actionWidth
                onClicked: screen.community.openQueue()
            }
            BigButton {
                objectName: "noticesButton"
                theme: screen.theme
                iconName: "notices"
                text: qsTr("Community notices")
                width: screen.actionWidth
                onClicked: screen.community.openNotices()
            }
            BigButton {
                objectName: "consultationButton"
                visible: screen.consultation !== null
                theme: screen.theme
                iconName: "person"
                text: qsTr("Community consultation")
                width: screen.actionWidth
                onClicked: screen.consultation.open()
            }
            BigButton {
                objectName: "highContrastButton"
                theme: screen.theme
                primary: screen.backend.highContrast
                text: qsTr("High contrast")
                width: screen.packed ? screen.actionWidth : parent.width
                onClicked: screen.backend.toggleHighContrast()
            }
        }
    }
}

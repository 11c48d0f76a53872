import QtQuick

// Signature on the touchscreen, kept as vector strokes (and a PNG) in the submission.
Column {
    id: sp
    required property Theme theme
    property var strokes: []
    signal changed(var value)
    width: parent ? parent.width : 0
    spacing: theme.gap / 2
    Rectangle {
        width: sp.width
        height: Math.max(sp.theme.target * 2.6, 300)
        radius: sp.theme.radius
        color: Theme.white
        border.color: sp.theme.primary
        border.width: 3
        Text {
            anchors.centerIn: parent
            visible: sp.strokes.length === 0
            text: qsTr("Sign here with your finger")
            font.pixelSize: sp.theme.body
            color: Theme.signatureHint
        }
        Canvas {
            id: canvas
            objectName: "signatureCanvas"
            anchors.fill: parent
            onPaint: {
                var ctx = getContext("2d")
                ctx.reset()
                ctx.lineWidth = 5
                ctx.lineCap = "round"
                ctx.strokeStyle = String(Theme.signatureInk)  // Canvas takes a CSS colour string
                for (var i = 0; i < sp.strokes.length; i++) {
                    var s = sp.strokes[i]
                    ctx.beginPath()
                    for (var j = 0; j < s.length; j++) {
                        if (j === 0) ctx.moveTo(s[j][0], s[j][1]); else ctx.lineTo(s[j][0], s[j][1])
                    }
                    ctx.stroke()
                }
            }
        }
        MouseArea {
            anchors.fill: parent
            property var current: []
            onPressed: (m) => { current = [[m.x, m.y]] }
            onPositionChanged: (m) => {
                current.push([m.x, m.y])
                var all = sp.strokes.slice(); all.push(current)
                sp.strokes = all; all.pop(); canvas.requestPaint()
                sp.strokes = all
            }
            onReleased: {
                if (current.length > 0) {
                    var all = sp.strokes.slice(); all.push(current)
                    sp.strokes = all
                    canvas.requestPaint()
                    var url = canvas.toDataURL("image/png")
                    var b64 = url.indexOf(",") >= 0 ? url.substring(url.indexOf(",") + 1) : ""
                    sp.changed({ paths: sp.strokes, png_b64: b64, width: canvas.width, height: canvas.height })
                }
                current = []
            }
        }
    }
    BigButton {
        theme: sp.theme
        primary: false
        text: qsTr("Clear and sign again")
        onClicked: { sp.strokes = []; canvas.requestPaint(); sp.changed({ paths: [] }) }
    }
}

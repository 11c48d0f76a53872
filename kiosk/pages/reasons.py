"""Why a photograph was refused: a code for technicians and logs, plain words for the resident.

The words say what to do next (zh_CN first, en_US). ``ok`` is the code of an accepted copy.
"""

from __future__ import annotations

OK = "ok"
NO_PAGE = "no_page"
BLURRED = "blurred"
GLARE = "glare"
CAMERA = "camera"  # the document camera gave no picture (a fault, unplugged)
TOO_LARGE = "too_large"  # the copy does not fit its size budget even at 150 dpi

REASONS: dict[str, dict[str, str]] = {
    OK: {"zh_CN": "拍得很清楚。", "en_US": "The copy is clear."},
    NO_PAGE: {"zh_CN": "没有找到材料。请把材料平放在拍摄区内，四个角都露出来，再拍一次。",
              "en_US": "We could not find the paper. Lay it flat inside the frame with all four corners "
                       "showing, then take it again."},
    BLURRED: {"zh_CN": "照片有些模糊。请把材料放平，拍摄时手和材料不要动，再拍一次。",
              "en_US": "The photo is blurred. Lay the paper flat, keep it and your hands still, "
                       "then take it again."},
    GLARE: {"zh_CN": "材料上有反光，看不清字。请把材料稍微挪动或去掉塑料封套，再拍一次。",
            "en_US": "There is a reflection on the paper that hides the text. Move the paper a little "
                     "or take it out of its plastic sleeve, then take it again."},
    CAMERA: {"zh_CN": "拍摄设备暂时不能使用。您可以再试一次，或者选择“我到窗口再交”，把材料交给窗口工作人员。",
             "en_US": "The camera is not working right now. Try again, or choose \"I will bring it to the counter\" "
                      "and hand the paper to staff."},
    TOO_LARGE: {"zh_CN": "这张照片太复杂，无法保存。请把材料放平，只拍一页，再拍一次。",
                "en_US": "This photo cannot be saved. Lay the paper flat with only one page showing, "
                         "then take it again."},
}


def retake_text(code: str, lang: str = "zh_CN") -> str:
    """The resident's words for ``code`` in ``lang`` (Chinese when the language is unknown)."""
    words = REASONS[code]
    return words.get(lang, words["zh_CN"])

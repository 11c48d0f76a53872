"""What voice guidance says on each resident screen: its one main instruction, in plain words."""

from __future__ import annotations

PROMPTS: dict[str, dict[str, str]] = {
    "home": {"zh_CN": "请选择要办理的业务，也可以搜索事项名称。", "en_US": "Choose a kind of service, or search by name."},
    "category": {"zh_CN": "请选择要办理的事项。", "en_US": "Choose the service you need."},
    "search": {"zh_CN": "请用屏幕键盘输入事项名称或拼音首字母。", "en_US": "Type the service name on the screen keyboard."},
    "guide": {"zh_CN": "这是办事指南。准备好后，请点击在这里申请。",
              "en_US": "This is the service guide. When you are ready, press Apply here."},
    "identify": {"zh_CN": "请将身份证平放在屏幕下方的读卡区。", "en_US": "Please lay your ID card flat on the reader below the screen."},
    "manual": {"zh_CN": "请输入姓名、身份证号码和手机号码。", "en_US": "Please enter your name, ID number and mobile number."},
    "form": {"zh_CN": "请填写本页内容，然后点击下一步。", "en_US": "Please fill in this page, then press Next."},
    # Next pressed with an answer missing or wrong: the page stays, the first such question comes into view
    "form_errors": {"zh_CN": "有的内容需要修改，已用红色标出。请改好后，再点击下一步。",
                    "en_US": "Some answers need changing. They are marked in red. Change them, then press Next."},
    "materials": {"zh_CN": "请把材料平放在拍摄区内，四个角都露出来，然后点击拍照。",
                  "en_US": "Lay the paper flat under the camera with all four corners showing, then press Take photo."},
    "review": {"zh_CN": "请核对您填写的内容，无误后点击确认提交。", "en_US": "Please check your answers, then press Submit."},
    "receipt": {"zh_CN": "申请已提交，请取走回执。", "en_US": "Your application has been submitted. Please take your receipt."},
    "take_card": {"zh_CN": "您的身份证还在读卡器上，请现在取走。", "en_US": "Your ID card is still on the reader. Please take it now."},
    "finish": {"zh_CN": "请带好您的身份证和回执，感谢使用。", "en_US": "Please take your ID card and your receipt. Thank you."},
    "lookup": {"zh_CN": "请输入回执上的受理编号，或刷身份证查询。",
               "en_US": "Enter the tracking number on your receipt, or use your ID card."},
    "lookup_result": {"zh_CN": "这是您的办理进度。", "en_US": "Here is the progress of your applications."},
    "notices": {"zh_CN": "这是社区公告，请点击标题查看。", "en_US": "These are the community notices. Touch one to read it."},
    "notice": {"zh_CN": "公告内容已显示在屏幕上。", "en_US": "The notice is shown on the screen."},
    "queue": {"zh_CN": "请选择要办理的业务类型取号。", "en_US": "Choose the kind of business to take a number."},
    "ticket": {"zh_CN": "请取走排队小票，留意叫号。", "en_US": "Please take your ticket and watch for your number."},
    "rating": {"zh_CN": "请为本次服务评价，也可以跳过。", "en_US": "Please rate this visit, or skip."},
    # the face check (issue 18): its screen, then what each outcome asks of the resident
    "face": {"zh_CN": "请正对摄像头，把脸放进框内，然后眨一下眼睛。",
             "en_US": "Please look at the camera, keep your face inside the outline, then blink once."},
    "face_retry": {"zh_CN": "没有核验成功。请正对摄像头，眨一下眼睛，再点击重试。",
                   "en_US": "That did not work. Look straight at the camera, blink once, and press Try again."},
    "face_staff": {"zh_CN": "已为您呼叫工作人员，请稍候。", "en_US": "A staff member has been called. Please wait here."},
    "face_refused": {"zh_CN": "此事项无法在本机办理，请到服务窗口办理。",
                     "en_US": "This service cannot be applied for at this terminal. Please go to the counter."},
    # consultation (issue 11): pages of the overlay over the home screen
    "consultation_list": {"zh_CN": "这是议事协商的议题，请点击议题查看、投票或提出意见。",
                          "en_US": "These are the consultation topics. Touch one to read it, vote or give your opinion."},
    "consultation_topic": {"zh_CN": "请阅读议题，选择您的投票，也可以写下意见。",
                           "en_US": "Read the topic, choose your vote, or write your opinion."},
    "consultation_identify": {"zh_CN": "投票需要确认身份，请将身份证平放在读卡区。",
                              "en_US": "To vote, please lay your ID card flat on the reader."},
    "consultation_done": {"zh_CN": "感谢您参与议事协商。", "en_US": "Thank you for taking part."},
}

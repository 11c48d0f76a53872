<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
  <context>
    <name>AttractScreen</name>
    <message>
      <location filename="../qml/AttractScreen.qml" line="53" />
      <source>Community self-service terminal</source>
      <translation>社区自助服务一体机</translation>
    </message>
    <message>
      <location filename="../qml/AttractScreen.qml" line="80" />
      <source>Community notices</source>
      <translation>社区公告</translation>
    </message>
    <message>
      <location filename="../qml/AttractScreen.qml" line="127" />
      <source>The software is being updated. Please come back in a few minutes.</source>
      <translation>正在更新软件，请几分钟后再来。</translation>
    </message>
    <message>
      <location filename="../qml/AttractScreen.qml" line="128" />
      <source>Touch the screen to start</source>
      <translation>轻触屏幕开始办理</translation>
    </message>
  </context>
  <context>
    <name>CategoryScreen</name>
    <message>
      <location filename="../qml/CategoryScreen.qml" line="15" />
      <source>Choose a service to see what you need and apply.</source>
      <translation>请选择事项，查看办理须知并申请。</translation>
    </message>
  </context>
  <context>
    <name>ConsultationDone</name>
    <message>
      <location filename="../qml/ConsultationDone.qml" line="19" />
      <source>Thank you for voting</source>
      <translation>感谢您的投票</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationDone.qml" line="17" />
      <source>Thank you for your opinion</source>
      <translation>感谢您提出意见</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationDone.qml" line="18" />
      <source>Your vote was not counted</source>
      <translation>您的投票未被计入</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationDone.qml" line="20" />
      <source>The neighbourhood committee reads every opinion and proposal.</source>
      <translation>居委会会认真阅读每一条意见和建议。</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationDone.qml" line="27" />
      <source>Your vote has been counted.</source>
      <translation>您的投票已计入。</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationDone.qml" line="28" />
      <source>The platform did not count this vote: you have already voted on this topic at another terminal.</source>
      <translation>平台未计入本次投票：您已在其他终端就该议题投过票。</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationDone.qml" line="29" />
      <source>The platform could not count this vote. Please ask the staff.</source>
      <translation>平台无法计入本次投票，请联系工作人员。</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationDone.qml" line="30" />
      <source>Your vote is recorded and will be counted when this terminal next reaches the platform.</source>
      <translation>您的投票已记录，将在本终端连接平台后计入。</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationDone.qml" line="36" />
      <source>Back to topics</source>
      <translation>返回议题列表</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationDone.qml" line="44" />
      <source>Back to services</source>
      <translation>返回服务</translation>
    </message>
  </context>
  <context>
    <name>ConsultationIdentify</name>
    <message>
      <location filename="../qml/ConsultationIdentify.qml" line="16" />
      <source>Place your ID card on the reader</source>
      <translation>请将身份证放在读卡区</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationIdentify.qml" line="17" />
      <source>Each person may vote once per topic. Your ID number is sent sealed and is only used to count one vote per person.</source>
      <translation>每个议题每人限投一票。您的身份证号加密传送，仅用于确认一人一票。</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationIdentify.qml" line="25" />
      <source>The card could not be read. Please place it flat on the reader again, or ask the staff.</source>
      <translation>未能读取证件，请将证件平放在读卡区重试，或联系工作人员。</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationIdentify.qml" line="32" />
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
  </context>
  <context>
    <name>ConsultationList</name>
    <message>
      <location filename="../qml/ConsultationList.qml" line="22" />
      <source>Community consultation</source>
      <translation>议事协商</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationList.qml" line="23" />
      <source>Topics the neighbourhood committee asks residents about. Tap one to read it, vote or give your opinion.</source>
      <translation>居委会向居民征求意见的议题。点击议题查看详情、投票或提出意见。</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationList.qml" line="30" />
      <source>There are no topics at the moment.</source>
      <translation>目前没有议题。</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationList.qml" line="43" />
      <source>Open until %1</source>
      <translation>征集至 %1</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationList.qml" line="43" />
      <source>Open</source>
      <translation>征集中</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationList.qml" line="44" />
      <source>Closed: see the results</source>
      <translation>已结束，查看结果</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationList.qml" line="54" />
      <source>Back to services</source>
      <translation>返回服务</translation>
    </message>
  </context>
  <context>
    <name>ConsultationScreen</name>
    <message>
      <location filename="../qml/ConsultationScreen.qml" line="18" />
      <source>This terminal is not connected to the platform yet, so votes cannot be taken here. Please ask the staff.</source>
      <translation>本终端尚未接入平台，暂不能在此投票。请联系工作人员。</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationScreen.qml" line="19" />
      <source>You have already voted on this topic. Each person votes once.</source>
      <translation>您已就该议题投过票，每人限投一次。</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationScreen.qml" line="20" />
      <source>This topic is closed.</source>
      <translation>该议题已结束。</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationScreen.qml" line="21" />
      <source>Please write your opinion first.</source>
      <translation>请先填写您的意见。</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationScreen.qml" line="22" />
      <source>Your opinion is too long; please shorten it.</source>
      <translation>您的意见过长，请精简后再提交。</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationScreen.qml" line="23" />
      <source>Please remove the ID number from your opinion: it is sent as written and read by the staff.</source>
      <translation>请删除意见中的身份证号码：意见会按原文发送，由工作人员阅读。</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationScreen.qml" line="24" />
      <source>Please identify with your ID card first.</source>
      <translation>请先刷身份证。</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationScreen.qml" line="27" />
      <source>Something went wrong. Please try again or ask the staff.</source>
      <translation>出现问题，请重试或联系工作人员。</translation>
    </message>
  </context>
  <context>
    <name>ConsultationTopic</name>
    <message>
      <location filename="../qml/ConsultationTopic.qml" line="29" />
      <source>Open until %1</source>
      <translation>征集至 %1</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationTopic.qml" line="30" />
      <source>This topic is closed.</source>
      <translation>该议题已结束。</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationTopic.qml" line="52" />
      <source>You have voted on this topic.</source>
      <translation>您已就该议题投票。</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationTopic.qml" line="53" />
      <source>Your vote (one per person; you will be asked for your ID card):</source>
      <translation>请投票（每人一票，需刷身份证）：</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationTopic.qml" line="76" />
      <source>The results have not reached this terminal yet.</source>
      <translation>结果尚未同步到本终端。</translation>
    </message>
    <message numerus="yes">
      <location filename="../qml/ConsultationTopic.qml" line="86" />
      <source>Results: %n vote(s)</source>
      <translation>
        <numerusform>投票结果：共 %n 票</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../qml/ConsultationTopic.qml" line="106" />
      <source>%n vote(s)</source>
      <translation>
        <numerusform>%n 票</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../qml/ConsultationTopic.qml" line="113" />
      <source>%n opinion(s) and proposal(s) received</source>
      <translation>
        <numerusform>共收到 %n 条意见和建议</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../qml/ConsultationTopic.qml" line="123" />
      <source>Your opinion or proposal (optional):</source>
      <translation>您的意见或建议（选填）：</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationTopic.qml" line="136" />
      <source>Opinion</source>
      <translation>意见</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationTopic.qml" line="144" />
      <source>Proposal</source>
      <translation>建议</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationTopic.qml" line="164" />
      <source>Type here (pinyin keyboard)</source>
      <translation>请在此输入（拼音键盘）</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationTopic.qml" line="177" />
      <source>Send my opinion</source>
      <translation>提交意见</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationTopic.qml" line="185" />
      <source>Back to topics</source>
      <translation>返回议题列表</translation>
    </message>
  </context>
  <context>
    <name>DatePicker</name>
    <message>
      <location filename="../qml/DatePicker.qml" line="91" />
      <source>Year</source>
      <translation>年</translation>
    </message>
    <message>
      <location filename="../qml/DatePicker.qml" line="92" />
      <source>Month</source>
      <translation>月</translation>
    </message>
    <message>
      <location filename="../qml/DatePicker.qml" line="93" />
      <source>Day</source>
      <translation>日</translation>
    </message>
    <message>
      <location filename="../qml/DatePicker.qml" line="100" />
      <source>Use this date</source>
      <translation>使用这个日期</translation>
    </message>
    <message>
      <location filename="../qml/DatePicker.qml" line="100" />
      <source>✓ Date chosen</source>
      <translation>✓ 已选定日期</translation>
    </message>
  </context>
  <context>
    <name>FaceCheckScreen</name>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="21" />
      <source>We did not see you blink. Keep your face in the outline and blink once, slowly.</source>
      <translation>没有检测到眨眼。请把脸放进框内，慢慢眨一下眼睛。</translation>
    </message>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="22" />
      <source>We could not see your face. Stand in front of the screen with your face inside the outline.</source>
      <translation>没有看到您的脸。请站在屏幕正前方，把脸放进框内。</translation>
    </message>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="23" />
      <source>Your face did not match the photo on the card. Take off a hat or sunglasses, face the light and try again.</source>
      <translation>面容与身份证照片不一致。请摘下帽子或墨镜，面向光线再试一次。</translation>
    </message>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="26" />
      <source>Without your ID card on the reader we cannot check that it is you, so a staff member will check your identity.</source>
      <translation>没有在读卡器上放置身份证，无法核验本人，将由工作人员为您核验身份。</translation>
    </message>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="27" />
      <source>The photo on your card cannot be read here, so a staff member will check that the card is yours.</source>
      <translation>本机无法读取您身份证上的照片，将由工作人员为您核验身份。</translation>
    </message>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="28" />
      <source>The camera is not working right now. A staff member will check that the card is yours.</source>
      <translation>摄像头暂时无法使用，将由工作人员为您核验身份。</translation>
    </message>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="29" />
      <source>We could not confirm that the card is yours. A staff member has been called and will help you.</source>
      <translation>未能确认身份证是您本人的。已为您呼叫工作人员，请稍候。</translation>
    </message>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="38" />
      <source>Check that the card is yours</source>
      <translation>核验本人身份</translation>
    </message>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="39" />
      <source>We compare your face with the photo on your ID card, here on this terminal. No picture is kept.</source>
      <translation>我们在本机上将您的面容与身份证照片比对，不保存任何照片。</translation>
    </message>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="74" />
      <source>Getting the camera ready…</source>
      <translation>正在准备摄像头…</translation>
    </message>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="85" />
      <source>Look at the camera, keep your face inside the outline, then blink once.</source>
      <translation>请正对摄像头，把脸放进框内，然后眨一下眼睛。</translation>
    </message>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="86" />
      <source>Attempts left: %1</source>
      <translation>还可以尝试 %1 次</translation>
    </message>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="89" />
      <source>This service needs your ID card on the reader, to check that it is you. Please place your card, or go to the counter.</source>
      <translation>此事项需要将身份证放在读卡器上核验本人。请放置身份证，或到服务窗口办理。</translation>
    </message>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="90" />
      <source>The photo on your card cannot be read here, so this service cannot be applied for at this terminal. Please go to the counter with your ID card.</source>
      <translation>本机无法读取您身份证上的照片，此事项无法在本机办理。请携带身份证到服务窗口办理。</translation>
    </message>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="91" />
      <source>Thank you. One moment…</source>
      <translation>谢谢，请稍候…</translation>
    </message>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="97" />
      <source>Staff have been told. Please wait here.</source>
      <translation>已通知工作人员，请在此稍候。</translation>
    </message>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="117" />
      <source>Staff: enter your PIN to confirm that you checked the person against the card.</source>
      <translation>工作人员：请输入 PIN 码，确认您已人工核验本人与证件一致。</translation>
    </message>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="118" />
      <source>Staff: check the person against the card, then place your staff card on the staff card reader.</source>
      <translation>工作人员：请人工核验本人与证件是否一致，然后将工作卡放在工作卡读卡器上。</translation>
    </message>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="128" />
      <source>Wrong PIN. %1 more tries before a lock.</source>
      <translation>PIN 码错误。再错 %1 次将被锁定。</translation>
    </message>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="129" />
      <source>Too many wrong PINs: locked for now.</source>
      <translation>PIN 码错误次数过多，暂时锁定。</translation>
    </message>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="130" />
      <source>Staff card not recognised.</source>
      <translation>无法识别此工作卡。</translation>
    </message>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="152" />
      <source>Confirm</source>
      <translation>确认</translation>
    </message>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="174" />
      <source>Try again</source>
      <translation>重试</translation>
    </message>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="184" />
      <source>Back to the start</source>
      <translation>返回首页</translation>
    </message>
  </context>
  <context>
    <name>FieldEditor</name>
    <message>
      <location filename="../qml/FieldEditor.qml" line="40" />
      <location filename="../qml/FieldEditor.qml" line="85" />
      <source> (optional)</source>
      <translation>（选填）</translation>
    </message>
    <message>
      <location filename="../qml/FieldEditor.qml" line="154" />
      <source>Yes</source>
      <translation>是</translation>
    </message>
    <message>
      <location filename="../qml/FieldEditor.qml" line="154" />
      <source>No</source>
      <translation>否</translation>
    </message>
    <message>
      <location filename="../qml/FieldEditor.qml" line="190" />
      <source>I have read this and agree</source>
      <translation>我已阅读并同意</translation>
    </message>
    <message>
      <location filename="../qml/FieldEditor.qml" line="224" />
      <source>Type to find your choice</source>
      <translation>输入文字查找选项</translation>
    </message>
    <message>
      <location filename="../qml/FieldEditor.qml" line="265" />
      <source>I live somewhere else</source>
      <translation>我住在其他地址</translation>
    </message>
    <message>
      <location filename="../qml/FieldEditor.qml" line="291" />
      <source>Building, unit and room</source>
      <translation>楼号、单元和门牌号</translation>
    </message>
  </context>
  <context>
    <name>FinishScreen</name>
    <message>
      <location filename="../qml/FinishScreen.qml" line="25" />
      <source>Your ID card is still on the reader. Please take it now.</source>
      <translation>您的身份证还在读卡器上，请现在取走。</translation>
    </message>
    <message>
      <location filename="../qml/FinishScreen.qml" line="26" />
      <source>Please take your ID card and your receipt</source>
      <translation>请带好您的身份证和回执</translation>
    </message>
    <message>
      <location filename="../qml/FinishScreen.qml" line="35" />
      <source>Your information has been cleared from this screen. Thank you.</source>
      <translation>您的信息已从本机清除，感谢使用。</translation>
    </message>
  </context>
  <context>
    <name>FormScreen</name>
    <message>
      <location filename="../qml/FormScreen.qml" line="30" />
      <source>Step %1 of %2</source>
      <translation>第 %1 步，共 %2 步</translation>
    </message>
    <message>
      <location filename="../qml/FormScreen.qml" line="93" />
      <source>Previous</source>
      <translation>上一步</translation>
    </message>
    <message>
      <location filename="../qml/FormScreen.qml" line="101" />
      <source>Check my answers</source>
      <translation>检查填写内容</translation>
    </message>
    <message>
      <location filename="../qml/FormScreen.qml" line="101" />
      <source>Next</source>
      <translation>下一步</translation>
    </message>
  </context>
  <context>
    <name>GuideScreen</name>
    <message>
      <location filename="../qml/GuideScreen.qml" line="28" />
      <source>The receipt printer is not working right now. You can still apply: your receipt will be shown on the screen with a QR code to photograph.</source>
      <translation>回执打印机暂时不能使用。您仍可申请，回执将显示在屏幕上，可拍下二维码保存。</translation>
    </message>
    <message>
      <location filename="../qml/GuideScreen.qml" line="30" />
      <source>Who can apply</source>
      <translation>申请条件</translation>
    </message>
    <message>
      <location filename="../qml/GuideScreen.qml" line="31" />
      <source>What to bring</source>
      <translation>需要携带的材料</translation>
    </message>
    <message>
      <location filename="../qml/GuideScreen.qml" line="32" />
      <source>Where</source>
      <translation>办理地点</translation>
    </message>
    <message>
      <location filename="../qml/GuideScreen.qml" line="33" />
      <source>Opening hours</source>
      <translation>办理时间</translation>
    </message>
    <message>
      <location filename="../qml/GuideScreen.qml" line="34" />
      <source>How long it takes</source>
      <translation>办理时限</translation>
    </message>
    <message>
      <location filename="../qml/GuideScreen.qml" line="35" />
      <source>Fee</source>
      <translation>收费标准</translation>
    </message>
    <message>
      <location filename="../qml/GuideScreen.qml" line="36" />
      <source>Legal basis</source>
      <translation>办理依据</translation>
    </message>
    <message>
      <location filename="../qml/GuideScreen.qml" line="52" />
      <source>Print this guide</source>
      <translation>打印办事指南</translation>
    </message>
    <message>
      <location filename="../qml/GuideScreen.qml" line="60" />
      <source>Apply here</source>
      <translation>在这里申请</translation>
    </message>
  </context>
  <context>
    <name>HomeScreen</name>
    <message>
      <location filename="../qml/HomeScreen.qml" line="48" />
      <source>What would you like to do?</source>
      <translation>您要办理什么业务？</translation>
    </message>
    <message>
      <location filename="../qml/HomeScreen.qml" line="49" />
      <source>Choose a kind of service, or search by name.</source>
      <translation>请选择服务类别，或按名称搜索。</translation>
    </message>
    <message>
      <location filename="../qml/HomeScreen.qml" line="73" />
      <source>Search services (Chinese, pinyin or initials, e.g. jzzm)</source>
      <translation>搜索事项（汉字、拼音或首字母，如 jzzm）</translation>
    </message>
    <message>
      <location filename="../qml/HomeScreen.qml" line="73" />
      <source>Search services</source>
      <translation>搜索服务事项</translation>
    </message>
    <message numerus="yes">
      <location filename="../qml/HomeScreen.qml" line="106" />
      <source>%n service(s)</source>
      <translation>
        <numerusform>%n 项服务</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../qml/HomeScreen.qml" line="128" />
      <source>Check my application</source>
      <translation>核对申请内容</translation>
    </message>
    <message>
      <location filename="../qml/HomeScreen.qml" line="136" />
      <source>Take a queue number</source>
      <translation>取号排队</translation>
    </message>
    <message>
      <location filename="../qml/HomeScreen.qml" line="161" />
      <source>High contrast</source>
      <translation>高对比度</translation>
    </message>
    <message>
      <location filename="../qml/HomeScreen.qml" line="144" />
      <source>Community notices</source>
      <translation>社区公告</translation>
    </message>
    <message>
      <location filename="../qml/HomeScreen.qml" line="153" />
      <source>Community consultation</source>
      <translation>议事协商</translation>
    </message>
  </context>
  <context>
    <name>IdentifyScreen</name>
    <message>
      <location filename="../qml/IdentifyScreen.qml" line="24" />
      <source>The card reader is not working</source>
      <translation>读卡器现在不能使用</translation>
    </message>
    <message>
      <location filename="../qml/IdentifyScreen.qml" line="25" />
      <source>Check progress with your ID card</source>
      <translation>刷身份证查询进度</translation>
    </message>
    <message>
      <location filename="../qml/IdentifyScreen.qml" line="26" />
      <source>Please place your ID card on the reader</source>
      <translation>请将身份证放在读卡区</translation>
    </message>
    <message>
      <location filename="../qml/IdentifyScreen.qml" line="27" />
      <source>This is a fault of the machine, not of your card.</source>
      <translation>这是机器的故障，不是您的证件有问题。</translation>
    </message>
    <message>
      <location filename="../qml/IdentifyScreen.qml" line="28" />
      <source>The reader is below the screen, marked with the card symbol. Leave the card flat until you hear the beep.</source>
      <translation>读卡区在屏幕下方，有身份证图标。请把证件平放，听到“嘀”声后再拿开。</translation>
    </message>
    <message>
      <location filename="../qml/IdentifyScreen.qml" line="50" />
      <source>Reader</source>
      <translation>读卡区</translation>
    </message>
    <message>
      <location filename="../qml/IdentifyScreen.qml" line="81" />
      <source>Card read. One moment…</source>
      <translation>已读取证件，请稍候…</translation>
    </message>
    <message>
      <location filename="../qml/IdentifyScreen.qml" line="82" />
      <source>We could not read the card. Lay it flat on the reader and keep it still.</source>
      <translation>没有读到证件，请把身份证平放在读卡区，不要移动。</translation>
    </message>
    <message>
      <location filename="../qml/IdentifyScreen.qml" line="83" />
      <source>This ID card has expired. Please go to the counter to renew it.</source>
      <translation>这张身份证已过有效期。请到窗口办理。</translation>
    </message>
    <message>
      <location filename="../qml/IdentifyScreen.qml" line="84" />
      <source>This ID card has expired. Please go to the counter to renew it, or enter your details by hand.</source>
      <translation>这张身份证已过有效期。请到窗口办理，或手动输入信息。</translation>
    </message>
    <message>
      <location filename="../qml/IdentifyScreen.qml" line="107" />
      <source>This service checks your face against the photo on your ID card, so it needs the card itself.</source>
      <translation>办理这项业务要把您本人和身份证上的照片进行核对，所以需要身份证原件。</translation>
    </message>
    <message>
      <location filename="../qml/IdentifyScreen.qml" line="148" />
      <source>Enter your ID number by hand</source>
      <translation>手动输入身份证号码</translation>
    </message>
    <message>
      <location filename="../qml/IdentifyScreen.qml" line="87" />
      <source>Your card was taken off the reader, so your details were cleared. Place it again to continue.</source>
      <translation>身份证已离开读卡器，您的信息已清除。请重新放上身份证继续办理。</translation>
    </message>
    <message>
      <location filename="../qml/IdentifyScreen.qml" line="85" />
      <source>Enter your ID number by hand, or ask staff for help. This screen asks for your card again once the reader works.</source>
      <translation>您可以改为手动输入身份证号码，也可以请工作人员帮忙。读卡器恢复后，本页面会自动请您放卡。</translation>
    </message>
    <message>
      <location filename="../qml/IdentifyScreen.qml" line="86" />
      <source>This service needs your ID card. Please ask staff for help, or come back later. This screen asks for your card again once the reader works.</source>
      <translation>办理这项业务需要您的身份证。请工作人员帮忙，或稍后再来。读卡器恢复后，本页面会自动请您放卡。</translation>
    </message>
    <message>
      <location filename="../qml/IdentifyScreen.qml" line="88" />
      <source>A different card is on the reader. The details of the previous card were cleared.</source>
      <translation>读卡器上换了一张证件，上一张证件的信息已清除。</translation>
    </message>
    <message>
      <location filename="../qml/IdentifyScreen.qml" line="89" />
      <source>A card is still on the reader. Please take it, then place your own card.</source>
      <translation>读卡器上还有一张证件，请先取走，再放上您自己的证件。</translation>
    </message>
    <message>
      <location filename="../qml/IdentifyScreen.qml" line="96" />
      <source>Waiting for your card…</source>
      <translation>正在等待读取证件…</translation>
    </message>
    <message>
      <location filename="../qml/IdentifyScreen.qml" line="128" />
      <source>Continue with this card</source>
      <translation>用这张证件继续</translation>
    </message>
    <message>
      <location filename="../qml/IdentifyScreen.qml" line="137" />
      <source>Staff called</source>
      <translation>已呼叫工作人员</translation>
    </message>
    <message>
      <location filename="../qml/IdentifyScreen.qml" line="137" />
      <source>Ask staff for help</source>
      <translation>请工作人员帮忙</translation>
    </message>
    <message>
      <location filename="../qml/IdentifyScreen.qml" line="148" />
      <source>No card? Enter your details by hand</source>
      <translation>没有带身份证？手动输入</translation>
    </message>
  </context>
  <context>
    <name>IdleOverlay</name>
    <message>
      <location filename="../qml/IdleOverlay.qml" line="24" />
      <source>Are you still there?</source>
      <translation>您还在吗？</translation>
    </message>
    <message>
      <location filename="../qml/IdleOverlay.qml" line="32" />
      <source>In %1 seconds this screen will clear what you entered and return to the start.</source>
      <translation>%1 秒后将清除您填写的信息并返回首页。</translation>
    </message>
    <message>
      <location filename="../qml/IdleOverlay.qml" line="42" />
      <source>I need more time</source>
      <translation>继续办理</translation>
    </message>
  </context>
  <context>
    <name>Keypad</name>
    <message>
      <location filename="../qml/Keypad.qml" line="91" />
      <location filename="../qml/Keypad.qml" line="103" />
      <source>Clear</source>
      <translation>清除</translation>
    </message>
    <message>
      <location filename="../qml/Keypad.qml" line="92" />
      <source>Delete</source>
      <translation>删除</translation>
    </message>
    <message>
      <location filename="../qml/Keypad.qml" line="92" />
      <location filename="../qml/Keypad.qml" line="118" />
      <source>Minus</source>
      <translation>负号</translation>
    </message>
  </context>
  <context>
    <name>LookupResultScreen</name>
    <message>
      <location filename="../qml/LookupResultScreen.qml" line="12" />
      <source>Submitted; on its way to the office</source>
      <translation>已提交，正在送往受理部门</translation>
    </message>
    <message>
      <location filename="../qml/LookupResultScreen.qml" line="13" />
      <source>Received by the office</source>
      <translation>已接收</translation>
    </message>
    <message>
      <location filename="../qml/LookupResultScreen.qml" line="14" />
      <source>Accepted; being processed</source>
      <translation>已受理，正在办理</translation>
    </message>
    <message>
      <location filename="../qml/LookupResultScreen.qml" line="15" />
      <source>More information needed: please come to the counter</source>
      <translation>需要补充材料，请到窗口办理</translation>
    </message>
    <message>
      <location filename="../qml/LookupResultScreen.qml" line="16" />
      <source>Some of your papers need a new photo: please bring them to the counter</source>
      <translation>有材料需要重新拍照，请带上材料到窗口办理</translation>
    </message>
    <message>
      <location filename="../qml/LookupResultScreen.qml" line="17" />
      <source>Approved</source>
      <translation>已通过</translation>
    </message>
    <message>
      <location filename="../qml/LookupResultScreen.qml" line="18" />
      <source>Not approved: please ask at the counter why</source>
      <translation>未通过，请到窗口咨询原因</translation>
    </message>
    <message>
      <location filename="../qml/LookupResultScreen.qml" line="19" />
      <source>Ready: please collect it at the counter</source>
      <translation>已办结，请到窗口领取</translation>
    </message>
    <message>
      <location filename="../qml/LookupResultScreen.qml" line="29" />
      <source>Progress of your applications</source>
      <translation>您的办理进度</translation>
    </message>
    <message>
      <location filename="../qml/LookupResultScreen.qml" line="38" />
      <source>We found no application for this. If you applied recently at another place, ask staff at the counter.</source>
      <translation>没有查到相关申请。如果您是在其他地方申请的，请咨询窗口工作人员。</translation>
    </message>
    <message>
      <location filename="../qml/LookupResultScreen.qml" line="48" />
      <source>Your certificate is printing on the A4 printer. Please take it from the tray.</source>
      <translation>证明正在打印，请从打印机出纸口取走。</translation>
    </message>
    <message>
      <location filename="../qml/LookupResultScreen.qml" line="49" />
      <source>The document printer is not available right now. Please collect the certificate at the counter.</source>
      <translation>文档打印机暂时不能使用，请到窗口领取证明。</translation>
    </message>
    <message>
      <location filename="../qml/LookupResultScreen.qml" line="50" />
      <source>The certificate could not be printed. Please collect it at the counter.</source>
      <translation>证明未能打印，请到窗口领取。</translation>
    </message>
    <message>
      <location filename="../qml/LookupResultScreen.qml" line="77" />
      <source>Tracking number</source>
      <translation>受理编号</translation>
    </message>
    <message>
      <location filename="../qml/LookupResultScreen.qml" line="79" />
      <source>Last update</source>
      <translation>最近更新</translation>
    </message>
    <message>
      <location filename="../qml/LookupResultScreen.qml" line="85" />
      <source>Print my certificate</source>
      <translation>打印我的证明</translation>
    </message>
    <message>
      <location filename="../qml/LookupResultScreen.qml" line="85" />
      <source>Use your ID card to print the certificate</source>
      <translation>刷身份证后可打印证明</translation>
    </message>
  </context>
  <context>
    <name>LookupScreen</name>
    <message>
      <location filename="../qml/LookupScreen.qml" line="16" />
      <source>Check my application</source>
      <translation>核对申请内容</translation>
    </message>
    <message>
      <location filename="../qml/LookupScreen.qml" line="17" />
      <source>Enter the tracking number on your receipt, scan its QR code at the scanner, or use your ID card.</source>
      <translation>请输入回执上的受理编号，或在扫码口扫描回执二维码，也可以刷身份证查询。</translation>
    </message>
    <message>
      <location filename="../qml/LookupScreen.qml" line="24" />
      <source>Tracking number (15 digits)</source>
      <translation>受理编号（15 位数字）</translation>
    </message>
    <message>
      <location filename="../qml/LookupScreen.qml" line="25" />
      <source>This number is not right. Please check the digits on your receipt.</source>
      <translation>编号不正确，请核对回执上的数字。</translation>
    </message>
    <message>
      <location filename="../qml/LookupScreen.qml" line="33" />
      <source>Check</source>
      <translation>查询</translation>
    </message>
    <message>
      <location filename="../qml/LookupScreen.qml" line="36" />
      <source>or</source>
      <translation>或者</translation>
    </message>
    <message>
      <location filename="../qml/LookupScreen.qml" line="43" />
      <source>Use my ID card</source>
      <translation>刷身份证查询</translation>
    </message>
  </context>
  <context>
    <name>Main</name>
    <message>
      <location filename="../qml/Main.qml" line="94" />
      <source>Staff called</source>
      <translation>已呼叫工作人员</translation>
    </message>
    <message>
      <location filename="../qml/Main.qml" line="94" />
      <source>Call staff</source>
      <translation>呼叫工作人员</translation>
    </message>
    <message>
      <location filename="../qml/Main.qml" line="118" />
      <source>Read aloud</source>
      <translation>语音朗读</translation>
    </message>
    <message>
      <location filename="../qml/Main.qml" line="118" />
      <source>Read aloud unavailable</source>
      <translation>语音朗读不可用</translation>
    </message>
    <message>
      <location filename="../qml/Main.qml" line="132" />
      <source>Clearing in %1 s</source>
      <translation>%1 秒后清除</translation>
    </message>
    <message>
      <location filename="../qml/Main.qml" line="154" />
      <source>End / change card</source>
      <translation>结束/换卡</translation>
    </message>
    <message>
      <location filename="../qml/Main.qml" line="282" />
      <source>Working on it, please wait…</source>
      <translation>正在处理，请稍候…</translation>
    </message>
  </context>
  <context>
    <name>ManualEntryScreen</name>
    <message>
      <location filename="../qml/ManualEntryScreen.qml" line="12" />
      <source>Please fill this in.</source>
      <translation>请填写此项。</translation>
    </message>
    <message>
      <location filename="../qml/ManualEntryScreen.qml" line="13" />
      <source>This is too long. Please check it.</source>
      <translation>内容太长，请核对。</translation>
    </message>
    <message>
      <location filename="../qml/ManualEntryScreen.qml" line="14" />
      <source>An ID number has 18 characters. Please check it.</source>
      <translation>身份证号码应为 18 位，请核对。</translation>
    </message>
    <message>
      <location filename="../qml/ManualEntryScreen.qml" line="15" />
      <source>Use digits only; the last character may be X.</source>
      <translation>只能输入数字，最后一位可以是 X。</translation>
    </message>
    <message>
      <location filename="../qml/ManualEntryScreen.qml" line="16" />
      <source>The birth date inside this number is not a real date. Please check it.</source>
      <translation>号码中的出生日期不正确，请核对。</translation>
    </message>
    <message>
      <location filename="../qml/ManualEntryScreen.qml" line="17" />
      <source>This ID number is not valid. Please check each digit.</source>
      <translation>身份证号码不正确，请逐位核对。</translation>
    </message>
    <message>
      <location filename="../qml/ManualEntryScreen.qml" line="18" />
      <source>A 2017 permanent resident card number has 3 letters and 12 digits; a travel permit H or M and 8 digits.</source>
      <translation>外国人永久居留身份证号码为3个字母加12位数字，往来内地通行证为H或M加8位数字。</translation>
    </message>
    <message>
      <location filename="../qml/ManualEntryScreen.qml" line="19" />
      <source>Enter an 11-digit mobile number starting with 1.</source>
      <translation>请输入以 1 开头的 11 位手机号码。</translation>
    </message>
    <message>
      <location filename="../qml/ManualEntryScreen.qml" line="36" />
      <source>Enter your details</source>
      <translation>请填写您的信息</translation>
    </message>
    <message>
      <location filename="../qml/ManualEntryScreen.qml" line="37" />
      <source>Use the keyboard on the screen. Your ID number is only used for this application.</source>
      <translation>请使用屏幕上的键盘输入。您的身份证号码仅用于本次申请。</translation>
    </message>
    <message>
      <location filename="../qml/ManualEntryScreen.qml" line="43" />
      <source>Full name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <location filename="../qml/ManualEntryScreen.qml" line="53" />
      <source>ID card number</source>
      <translation>身份证号码</translation>
    </message>
    <message>
      <location filename="../qml/ManualEntryScreen.qml" line="54" />
      <source>18 characters; the last may be X</source>
      <translation>共 18 位，最后一位可能是 X</translation>
    </message>
    <message>
      <location filename="../qml/ManualEntryScreen.qml" line="64" />
      <source>Mobile phone</source>
      <translation>手机号码</translation>
    </message>
    <message>
      <location filename="../qml/ManualEntryScreen.qml" line="65" />
      <source>We send progress updates to this number</source>
      <translation>办理进度将发送到这个号码</translation>
    </message>
    <message>
      <location filename="../qml/ManualEntryScreen.qml" line="78" />
      <source>Next</source>
      <translation>下一步</translation>
    </message>
  </context>
  <context>
    <name>MaterialsScreen</name>
    <message>
      <location filename="../qml/MaterialsScreen.qml" line="21" />
      <source>Photograph your papers (%1 of %2)</source>
      <translation>拍摄申请材料（第 %1 项，共 %2 项）</translation>
    </message>
    <message>
      <location filename="../qml/MaterialsScreen.qml" line="22" />
      <source>Required</source>
      <translation>必须提供</translation>
    </message>
    <message>
      <location filename="../qml/MaterialsScreen.qml" line="22" />
      <source>Optional, if you have it</source>
      <translation>选交，有就拍</translation>
    </message>
    <message>
      <location filename="../qml/MaterialsScreen.qml" line="71" />
      <source>The camera is not available.</source>
      <translation>拍摄设备暂时不能使用。</translation>
    </message>
    <message>
      <location filename="../qml/MaterialsScreen.qml" line="100" />
      <source>Lay the paper flat under the camera with all four corners showing, then press "Take photo". One photo for each page.</source>
      <translation>把材料平放在拍摄区内，四个角都露出来，然后点“拍照”。每一页拍一张。</translation>
    </message>
    <message>
      <location filename="../qml/MaterialsScreen.qml" line="111" />
      <source>Take page %1 again</source>
      <translation>重拍第 %1 页</translation>
    </message>
    <message>
      <location filename="../qml/MaterialsScreen.qml" line="112" />
      <source>Take photo of the next page</source>
      <translation>拍下一页</translation>
    </message>
    <message>
      <location filename="../qml/MaterialsScreen.qml" line="112" />
      <source>Take photo</source>
      <translation>拍照</translation>
    </message>
    <message>
      <location filename="../qml/MaterialsScreen.qml" line="149" />
      <source>Page %1</source>
      <translation>第 %1 页</translation>
    </message>
    <message>
      <location filename="../qml/MaterialsScreen.qml" line="172" />
      <source>Retake</source>
      <translation>重拍</translation>
    </message>
    <message>
      <location filename="../qml/MaterialsScreen.qml" line="181" />
      <source>Delete</source>
      <translation>删除</translation>
    </message>
    <message>
      <location filename="../qml/MaterialsScreen.qml" line="203" />
      <source>I will bring it to the counter</source>
      <translation>我到窗口再交</translation>
    </message>
    <message>
      <location filename="../qml/MaterialsScreen.qml" line="212" />
      <source>Check my application</source>
      <translation>核对申请内容</translation>
    </message>
    <message>
      <location filename="../qml/MaterialsScreen.qml" line="212" />
      <source>Next paper</source>
      <translation>下一项材料</translation>
    </message>
    <message>
      <location filename="../qml/MaterialsScreen.qml" line="213" />
      <source>Skip, I do not have it</source>
      <translation>跳过，我没有</translation>
    </message>
  </context>
  <context>
    <name>NavBar</name>
    <message>
      <location filename="../qml/NavBar.qml" line="23" />
      <source>Back</source>
      <translation>返回</translation>
    </message>
    <message>
      <location filename="../qml/NavBar.qml" line="34" />
      <source>Home</source>
      <translation>首页</translation>
    </message>
    <message>
      <location filename="../qml/NavBar.qml" line="44" />
      <source>Large text</source>
      <translation>大字模式</translation>
    </message>
  </context>
  <context>
    <name>NoticeScreen</name>
    <message>
      <location filename="../qml/NoticeScreen.qml" line="40" />
      <source>The notice is printing on the A4 printer.</source>
      <translation>公告正在打印，请到打印机取走。</translation>
    </message>
    <message>
      <location filename="../qml/NoticeScreen.qml" line="41" />
      <source>The notice could not be printed here. Please read it on the board at the centre or ask staff.</source>
      <translation>本机暂时无法打印公告，请到中心公示栏查看或咨询工作人员。</translation>
    </message>
    <message>
      <location filename="../qml/NoticeScreen.qml" line="49" />
      <source>Print this notice</source>
      <translation>打印这份公告</translation>
    </message>
  </context>
  <context>
    <name>NoticesScreen</name>
    <message>
      <location filename="../qml/NoticesScreen.qml" line="12" />
      <source>Party affairs</source>
      <translation>党务公开</translation>
    </message>
    <message>
      <location filename="../qml/NoticesScreen.qml" line="13" />
      <source>Community finances</source>
      <translation>财务公开</translation>
    </message>
    <message>
      <location filename="../qml/NoticesScreen.qml" line="14" />
      <source>Policies</source>
      <translation>政策宣传</translation>
    </message>
    <message>
      <location filename="../qml/NoticesScreen.qml" line="15" />
      <source>Activities</source>
      <translation>社区活动</translation>
    </message>
    <message>
      <location filename="../qml/NoticesScreen.qml" line="25" />
      <source>Community notices</source>
      <translation>社区公告</translation>
    </message>
  </context>
  <context>
    <name>QueueScreen</name>
    <message>
      <location filename="../qml/QueueScreen.qml" line="18" />
      <source>Take a queue number</source>
      <translation>取号排队</translation>
    </message>
    <message>
      <location filename="../qml/QueueScreen.qml" line="19" />
      <source>Choose what you need at the counter. Your number is printed and called on the screen above the counters.</source>
      <translation>请选择要办理的业务。号码会打印出来，并在窗口上方的叫号屏上呼叫。</translation>
    </message>
  </context>
  <context>
    <name>RatingScreen</name>
    <message>
      <location filename="../qml/RatingScreen.qml" line="12" />
      <source>Very poor</source>
      <translation>很不满意</translation>
    </message>
    <message>
      <location filename="../qml/RatingScreen.qml" line="12" />
      <source>Poor</source>
      <translation>不满意</translation>
    </message>
    <message>
      <location filename="../qml/RatingScreen.qml" line="12" />
      <source>OK</source>
      <translation>一般</translation>
    </message>
    <message>
      <location filename="../qml/RatingScreen.qml" line="12" />
      <source>Good</source>
      <translation>满意</translation>
    </message>
    <message>
      <location filename="../qml/RatingScreen.qml" line="12" />
      <source>Very good</source>
      <translation>非常满意</translation>
    </message>
    <message>
      <location filename="../qml/RatingScreen.qml" line="23" />
      <source>How was your visit today?</source>
      <translation>您对今天的办理满意吗？</translation>
    </message>
    <message>
      <location filename="../qml/RatingScreen.qml" line="24" />
      <source>Your rating helps the centre improve. It is anonymous.</source>
      <translation>您的评价帮助我们改进服务，评价是匿名的。</translation>
    </message>
    <message>
      <location filename="../qml/RatingScreen.qml" line="71" />
      <source>Skip</source>
      <translation>跳过</translation>
    </message>
    <message>
      <location filename="../qml/RatingScreen.qml" line="79" />
      <source>Send</source>
      <translation>提交评价</translation>
    </message>
  </context>
  <context>
    <name>ReceiptScreen</name>
    <message>
      <location filename="../qml/ReceiptScreen.qml" line="30" />
      <source>Your application has been submitted</source>
      <translation>您的申请已提交</translation>
    </message>
    <message>
      <location filename="../qml/ReceiptScreen.qml" line="43" />
      <source>Your receipt has been printed. Please take it from the slot below.</source>
      <translation>回执已打印，请从下方出纸口取走。</translation>
    </message>
    <message>
      <location filename="../qml/ReceiptScreen.qml" line="44" />
      <source>Still not printed. Staff have been called and will bring your receipt. Your application is saved.</source>
      <translation>仍未能打印。已为您呼叫工作人员，工作人员会为您补打回执。您的申请已保存。</translation>
    </message>
    <message>
      <location filename="../qml/ReceiptScreen.qml" line="46" />
      <source>The printer has run out of paper. Your application is saved. Write down the tracking number below, or ask staff to print your receipt. You can also check progress later with your ID card.</source>
      <translation>打印机缺纸了。您的申请已保存。请记下下方的受理编号，或请工作人员为您补打回执；之后也可以刷身份证查询办理进度。</translation>
    </message>
    <message>
      <location filename="../qml/ReceiptScreen.qml" line="47" />
      <source>The receipt could not be printed. Your application is saved. Write down the tracking number below, or ask staff to print your receipt. You can also check progress later with your ID card.</source>
      <translation>回执未能打印。您的申请已保存。请记下下方的受理编号，或请工作人员为您补打回执；之后也可以刷身份证查询办理进度。</translation>
    </message>
    <message>
      <location filename="../qml/ReceiptScreen.qml" line="66" />
      <source>Service</source>
      <translation>办理事项</translation>
    </message>
    <message>
      <location filename="../qml/ReceiptScreen.qml" line="67" />
      <source>Tracking number</source>
      <translation>受理编号</translation>
    </message>
    <message>
      <location filename="../qml/ReceiptScreen.qml" line="68" />
      <source>Applicant</source>
      <translation>申请人</translation>
    </message>
    <message>
      <location filename="../qml/ReceiptScreen.qml" line="69" />
      <source>ID number</source>
      <translation>证件号码</translation>
    </message>
    <message>
      <location filename="../qml/ReceiptScreen.qml" line="70" />
      <source>Submitted</source>
      <translation>提交时间</translation>
    </message>
    <message>
      <location filename="../qml/ReceiptScreen.qml" line="71" />
      <source>Where to go</source>
      <translation>办理地点</translation>
    </message>
    <message>
      <location filename="../qml/ReceiptScreen.qml" line="97" />
      <source>What happens next</source>
      <translation>接下来</translation>
    </message>
    <message>
      <location filename="../qml/ReceiptScreen.qml" line="130" />
      <source>Print again</source>
      <translation>再打印一张</translation>
    </message>
    <message>
      <location filename="../qml/ReceiptScreen.qml" line="130" />
      <source>Try printing again</source>
      <translation>重新打印</translation>
    </message>
    <message>
      <location filename="../qml/ReceiptScreen.qml" line="140" />
      <source>Staff called</source>
      <translation>已呼叫工作人员</translation>
    </message>
    <message>
      <location filename="../qml/ReceiptScreen.qml" line="140" />
      <source>Call staff</source>
      <translation>呼叫工作人员</translation>
    </message>
    <message>
      <location filename="../qml/ReceiptScreen.qml" line="148" />
      <source>Done</source>
      <translation>完成</translation>
    </message>
  </context>
  <context>
    <name>ReviewMaterials</name>
    <message>
      <location filename="../qml/ReviewMaterials.qml" line="17" />
      <source>Your papers</source>
      <translation>您的申请材料</translation>
    </message>
    <message numerus="yes">
      <location filename="../qml/ReviewMaterials.qml" line="49" />
      <source>%n page(s) photographed</source>
      <translation>
        <numerusform>已拍 %n 页</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../qml/ReviewMaterials.qml" line="50" />
      <source>You will bring it to the counter</source>
      <translation>您将到窗口提交</translation>
    </message>
    <message>
      <location filename="../qml/ReviewMaterials.qml" line="51" />
      <source>Not needed: you do not have it</source>
      <translation>不需要：您没有这项材料</translation>
    </message>
  </context>
  <context>
    <name>ReviewScreen</name>
    <message>
      <location filename="../qml/ReviewScreen.qml" line="17" />
      <source>Check your answers</source>
      <translation>请核对您填写的内容</translation>
    </message>
    <message>
      <location filename="../qml/ReviewScreen.qml" line="18" />
      <source>Touch "Change" to correct anything. Nothing is sent until you press Submit.</source>
      <translation>如需修改请点“修改”。点击“确认提交”之前不会发送任何信息。</translation>
    </message>
    <message>
      <location filename="../qml/ReviewScreen.qml" line="73" />
      <source>Hold to show</source>
      <translation>按住显示</translation>
    </message>
    <message>
      <location filename="../qml/ReviewScreen.qml" line="83" />
      <source>Change</source>
      <translation>修改</translation>
    </message>
    <message>
      <location filename="../qml/ReviewScreen.qml" line="102" />
      <source>This terminal cannot save applications right now, so nothing was submitted and no receipt was given. Staff have been called: please wait here, or apply at the counter.</source>
      <translation>本机暂时无法保存申请，这次申请没有提交，也没有出回执。已为您呼叫工作人员：请在此稍候，或到窗口办理。</translation>
    </message>
    <message>
      <location filename="../qml/ReviewScreen.qml" line="104" />
      <source>This terminal's clock is wrong, so it cannot give dated receipts right now and nothing was submitted. Staff have been called: please wait here, or apply at the counter.</source>
      <translation>本机时间不准，暂时无法出具带日期的回执，这次申请没有提交。已为您呼叫工作人员：请在此稍候，或到窗口办理。</translation>
    </message>
    <message>
      <location filename="../qml/ReviewScreen.qml" line="105" />
      <source>Your application could not be saved. Nothing was lost: please try again, or ask staff for help.</source>
      <translation>申请暂时未能保存，您填写的内容没有丢失。请再试一次，或请工作人员帮助。</translation>
    </message>
    <message>
      <location filename="../qml/ReviewScreen.qml" line="112" />
      <source>Submit application</source>
      <translation>确认提交</translation>
    </message>
  </context>
  <context>
    <name>SearchScreen</name>
    <message>
      <location filename="../qml/SearchScreen.qml" line="18" />
      <source>Search services</source>
      <translation>搜索服务事项</translation>
    </message>
    <message>
      <location filename="../qml/SearchScreen.qml" line="19" />
      <source>Type a name, its pinyin, or the first letters (jzzm finds 居住证明).</source>
      <translation>输入名称、拼音或首字母（如 jzzm 可找到“居住证明”）。</translation>
    </message>
    <message>
      <location filename="../qml/SearchScreen.qml" line="27" />
      <source>For example: 居住证明, juzhu, jzzm</source>
      <translation>例如：居住证明、juzhu、jzzm</translation>
    </message>
    <message>
      <location filename="../qml/SearchScreen.qml" line="54" />
      <source>Nothing found. Try fewer letters, or go back and choose a kind of service.</source>
      <translation>没有找到。请少输入几个字，或返回按类别查找。</translation>
    </message>
  </context>
  <context>
    <name>SignaturePad</name>
    <message>
      <location filename="../qml/SignaturePad.qml" line="21" />
      <source>Sign here with your finger</source>
      <translation>请用手指在此处签名</translation>
    </message>
    <message>
      <location filename="../qml/SignaturePad.qml" line="71" />
      <source>Clear and sign again</source>
      <translation>清除重签</translation>
    </message>
  </context>
  <context>
    <name>Stepper</name>
    <message>
      <location filename="../qml/Stepper.qml" line="45" />
      <source>Fewer</source>
      <translation>减少</translation>
    </message>
    <message>
      <location filename="../qml/Stepper.qml" line="59" />
      <source>Tap +</source>
      <translation>请按 +</translation>
    </message>
    <message>
      <location filename="../qml/Stepper.qml" line="70" />
      <source>More</source>
      <translation>增加</translation>
    </message>
  </context>
  <context>
    <name>TechnicianCodes</name>
    <message>
      <location filename="../qml/TechnicianCodes.qml" line="35" />
      <source>stops service</source>
      <translation>影响对外服务</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianCodes.qml" line="44" />
      <source>Likely cause: %1</source>
      <translation>可能原因：%1</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianCodes.qml" line="51" />
      <source>Next step: %1</source>
      <translation>下一步：%1</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianCodes.qml" line="52" />
      <source>Spare part: %1</source>
      <translation>备件：%1</translation>
    </message>
  </context>
  <context>
    <name>TechnicianEntry</name>
    <message>
      <location filename="../qml/TechnicianEntry.qml" line="24" />
      <source>Card not recognised</source>
      <translation>无法识别此卡</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianEntry.qml" line="28" />
      <source>Too many wrong entries. Try again in %1 s</source>
      <translation>错误次数过多，请 %1 秒后重试</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianEntry.qml" line="30" />
      <source>Something went wrong; try again</source>
      <translation>出现问题，请重试</translation>
    </message>
    <message numerus="yes">
      <location filename="../qml/TechnicianEntry.qml" line="35" />
      <source>%n more wrong entries before a lock.</source>
      <translation>
        <numerusform>再错 %n 次将被锁定。</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../qml/TechnicianEntry.qml" line="44" />
      <source>Technician entry with a one-time code</source>
      <translation>使用一次性验证码进入维护模式</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianEntry.qml" line="44" />
      <source>Staff card detected</source>
      <translation>检测到工作人员卡</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianEntry.qml" line="52" />
      <source>Enter your staff ID, then the 6-digit code for this terminal.</source>
      <translation>请输入工号，再输入本终端的 6 位验证码。</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianEntry.qml" line="53" />
      <source>Enter your PIN. Remove the card to cancel.</source>
      <translation>请输入 PIN 码。取走卡片即可取消。</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianEntry.qml" line="63" />
      <source>Staff ID</source>
      <translation>工号</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianEntry.qml" line="113" />
      <source>Next: code</source>
      <translation>下一步：验证码</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianEntry.qml" line="128" />
      <source>Code</source>
      <translation>验证码</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianEntry.qml" line="128" />
      <source>PIN</source>
      <translation>PIN 码</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianEntry.qml" line="109" />
      <location filename="../qml/TechnicianEntry.qml" line="165" />
      <source>Clear</source>
      <translation>清除</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianEntry.qml" line="25" />
      <source>Wrong PIN.</source>
      <translation>PIN 码错误。</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianEntry.qml" line="26" />
      <source>Wrong staff ID or code.</source>
      <translation>工号或验证码错误。</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianEntry.qml" line="165" />
      <source>Enter</source>
      <translation>确定</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianEntry.qml" line="185" />
      <source>Use a one-time code</source>
      <translation>使用一次性验证码</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianEntry.qml" line="192" />
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
  </context>
  <context>
    <name>TechnicianExport</name>
    <message>
      <location filename="../qml/TechnicianExport.qml" line="18" />
      <source>The diagnostics bundle holds versions, settings without secrets, recent logs, test results and database statistics. It holds no personal data.</source>
      <translation>诊断包包含版本、设置（不含密钥）、近期日志、测试结果和数据库统计，不含任何个人信息。</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianExport.qml" line="24" />
      <source>Write to USB stick</source>
      <translation>写入 U 盘</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianExport.qml" line="25" />
      <source>Upload to platform</source>
      <translation>上传到平台</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianExport.qml" line="33" />
      <source>Bundle written: %1 (%2 bytes)</source>
      <translation>诊断包已写入：%1（%2 字节）</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianExport.qml" line="34" />
      <source>Bundle queued for the platform (%1 bytes); waiting for the next sync…</source>
      <translation>诊断包已排队等待上传（%1 字节），等待下次同步…</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianExport.qml" line="35" />
      <source>Bundle delivered to the platform (%1 bytes)</source>
      <translation>诊断包已送达平台（%1 字节）</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianExport.qml" line="36" />
      <source>The platform refused the bundle: %1</source>
      <translation>平台拒收了诊断包：%1</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianExport.qml" line="37" />
      <source>No USB stick found. Insert a USB stick and try again.</source>
      <translation>未找到 U 盘。请插入 U 盘后重试。</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianExport.qml" line="38" />
      <source>The bundle is too large to upload; write it to a USB stick.</source>
      <translation>诊断包太大无法上传，请写入 U 盘。</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianExport.qml" line="40" />
      <source>Bundle not written: %1</source>
      <translation>诊断包未写入：%1</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianExport.qml" line="50" />
      <source>Restart the app</source>
      <translation>重启应用</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianExport.qml" line="56" />
      <source>Exit to the desktop</source>
      <translation>退出到桌面</translation>
    </message>
  </context>
  <context>
    <name>TechnicianFaults</name>
    <message>
      <location filename="../qml/TechnicianFaults.qml" line="19" />
      <source>No state changes recorded yet.</source>
      <translation>尚无状态变化记录。</translation>
    </message>
    <message numerus="yes">
      <location filename="../qml/TechnicianFaults.qml" line="20" />
      <source>%n state change(s), newest first</source>
      <translation>
        <numerusform>共 %n 次状态变化，最新的在前</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../qml/TechnicianFaults.qml" line="29" />
      <source>Refresh</source>
      <translation>刷新</translation>
    </message>
  </context>
  <context>
    <name>TechnicianLogs</name>
    <message>
      <location filename="../qml/TechnicianLogs.qml" line="20" />
      <source>All</source>
      <translation>全部</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianLogs.qml" line="20" />
      <source>Technician</source>
      <translation>技术员</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianLogs.qml" line="21" />
      <source>Printing</source>
      <translation>打印</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianLogs.qml" line="21" />
      <source>Devices</source>
      <translation>设备</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianLogs.qml" line="22" />
      <source>Sessions</source>
      <translation>会话</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianLogs.qml" line="22" />
      <source>Sync</source>
      <translation>同步</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianLogs.qml" line="37" />
      <source>Staff ID</source>
      <translation>工号</translation>
    </message>
  </context>
  <context>
    <name>TechnicianMode</name>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="19" />
      <source>ID card reader</source>
      <translation>身份证读卡器</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="20" />
      <source>Staff card reader</source>
      <translation>工作人员读卡器</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="21" />
      <source>Receipt printer</source>
      <translation>凭条打印机</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="22" />
      <source>A4 printer</source>
      <translation>A4 打印机</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="23" />
      <source>Touch screen</source>
      <translation>触摸屏</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="24" />
      <source>Network</source>
      <translation>网络</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="25" />
      <source>Platform and certificate</source>
      <translation>平台与证书</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="26" />
      <source>Sync queue</source>
      <translation>同步队列</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="27" />
      <source>Storage</source>
      <translation>存储</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="28" />
      <source>Clock</source>
      <translation>时钟</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="34" />
      <source>Warning</source>
      <translation>警告</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="34" />
      <source>Fault</source>
      <translation>故障</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="34" />
      <source>Normal</source>
      <translation>正常</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="35" />
      <source>Running…</source>
      <translation>运行中…</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="35" />
      <source>Not checked</source>
      <translation>未检测</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="60" />
      <source>Technician mode</source>
      <translation>维护模式</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="61" />
      <source>Administrator</source>
      <translation>管理员</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="61" />
      <source>Technician</source>
      <translation>技术员</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="62" />
      <source>Terminal %1</source>
      <translation>终端 %1</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="71" />
      <source>Exit</source>
      <translation>退出</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="83" />
      <source>Overview</source>
      <translation>总览</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="84" />
      <source>Self-tests</source>
      <translation>自检</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="85" />
      <source>Readiness</source>
      <translation>就绪报告</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="18" />
      <location filename="../qml/TechnicianMode.qml" line="86" />
      <source>Settings</source>
      <translation>设置</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="87" />
      <source>Audit log</source>
      <translation>审计日志</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="88" />
      <source>Fault history</source>
      <translation>故障记录</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="89" />
      <source>Export &amp; restart</source>
      <translation>导出与重启</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="90" />
      <source>Codes</source>
      <translation>故障代码</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="157" />
      <source>Saved settings take effect only after the app restarts. Restart now?</source>
      <translation>已保存的设置需重启应用后才生效。现在重启吗？</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="164" />
      <source>Restart the app</source>
      <translation>重启应用</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="166" />
      <source>Exit without restart</source>
      <translation>退出，不重启</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="185" />
      <source>No touch for a while: technician mode ends in %1 s. Touch the screen to stay.</source>
      <translation>长时间无操作：维护模式将在 %1 秒后退出。触摸屏幕即可继续。</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="206" />
      <source>Working…</source>
      <translation>处理中…</translation>
    </message>
  </context>
  <context>
    <name>TechnicianOverview</name>
    <message>
      <location filename="../qml/TechnicianOverview.qml" line="17" />
      <source>Checking…</source>
      <translation>正在检查…</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianOverview.qml" line="18" />
      <source>Overall: %1</source>
      <translation>总体：%1</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianOverview.qml" line="27" />
      <source>Check again</source>
      <translation>重新检查</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianOverview.qml" line="78" />
      <source>Next step: %1</source>
      <translation>下一步：%1</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianOverview.qml" line="79" />
      <source>Spare part: %1</source>
      <translation>备件：%1</translation>
    </message>
  </context>
  <context>
    <name>TechnicianReport</name>
    <message>
      <location filename="../qml/TechnicianReport.qml" line="19" />
      <source>Runs every check, prints the report on the receipt printer and sends it to the platform.</source>
      <translation>运行全部检查，在凭条打印机上打印报告并发送到平台。</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianReport.qml" line="26" />
      <source>Run readiness report</source>
      <translation>生成就绪报告</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianReport.qml" line="34" />
      <source>Overall: %1</source>
      <translation>总体：%1</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianReport.qml" line="35" />
      <source>Printed on the receipt printer.</source>
      <translation>已在凭条打印机上打印。</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianReport.qml" line="35" />
      <source>Not printed: %1</source>
      <translation>未打印：%1</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianReport.qml" line="36" />
      <source>Queued for upload to the platform.</source>
      <translation>已加入上传平台的队列。</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianReport.qml" line="36" />
      <source>Not queued for upload.</source>
      <translation>未加入上传队列。</translation>
    </message>
  </context>
  <context>
    <name>TechnicianSettings</name>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="16" />
      <source>Platform URL</source>
      <translation>平台地址</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="17" />
      <source>Terminal ID</source>
      <translation>终端编号</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="18" />
      <source>ID reader driver</source>
      <translation>读卡器驱动</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="19" />
      <source>ID reader port</source>
      <translation>读卡器端口</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="20" />
      <source>ID reader speed</source>
      <translation>读卡器波特率</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="21" />
      <source>Printer driver</source>
      <translation>打印机驱动</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="22" />
      <source>Printer address</source>
      <translation>打印机地址</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="23" />
      <source>Paper width (mm)</source>
      <translation>纸宽（毫米）</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="24" />
      <source>Printer profile</source>
      <translation>打印机配置</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="25" />
      <source>A4 printer queue</source>
      <translation>A4 打印机队列</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="26" />
      <source>Staff card reader on</source>
      <translation>启用工作人员读卡器</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="27" />
      <source>Staff card reader name</source>
      <translation>工作人员读卡器名称</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="28" />
      <source>Idle timeout (s)</source>
      <translation>空闲超时（秒）</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="29" />
      <source>Screen size / orientation</source>
      <translation>屏幕尺寸／方向</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="30" />
      <source>Default language</source>
      <translation>默认语言</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="31" />
      <source>Languages</source>
      <translation>语言</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="39" />
      <source>Test</source>
      <translation>测试</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="40" />
      <source>Test and save</source>
      <translation>测试并保存</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="41" />
      <source>Discard changes</source>
      <translation>放弃修改</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="42" />
      <source>Detect ports</source>
      <translation>检测端口</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="52" />
      <source>Saved. Restart the app for device changes to take effect.</source>
      <translation>已保存。设备相关修改需重启应用后生效。</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="52" />
      <source>Saved.</source>
      <translation>已保存。</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="53" />
      <source>Test passed. Not saved yet.</source>
      <translation>测试通过，尚未保存。</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="53" />
      <source>Not saved: the previous settings stay in force.</source>
      <translation>未保存：原设置继续有效。</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="72" />
      <source>Ports found: %1</source>
      <translation>找到的端口：%1</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="95" />
      <source>(saved; applies after a restart)</source>
      <translation>（已保存，重启后生效）</translation>
    </message>
  </context>
  <context>
    <name>TechnicianTests</name>
    <message>
      <location filename="../qml/TechnicianTests.qml" line="16" />
      <source>Name (masked)</source>
      <translation>姓名（已遮蔽）</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianTests.qml" line="17" />
      <source>ID number (masked)</source>
      <translation>证件号码（已遮蔽）</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianTests.qml" line="18" />
      <source>Sex code</source>
      <translation>性别代码</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianTests.qml" line="19" />
      <source>Valid until</source>
      <translation>有效期至</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianTests.qml" line="92" />
      <source>Did it print correctly?</source>
      <translation>打印是否正确？</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianTests.qml" line="97" />
      <source>Yes</source>
      <translation>是</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianTests.qml" line="98" />
      <source>No</source>
      <translation>否</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianTests.qml" line="103" />
      <source>Sync now</source>
      <translation>立即同步</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianTests.qml" line="104" />
      <source>Retry quarantined items</source>
      <translation>重试隔离项</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianTests.qml" line="119" />
      <source>Last results</source>
      <translation>最近结果</translation>
    </message>
  </context>
  <context>
    <name>TechnicianTouch</name>
    <message>
      <location filename="../qml/TechnicianTouch.qml" line="62" />
      <source>Tap every circle. Hit %1 of %2, missed %3</source>
      <translation>请点击每个圆圈。已点中 %1／%2，未点中 %3 次</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianTouch.qml" line="69" />
      <source>Finish test</source>
      <translation>结束测试</translation>
    </message>
  </context>
  <context>
    <name>TicketScreen</name>
    <message>
      <location filename="../qml/TicketScreen.qml" line="20" />
      <source>Your number</source>
      <translation>您的号码</translation>
    </message>
    <message>
      <location filename="../qml/TicketScreen.qml" line="49" />
      <source>You are next.</source>
      <translation>无需等候，您是下一位。</translation>
    </message>
    <message numerus="yes">
      <location filename="../qml/TicketScreen.qml" line="50" />
      <source>About %n person(s) ahead of you.</source>
      <translation>
        <numerusform>前面约有 %n 人。</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../qml/TicketScreen.qml" line="51" />
      <source>%1, roughly %2.</source>
      <translation>%1，预计等候约 %2。</translation>
    </message>
    <message numerus="yes">
      <location filename="../qml/TicketScreen.qml" line="51" />
      <source>About %n person(s) ahead of you</source>
      <translation>
        <numerusform>前面约有 %n 人</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../qml/TicketScreen.qml" line="52" />
      <source>%n minute(s)</source>
      <translation>
        <numerusform>%n 分钟</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../qml/TicketScreen.qml" line="59" />
      <source>Your ticket has been printed. Please take it.</source>
      <translation>排队小票已打印，请取走。</translation>
    </message>
    <message>
      <location filename="../qml/TicketScreen.qml" line="60" />
      <source>The ticket could not be printed. Please remember your number.</source>
      <translation>小票未能打印，请记住您的号码。</translation>
    </message>
    <message>
      <location filename="../qml/TicketScreen.qml" line="67" />
      <source>Done</source>
      <translation>完成</translation>
    </message>
  </context>
</TS>
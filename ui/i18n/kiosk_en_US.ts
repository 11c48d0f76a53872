<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
  <context>
    <name>AttractScreen</name>
    <message>
      <location filename="../qml/AttractScreen.qml" line="53" />
      <source>Community self-service terminal</source>
      <translation>Community self-service terminal</translation>
    </message>
    <message>
      <location filename="../qml/AttractScreen.qml" line="80" />
      <source>Community notices</source>
      <translation>Community notices</translation>
    </message>
    <message>
      <location filename="../qml/AttractScreen.qml" line="127" />
      <source>The software is being updated. Please come back in a few minutes.</source>
      <translation>The software is being updated. Please come back in a few minutes.</translation>
    </message>
    <message>
      <location filename="../qml/AttractScreen.qml" line="128" />
      <source>Touch the screen to start</source>
      <translation>Touch the screen to start</translation>
    </message>
  </context>
  <context>
    <name>CategoryScreen</name>
    <message>
      <location filename="../qml/CategoryScreen.qml" line="15" />
      <source>Choose a service to see what you need and apply.</source>
      <translation>Choose a service to see what you need and apply.</translation>
    </message>
  </context>
  <context>
    <name>ConsultationDone</name>
    <message>
      <location filename="../qml/ConsultationDone.qml" line="19" />
      <source>Thank you for voting</source>
      <translation>Thank you for voting</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationDone.qml" line="17" />
      <source>Thank you for your opinion</source>
      <translation>Thank you for your opinion</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationDone.qml" line="18" />
      <source>Your vote was not counted</source>
      <translation>Your vote was not counted</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationDone.qml" line="20" />
      <source>The neighbourhood committee reads every opinion and proposal.</source>
      <translation>The neighbourhood committee reads every opinion and proposal.</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationDone.qml" line="27" />
      <source>Your vote has been counted.</source>
      <translation>Your vote has been counted.</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationDone.qml" line="28" />
      <source>The platform did not count this vote: you have already voted on this topic at another terminal.</source>
      <translation>The platform did not count this vote: you have already voted on this topic at another terminal.</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationDone.qml" line="29" />
      <source>The platform could not count this vote. Please ask the staff.</source>
      <translation>The platform could not count this vote. Please ask the staff.</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationDone.qml" line="30" />
      <source>Your vote is recorded and will be counted when this terminal next reaches the platform.</source>
      <translation>Your vote is recorded and will be counted when this terminal next reaches the platform.</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationDone.qml" line="36" />
      <source>Back to topics</source>
      <translation>Back to topics</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationDone.qml" line="44" />
      <source>Back to services</source>
      <translation>Back to services</translation>
    </message>
  </context>
  <context>
    <name>ConsultationIdentify</name>
    <message>
      <location filename="../qml/ConsultationIdentify.qml" line="16" />
      <source>Place your ID card on the reader</source>
      <translation>Place your ID card on the reader</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationIdentify.qml" line="17" />
      <source>Each person may vote once per topic. Your ID number is sent sealed and is only used to count one vote per person.</source>
      <translation>Each person may vote once per topic. Your ID number is sent sealed and is only used to count one vote per person.</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationIdentify.qml" line="25" />
      <source>The card could not be read. Please place it flat on the reader again, or ask the staff.</source>
      <translation>The card could not be read. Please place it flat on the reader again, or ask the staff.</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationIdentify.qml" line="32" />
      <source>Cancel</source>
      <translation>Cancel</translation>
    </message>
  </context>
  <context>
    <name>ConsultationList</name>
    <message>
      <location filename="../qml/ConsultationList.qml" line="22" />
      <source>Community consultation</source>
      <translation>Community consultation</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationList.qml" line="23" />
      <source>Topics the neighbourhood committee asks residents about. Tap one to read it, vote or give your opinion.</source>
      <translation>Topics the neighbourhood committee asks residents about. Tap one to read it, vote or give your opinion.</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationList.qml" line="30" />
      <source>There are no topics at the moment.</source>
      <translation>There are no topics at the moment.</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationList.qml" line="43" />
      <source>Open until %1</source>
      <translation>Open until %1</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationList.qml" line="43" />
      <source>Open</source>
      <translation>Open</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationList.qml" line="44" />
      <source>Closed: see the results</source>
      <translation>Closed: see the results</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationList.qml" line="54" />
      <source>Back to services</source>
      <translation>Back to services</translation>
    </message>
  </context>
  <context>
    <name>ConsultationScreen</name>
    <message>
      <location filename="../qml/ConsultationScreen.qml" line="18" />
      <source>This terminal is not connected to the platform yet, so votes cannot be taken here. Please ask the staff.</source>
      <translation>This terminal is not connected to the platform yet, so votes cannot be taken here. Please ask the staff.</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationScreen.qml" line="19" />
      <source>You have already voted on this topic. Each person votes once.</source>
      <translation>You have already voted on this topic. Each person votes once.</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationScreen.qml" line="20" />
      <source>This topic is closed.</source>
      <translation>This topic is closed.</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationScreen.qml" line="21" />
      <source>Please write your opinion first.</source>
      <translation>Please write your opinion first.</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationScreen.qml" line="22" />
      <source>Your opinion is too long; please shorten it.</source>
      <translation>Your opinion is too long; please shorten it.</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationScreen.qml" line="23" />
      <source>Please remove the ID number from your opinion: it is sent as written and read by the staff.</source>
      <translation>Please remove the ID number from your opinion: it is sent as written and read by the staff.</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationScreen.qml" line="24" />
      <source>Please identify with your ID card first.</source>
      <translation>Please identify with your ID card first.</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationScreen.qml" line="27" />
      <source>Something went wrong. Please try again or ask the staff.</source>
      <translation>Something went wrong. Please try again or ask the staff.</translation>
    </message>
  </context>
  <context>
    <name>ConsultationTopic</name>
    <message>
      <location filename="../qml/ConsultationTopic.qml" line="29" />
      <source>Open until %1</source>
      <translation>Open until %1</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationTopic.qml" line="30" />
      <source>This topic is closed.</source>
      <translation>This topic is closed.</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationTopic.qml" line="52" />
      <source>You have voted on this topic.</source>
      <translation>You have voted on this topic.</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationTopic.qml" line="53" />
      <source>Your vote (one per person; you will be asked for your ID card):</source>
      <translation>Your vote (one per person; you will be asked for your ID card):</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationTopic.qml" line="76" />
      <source>The results have not reached this terminal yet.</source>
      <translation>The results have not reached this terminal yet.</translation>
    </message>
    <message numerus="yes">
      <location filename="../qml/ConsultationTopic.qml" line="86" />
      <source>Results: %n vote(s)</source>
      <translation>
        <numerusform>Results: %n vote</numerusform>
        <numerusform>Results: %n votes</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../qml/ConsultationTopic.qml" line="106" />
      <source>%n vote(s)</source>
      <translation>
        <numerusform>%n vote</numerusform>
        <numerusform>%n votes</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../qml/ConsultationTopic.qml" line="113" />
      <source>%n opinion(s) and proposal(s) received</source>
      <translation>
        <numerusform>%n opinion and proposal received</numerusform>
        <numerusform>%n opinions and proposals received</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../qml/ConsultationTopic.qml" line="123" />
      <source>Your opinion or proposal (optional):</source>
      <translation>Your opinion or proposal (optional):</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationTopic.qml" line="136" />
      <source>Opinion</source>
      <translation>Opinion</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationTopic.qml" line="144" />
      <source>Proposal</source>
      <translation>Proposal</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationTopic.qml" line="164" />
      <source>Type here (pinyin keyboard)</source>
      <translation>Type here (pinyin keyboard)</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationTopic.qml" line="177" />
      <source>Send my opinion</source>
      <translation>Send my opinion</translation>
    </message>
    <message>
      <location filename="../qml/ConsultationTopic.qml" line="185" />
      <source>Back to topics</source>
      <translation>Back to topics</translation>
    </message>
  </context>
  <context>
    <name>DatePicker</name>
    <message>
      <location filename="../qml/DatePicker.qml" line="91" />
      <source>Year</source>
      <translation>Year</translation>
    </message>
    <message>
      <location filename="../qml/DatePicker.qml" line="92" />
      <source>Month</source>
      <translation>Month</translation>
    </message>
    <message>
      <location filename="../qml/DatePicker.qml" line="93" />
      <source>Day</source>
      <translation>Day</translation>
    </message>
    <message>
      <location filename="../qml/DatePicker.qml" line="100" />
      <source>Use this date</source>
      <translation>Use this date</translation>
    </message>
    <message>
      <location filename="../qml/DatePicker.qml" line="100" />
      <source>✓ Date chosen</source>
      <translation>✓ Date chosen</translation>
    </message>
  </context>
  <context>
    <name>FaceCheckScreen</name>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="21" />
      <source>We did not see you blink. Keep your face in the outline and blink once, slowly.</source>
      <translation>We did not see you blink. Keep your face in the outline and blink once, slowly.</translation>
    </message>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="22" />
      <source>We could not see your face. Stand in front of the screen with your face inside the outline.</source>
      <translation>We could not see your face. Stand in front of the screen with your face inside the outline.</translation>
    </message>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="23" />
      <source>Your face did not match the photo on the card. Take off a hat or sunglasses, face the light and try again.</source>
      <translation>Your face did not match the photo on the card. Take off a hat or sunglasses, face the light and try again.</translation>
    </message>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="26" />
      <source>Without your ID card on the reader we cannot check that it is you, so a staff member will check your identity.</source>
      <translation>Without your ID card on the reader we cannot check that it is you, so a staff member will check your identity.</translation>
    </message>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="27" />
      <source>The photo on your card cannot be read here, so a staff member will check that the card is yours.</source>
      <translation>The photo on your card cannot be read here, so a staff member will check that the card is yours.</translation>
    </message>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="28" />
      <source>The camera is not working right now. A staff member will check that the card is yours.</source>
      <translation>The camera is not working right now. A staff member will check that the card is yours.</translation>
    </message>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="29" />
      <source>We could not confirm that the card is yours. A staff member has been called and will help you.</source>
      <translation>We could not confirm that the card is yours. A staff member has been called and will help you.</translation>
    </message>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="38" />
      <source>Check that the card is yours</source>
      <translation>Check that the card is yours</translation>
    </message>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="39" />
      <source>We compare your face with the photo on your ID card, here on this terminal. No picture is kept.</source>
      <translation>We compare your face with the photo on your ID card, here on this terminal. No picture is kept.</translation>
    </message>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="74" />
      <source>Getting the camera ready…</source>
      <translation>Getting the camera ready…</translation>
    </message>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="85" />
      <source>Look at the camera, keep your face inside the outline, then blink once.</source>
      <translation>Look at the camera, keep your face inside the outline, then blink once.</translation>
    </message>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="86" />
      <source>Attempts left: %1</source>
      <translation>Attempts left: %1</translation>
    </message>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="89" />
      <source>This service needs your ID card on the reader, to check that it is you. Please place your card, or go to the counter.</source>
      <translation>This service needs your ID card on the reader, to check that it is you. Please place your card, or go to the counter.</translation>
    </message>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="90" />
      <source>The photo on your card cannot be read here, so this service cannot be applied for at this terminal. Please go to the counter with your ID card.</source>
      <translation>The photo on your card cannot be read here, so this service cannot be applied for at this terminal. Please go to the counter with your ID card.</translation>
    </message>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="91" />
      <source>Thank you. One moment…</source>
      <translation>Thank you. One moment…</translation>
    </message>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="97" />
      <source>Staff have been told. Please wait here.</source>
      <translation>Staff have been told. Please wait here.</translation>
    </message>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="117" />
      <source>Staff: enter your PIN to confirm that you checked the person against the card.</source>
      <translation>Staff: enter your PIN to confirm that you checked the person against the card.</translation>
    </message>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="118" />
      <source>Staff: check the person against the card, then place your staff card on the staff card reader.</source>
      <translation>Staff: check the person against the card, then place your staff card on the staff card reader.</translation>
    </message>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="128" />
      <source>Wrong PIN. %1 more tries before a lock.</source>
      <translation>Wrong PIN. %1 more tries before a lock.</translation>
    </message>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="129" />
      <source>Too many wrong PINs: locked for now.</source>
      <translation>Too many wrong PINs: locked for now.</translation>
    </message>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="130" />
      <source>Staff card not recognised.</source>
      <translation>Staff card not recognised.</translation>
    </message>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="152" />
      <source>Confirm</source>
      <translation>Confirm</translation>
    </message>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="174" />
      <source>Try again</source>
      <translation>Try again</translation>
    </message>
    <message>
      <location filename="../qml/FaceCheckScreen.qml" line="184" />
      <source>Back to the start</source>
      <translation>Back to the start</translation>
    </message>
  </context>
  <context>
    <name>FieldEditor</name>
    <message>
      <location filename="../qml/FieldEditor.qml" line="40" />
      <location filename="../qml/FieldEditor.qml" line="85" />
      <source> (optional)</source>
      <translation> (optional)</translation>
    </message>
    <message>
      <location filename="../qml/FieldEditor.qml" line="154" />
      <source>Yes</source>
      <translation>Yes</translation>
    </message>
    <message>
      <location filename="../qml/FieldEditor.qml" line="154" />
      <source>No</source>
      <translation>No</translation>
    </message>
    <message>
      <location filename="../qml/FieldEditor.qml" line="190" />
      <source>I have read this and agree</source>
      <translation>I have read this and agree</translation>
    </message>
    <message>
      <location filename="../qml/FieldEditor.qml" line="224" />
      <source>Type to find your choice</source>
      <translation>Type to find your choice</translation>
    </message>
    <message>
      <location filename="../qml/FieldEditor.qml" line="265" />
      <source>I live somewhere else</source>
      <translation>I live somewhere else</translation>
    </message>
    <message>
      <location filename="../qml/FieldEditor.qml" line="291" />
      <source>Building, unit and room</source>
      <translation>Building, unit and room</translation>
    </message>
  </context>
  <context>
    <name>FinishScreen</name>
    <message>
      <location filename="../qml/FinishScreen.qml" line="25" />
      <source>Your ID card is still on the reader. Please take it now.</source>
      <translation>Your ID card is still on the reader. Please take it now.</translation>
    </message>
    <message>
      <location filename="../qml/FinishScreen.qml" line="26" />
      <source>Please take your ID card and your receipt</source>
      <translation>Please take your ID card and your receipt</translation>
    </message>
    <message>
      <location filename="../qml/FinishScreen.qml" line="35" />
      <source>Your information has been cleared from this screen. Thank you.</source>
      <translation>Your information has been cleared from this screen. Thank you.</translation>
    </message>
  </context>
  <context>
    <name>FormScreen</name>
    <message>
      <location filename="../qml/FormScreen.qml" line="30" />
      <source>Step %1 of %2</source>
      <translation>Step %1 of %2</translation>
    </message>
    <message>
      <location filename="../qml/FormScreen.qml" line="93" />
      <source>Previous</source>
      <translation>Previous</translation>
    </message>
    <message>
      <location filename="../qml/FormScreen.qml" line="101" />
      <source>Check my answers</source>
      <translation>Check my answers</translation>
    </message>
    <message>
      <location filename="../qml/FormScreen.qml" line="101" />
      <source>Next</source>
      <translation>Next</translation>
    </message>
  </context>
  <context>
    <name>GuideScreen</name>
    <message>
      <location filename="../qml/GuideScreen.qml" line="28" />
      <source>The receipt printer is not working right now. You can still apply: your receipt will be shown on the screen with a QR code to photograph.</source>
      <translation>The receipt printer is not working right now. You can still apply: your receipt will be shown on the screen with a QR code to photograph.</translation>
    </message>
    <message>
      <location filename="../qml/GuideScreen.qml" line="30" />
      <source>Who can apply</source>
      <translation>Who can apply</translation>
    </message>
    <message>
      <location filename="../qml/GuideScreen.qml" line="31" />
      <source>What to bring</source>
      <translation>What to bring</translation>
    </message>
    <message>
      <location filename="../qml/GuideScreen.qml" line="32" />
      <source>Where</source>
      <translation>Where</translation>
    </message>
    <message>
      <location filename="../qml/GuideScreen.qml" line="33" />
      <source>Opening hours</source>
      <translation>Opening hours</translation>
    </message>
    <message>
      <location filename="../qml/GuideScreen.qml" line="34" />
      <source>How long it takes</source>
      <translation>How long it takes</translation>
    </message>
    <message>
      <location filename="../qml/GuideScreen.qml" line="35" />
      <source>Fee</source>
      <translation>Fee</translation>
    </message>
    <message>
      <location filename="../qml/GuideScreen.qml" line="36" />
      <source>Legal basis</source>
      <translation>Legal basis</translation>
    </message>
    <message>
      <location filename="../qml/GuideScreen.qml" line="52" />
      <source>Print this guide</source>
      <translation>Print this guide</translation>
    </message>
    <message>
      <location filename="../qml/GuideScreen.qml" line="60" />
      <source>Apply here</source>
      <translation>Apply here</translation>
    </message>
  </context>
  <context>
    <name>HomeScreen</name>
    <message>
      <location filename="../qml/HomeScreen.qml" line="48" />
      <source>What would you like to do?</source>
      <translation>What would you like to do?</translation>
    </message>
    <message>
      <location filename="../qml/HomeScreen.qml" line="49" />
      <source>Choose a kind of service, or search by name.</source>
      <translation>Choose a kind of service, or search by name.</translation>
    </message>
    <message>
      <location filename="../qml/HomeScreen.qml" line="73" />
      <source>Search services (Chinese, pinyin or initials, e.g. jzzm)</source>
      <translation>Search services (Chinese, pinyin or initials, e.g. jzzm)</translation>
    </message>
    <message>
      <location filename="../qml/HomeScreen.qml" line="73" />
      <source>Search services</source>
      <translation>Search services</translation>
    </message>
    <message numerus="yes">
      <location filename="../qml/HomeScreen.qml" line="106" />
      <source>%n service(s)</source>
      <translation>
        <numerusform>%n service</numerusform>
        <numerusform>%n services</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../qml/HomeScreen.qml" line="128" />
      <source>Check my application</source>
      <translation>Check my application</translation>
    </message>
    <message>
      <location filename="../qml/HomeScreen.qml" line="136" />
      <source>Take a queue number</source>
      <translation>Take a queue number</translation>
    </message>
    <message>
      <location filename="../qml/HomeScreen.qml" line="161" />
      <source>High contrast</source>
      <translation>High contrast</translation>
    </message>
    <message>
      <location filename="../qml/HomeScreen.qml" line="144" />
      <source>Community notices</source>
      <translation>Community notices</translation>
    </message>
    <message>
      <location filename="../qml/HomeScreen.qml" line="153" />
      <source>Community consultation</source>
      <translation>Community consultation</translation>
    </message>
  </context>
  <context>
    <name>IdentifyScreen</name>
    <message>
      <location filename="../qml/IdentifyScreen.qml" line="24" />
      <source>The card reader is not working</source>
      <translation>The card reader is not working</translation>
    </message>
    <message>
      <location filename="../qml/IdentifyScreen.qml" line="25" />
      <source>Check progress with your ID card</source>
      <translation>Check progress with your ID card</translation>
    </message>
    <message>
      <location filename="../qml/IdentifyScreen.qml" line="26" />
      <source>Please place your ID card on the reader</source>
      <translation>Please place your ID card on the reader</translation>
    </message>
    <message>
      <location filename="../qml/IdentifyScreen.qml" line="27" />
      <source>This is a fault of the machine, not of your card.</source>
      <translation>This is a fault of the machine, not of your card.</translation>
    </message>
    <message>
      <location filename="../qml/IdentifyScreen.qml" line="28" />
      <source>The reader is below the screen, marked with the card symbol. Leave the card flat until you hear the beep.</source>
      <translation>The reader is below the screen, marked with the card symbol. Leave the card flat until you hear the beep.</translation>
    </message>
    <message>
      <location filename="../qml/IdentifyScreen.qml" line="50" />
      <source>Reader</source>
      <translation>Reader</translation>
    </message>
    <message>
      <location filename="../qml/IdentifyScreen.qml" line="81" />
      <source>Card read. One moment…</source>
      <translation>Card read. One moment…</translation>
    </message>
    <message>
      <location filename="../qml/IdentifyScreen.qml" line="82" />
      <source>We could not read the card. Lay it flat on the reader and keep it still.</source>
      <translation>We could not read the card. Lay it flat on the reader and keep it still.</translation>
    </message>
    <message>
      <location filename="../qml/IdentifyScreen.qml" line="83" />
      <source>This ID card has expired. Please go to the counter to renew it.</source>
      <translation>This ID card has expired. Please go to the counter to renew it.</translation>
    </message>
    <message>
      <location filename="../qml/IdentifyScreen.qml" line="84" />
      <source>This ID card has expired. Please go to the counter to renew it, or enter your details by hand.</source>
      <translation>This ID card has expired. Please go to the counter to renew it, or enter your details by hand.</translation>
    </message>
    <message>
      <location filename="../qml/IdentifyScreen.qml" line="107" />
      <source>This service checks your face against the photo on your ID card, so it needs the card itself.</source>
      <translation>This service checks your face against the photo on your ID card, so it needs the card itself.</translation>
    </message>
    <message>
      <location filename="../qml/IdentifyScreen.qml" line="148" />
      <source>Enter your ID number by hand</source>
      <translation>Enter your ID number by hand</translation>
    </message>
    <message>
      <location filename="../qml/IdentifyScreen.qml" line="87" />
      <source>Your card was taken off the reader, so your details were cleared. Place it again to continue.</source>
      <translation>Your card was taken off the reader, so your details were cleared. Place it again to continue.</translation>
    </message>
    <message>
      <location filename="../qml/IdentifyScreen.qml" line="85" />
      <source>Enter your ID number by hand, or ask staff for help. This screen asks for your card again once the reader works.</source>
      <translation>Enter your ID number by hand, or ask staff for help. This screen asks for your card again once the reader works.</translation>
    </message>
    <message>
      <location filename="../qml/IdentifyScreen.qml" line="86" />
      <source>This service needs your ID card. Please ask staff for help, or come back later. This screen asks for your card again once the reader works.</source>
      <translation>This service needs your ID card. Please ask staff for help, or come back later. This screen asks for your card again once the reader works.</translation>
    </message>
    <message>
      <location filename="../qml/IdentifyScreen.qml" line="88" />
      <source>A different card is on the reader. The details of the previous card were cleared.</source>
      <translation>A different card is on the reader. The details of the previous card were cleared.</translation>
    </message>
    <message>
      <location filename="../qml/IdentifyScreen.qml" line="89" />
      <source>A card is still on the reader. Please take it, then place your own card.</source>
      <translation>A card is still on the reader. Please take it, then place your own card.</translation>
    </message>
    <message>
      <location filename="../qml/IdentifyScreen.qml" line="96" />
      <source>Waiting for your card…</source>
      <translation>Waiting for your card…</translation>
    </message>
    <message>
      <location filename="../qml/IdentifyScreen.qml" line="128" />
      <source>Continue with this card</source>
      <translation>Continue with this card</translation>
    </message>
    <message>
      <location filename="../qml/IdentifyScreen.qml" line="137" />
      <source>Staff called</source>
      <translation>Staff called</translation>
    </message>
    <message>
      <location filename="../qml/IdentifyScreen.qml" line="137" />
      <source>Ask staff for help</source>
      <translation>Ask staff for help</translation>
    </message>
    <message>
      <location filename="../qml/IdentifyScreen.qml" line="148" />
      <source>No card? Enter your details by hand</source>
      <translation>No card? Enter your details by hand</translation>
    </message>
  </context>
  <context>
    <name>IdleOverlay</name>
    <message>
      <location filename="../qml/IdleOverlay.qml" line="24" />
      <source>Are you still there?</source>
      <translation>Are you still there?</translation>
    </message>
    <message>
      <location filename="../qml/IdleOverlay.qml" line="32" />
      <source>In %1 seconds this screen will clear what you entered and return to the start.</source>
      <translation>In %1 seconds this screen will clear what you entered and return to the start.</translation>
    </message>
    <message>
      <location filename="../qml/IdleOverlay.qml" line="42" />
      <source>I need more time</source>
      <translation>I need more time</translation>
    </message>
  </context>
  <context>
    <name>Keypad</name>
    <message>
      <location filename="../qml/Keypad.qml" line="91" />
      <location filename="../qml/Keypad.qml" line="103" />
      <source>Clear</source>
      <translation>Clear</translation>
    </message>
    <message>
      <location filename="../qml/Keypad.qml" line="92" />
      <source>Delete</source>
      <translation>Delete</translation>
    </message>
    <message>
      <location filename="../qml/Keypad.qml" line="92" />
      <location filename="../qml/Keypad.qml" line="118" />
      <source>Minus</source>
      <translation>Minus</translation>
    </message>
  </context>
  <context>
    <name>LookupResultScreen</name>
    <message>
      <location filename="../qml/LookupResultScreen.qml" line="12" />
      <source>Submitted; on its way to the office</source>
      <translation>Submitted; on its way to the office</translation>
    </message>
    <message>
      <location filename="../qml/LookupResultScreen.qml" line="13" />
      <source>Received by the office</source>
      <translation>Received by the office</translation>
    </message>
    <message>
      <location filename="../qml/LookupResultScreen.qml" line="14" />
      <source>Accepted; being processed</source>
      <translation>Accepted; being processed</translation>
    </message>
    <message>
      <location filename="../qml/LookupResultScreen.qml" line="15" />
      <source>More information needed: please come to the counter</source>
      <translation>More information needed: please come to the counter</translation>
    </message>
    <message>
      <location filename="../qml/LookupResultScreen.qml" line="16" />
      <source>Some of your papers need a new photo: please bring them to the counter</source>
      <translation>Some of your papers need a new photo: please bring them to the counter</translation>
    </message>
    <message>
      <location filename="../qml/LookupResultScreen.qml" line="17" />
      <source>Approved</source>
      <translation>Approved</translation>
    </message>
    <message>
      <location filename="../qml/LookupResultScreen.qml" line="18" />
      <source>Not approved: please ask at the counter why</source>
      <translation>Not approved: please ask at the counter why</translation>
    </message>
    <message>
      <location filename="../qml/LookupResultScreen.qml" line="19" />
      <source>Ready: please collect it at the counter</source>
      <translation>Ready: please collect it at the counter</translation>
    </message>
    <message>
      <location filename="../qml/LookupResultScreen.qml" line="29" />
      <source>Progress of your applications</source>
      <translation>Progress of your applications</translation>
    </message>
    <message>
      <location filename="../qml/LookupResultScreen.qml" line="38" />
      <source>We found no application for this. If you applied recently at another place, ask staff at the counter.</source>
      <translation>We found no application for this. If you applied recently at another place, ask staff at the counter.</translation>
    </message>
    <message>
      <location filename="../qml/LookupResultScreen.qml" line="48" />
      <source>Your certificate is printing on the A4 printer. Please take it from the tray.</source>
      <translation>Your certificate is printing on the A4 printer. Please take it from the tray.</translation>
    </message>
    <message>
      <location filename="../qml/LookupResultScreen.qml" line="49" />
      <source>The document printer is not available right now. Please collect the certificate at the counter.</source>
      <translation>The document printer is not available right now. Please collect the certificate at the counter.</translation>
    </message>
    <message>
      <location filename="../qml/LookupResultScreen.qml" line="50" />
      <source>The certificate could not be printed. Please collect it at the counter.</source>
      <translation>The certificate could not be printed. Please collect it at the counter.</translation>
    </message>
    <message>
      <location filename="../qml/LookupResultScreen.qml" line="77" />
      <source>Tracking number</source>
      <translation>Tracking number</translation>
    </message>
    <message>
      <location filename="../qml/LookupResultScreen.qml" line="79" />
      <source>Last update</source>
      <translation>Last update</translation>
    </message>
    <message>
      <location filename="../qml/LookupResultScreen.qml" line="85" />
      <source>Print my certificate</source>
      <translation>Print my certificate</translation>
    </message>
    <message>
      <location filename="../qml/LookupResultScreen.qml" line="85" />
      <source>Use your ID card to print the certificate</source>
      <translation>Use your ID card to print the certificate</translation>
    </message>
  </context>
  <context>
    <name>LookupScreen</name>
    <message>
      <location filename="../qml/LookupScreen.qml" line="16" />
      <source>Check my application</source>
      <translation>Check my application</translation>
    </message>
    <message>
      <location filename="../qml/LookupScreen.qml" line="17" />
      <source>Enter the tracking number on your receipt, scan its QR code at the scanner, or use your ID card.</source>
      <translation>Enter the tracking number on your receipt, scan its QR code at the scanner, or use your ID card.</translation>
    </message>
    <message>
      <location filename="../qml/LookupScreen.qml" line="24" />
      <source>Tracking number (15 digits)</source>
      <translation>Tracking number (15 digits)</translation>
    </message>
    <message>
      <location filename="../qml/LookupScreen.qml" line="25" />
      <source>This number is not right. Please check the digits on your receipt.</source>
      <translation>This number is not right. Please check the digits on your receipt.</translation>
    </message>
    <message>
      <location filename="../qml/LookupScreen.qml" line="33" />
      <source>Check</source>
      <translation>Check</translation>
    </message>
    <message>
      <location filename="../qml/LookupScreen.qml" line="36" />
      <source>or</source>
      <translation>or</translation>
    </message>
    <message>
      <location filename="../qml/LookupScreen.qml" line="43" />
      <source>Use my ID card</source>
      <translation>Use my ID card</translation>
    </message>
  </context>
  <context>
    <name>Main</name>
    <message>
      <location filename="../qml/Main.qml" line="94" />
      <source>Staff called</source>
      <translation>Staff called</translation>
    </message>
    <message>
      <location filename="../qml/Main.qml" line="94" />
      <source>Call staff</source>
      <translation>Call staff</translation>
    </message>
    <message>
      <location filename="../qml/Main.qml" line="118" />
      <source>Read aloud</source>
      <translation>Read aloud</translation>
    </message>
    <message>
      <location filename="../qml/Main.qml" line="118" />
      <source>Read aloud unavailable</source>
      <translation>Read aloud unavailable</translation>
    </message>
    <message>
      <location filename="../qml/Main.qml" line="132" />
      <source>Clearing in %1 s</source>
      <translation>Clearing in %1 s</translation>
    </message>
    <message>
      <location filename="../qml/Main.qml" line="154" />
      <source>End / change card</source>
      <translation>End / change card</translation>
    </message>
    <message>
      <location filename="../qml/Main.qml" line="282" />
      <source>Working on it, please wait…</source>
      <translation>Working on it, please wait…</translation>
    </message>
  </context>
  <context>
    <name>ManualEntryScreen</name>
    <message>
      <location filename="../qml/ManualEntryScreen.qml" line="12" />
      <source>Please fill this in.</source>
      <translation>Please fill this in.</translation>
    </message>
    <message>
      <location filename="../qml/ManualEntryScreen.qml" line="13" />
      <source>This is too long. Please check it.</source>
      <translation>This is too long. Please check it.</translation>
    </message>
    <message>
      <location filename="../qml/ManualEntryScreen.qml" line="14" />
      <source>An ID number has 18 characters. Please check it.</source>
      <translation>An ID number has 18 characters. Please check it.</translation>
    </message>
    <message>
      <location filename="../qml/ManualEntryScreen.qml" line="15" />
      <source>Use digits only; the last character may be X.</source>
      <translation>Use digits only; the last character may be X.</translation>
    </message>
    <message>
      <location filename="../qml/ManualEntryScreen.qml" line="16" />
      <source>The birth date inside this number is not a real date. Please check it.</source>
      <translation>The birth date inside this number is not a real date. Please check it.</translation>
    </message>
    <message>
      <location filename="../qml/ManualEntryScreen.qml" line="17" />
      <source>This ID number is not valid. Please check each digit.</source>
      <translation>This ID number is not valid. Please check each digit.</translation>
    </message>
    <message>
      <location filename="../qml/ManualEntryScreen.qml" line="18" />
      <source>A 2017 permanent resident card number has 3 letters and 12 digits; a travel permit H or M and 8 digits.</source>
      <translation>A 2017 permanent resident card number has 3 letters and 12 digits; a travel permit H or M and 8 digits.</translation>
    </message>
    <message>
      <location filename="../qml/ManualEntryScreen.qml" line="19" />
      <source>Enter an 11-digit mobile number starting with 1.</source>
      <translation>Enter an 11-digit mobile number starting with 1.</translation>
    </message>
    <message>
      <location filename="../qml/ManualEntryScreen.qml" line="36" />
      <source>Enter your details</source>
      <translation>Enter your details</translation>
    </message>
    <message>
      <location filename="../qml/ManualEntryScreen.qml" line="37" />
      <source>Use the keyboard on the screen. Your ID number is only used for this application.</source>
      <translation>Use the keyboard on the screen. Your ID number is only used for this application.</translation>
    </message>
    <message>
      <location filename="../qml/ManualEntryScreen.qml" line="43" />
      <source>Full name</source>
      <translation>Full name</translation>
    </message>
    <message>
      <location filename="../qml/ManualEntryScreen.qml" line="53" />
      <source>ID card number</source>
      <translation>ID card number</translation>
    </message>
    <message>
      <location filename="../qml/ManualEntryScreen.qml" line="54" />
      <source>18 characters; the last may be X</source>
      <translation>18 characters; the last may be X</translation>
    </message>
    <message>
      <location filename="../qml/ManualEntryScreen.qml" line="64" />
      <source>Mobile phone</source>
      <translation>Mobile phone</translation>
    </message>
    <message>
      <location filename="../qml/ManualEntryScreen.qml" line="65" />
      <source>We send progress updates to this number</source>
      <translation>We send progress updates to this number</translation>
    </message>
    <message>
      <location filename="../qml/ManualEntryScreen.qml" line="78" />
      <source>Next</source>
      <translation>Next</translation>
    </message>
  </context>
  <context>
    <name>MaterialsScreen</name>
    <message>
      <location filename="../qml/MaterialsScreen.qml" line="21" />
      <source>Photograph your papers (%1 of %2)</source>
      <translation>Photograph your papers (%1 of %2)</translation>
    </message>
    <message>
      <location filename="../qml/MaterialsScreen.qml" line="22" />
      <source>Required</source>
      <translation>Required</translation>
    </message>
    <message>
      <location filename="../qml/MaterialsScreen.qml" line="22" />
      <source>Optional, if you have it</source>
      <translation>Optional, if you have it</translation>
    </message>
    <message>
      <location filename="../qml/MaterialsScreen.qml" line="71" />
      <source>The camera is not available.</source>
      <translation>The camera is not available.</translation>
    </message>
    <message>
      <location filename="../qml/MaterialsScreen.qml" line="100" />
      <source>Lay the paper flat under the camera with all four corners showing, then press "Take photo". One photo for each page.</source>
      <translation>Lay the paper flat under the camera with all four corners showing, then press "Take photo". One photo for each page.</translation>
    </message>
    <message>
      <location filename="../qml/MaterialsScreen.qml" line="111" />
      <source>Take page %1 again</source>
      <translation>Take page %1 again</translation>
    </message>
    <message>
      <location filename="../qml/MaterialsScreen.qml" line="112" />
      <source>Take photo of the next page</source>
      <translation>Take photo of the next page</translation>
    </message>
    <message>
      <location filename="../qml/MaterialsScreen.qml" line="112" />
      <source>Take photo</source>
      <translation>Take photo</translation>
    </message>
    <message>
      <location filename="../qml/MaterialsScreen.qml" line="149" />
      <source>Page %1</source>
      <translation>Page %1</translation>
    </message>
    <message>
      <location filename="../qml/MaterialsScreen.qml" line="172" />
      <source>Retake</source>
      <translation>Retake</translation>
    </message>
    <message>
      <location filename="../qml/MaterialsScreen.qml" line="181" />
      <source>Delete</source>
      <translation>Delete</translation>
    </message>
    <message>
      <location filename="../qml/MaterialsScreen.qml" line="203" />
      <source>I will bring it to the counter</source>
      <translation>I will bring it to the counter</translation>
    </message>
    <message>
      <location filename="../qml/MaterialsScreen.qml" line="212" />
      <source>Check my application</source>
      <translation>Check my application</translation>
    </message>
    <message>
      <location filename="../qml/MaterialsScreen.qml" line="212" />
      <source>Next paper</source>
      <translation>Next paper</translation>
    </message>
    <message>
      <location filename="../qml/MaterialsScreen.qml" line="213" />
      <source>Skip, I do not have it</source>
      <translation>Skip, I do not have it</translation>
    </message>
  </context>
  <context>
    <name>NavBar</name>
    <message>
      <location filename="../qml/NavBar.qml" line="23" />
      <source>Back</source>
      <translation>Back</translation>
    </message>
    <message>
      <location filename="../qml/NavBar.qml" line="34" />
      <source>Home</source>
      <translation>Home</translation>
    </message>
    <message>
      <location filename="../qml/NavBar.qml" line="44" />
      <source>Large text</source>
      <translation>Large text</translation>
    </message>
  </context>
  <context>
    <name>NoticeScreen</name>
    <message>
      <location filename="../qml/NoticeScreen.qml" line="40" />
      <source>The notice is printing on the A4 printer.</source>
      <translation>The notice is printing on the A4 printer.</translation>
    </message>
    <message>
      <location filename="../qml/NoticeScreen.qml" line="41" />
      <source>The notice could not be printed here. Please read it on the board at the centre or ask staff.</source>
      <translation>The notice could not be printed here. Please read it on the board at the centre or ask staff.</translation>
    </message>
    <message>
      <location filename="../qml/NoticeScreen.qml" line="49" />
      <source>Print this notice</source>
      <translation>Print this notice</translation>
    </message>
  </context>
  <context>
    <name>NoticesScreen</name>
    <message>
      <location filename="../qml/NoticesScreen.qml" line="12" />
      <source>Party affairs</source>
      <translation>Party affairs</translation>
    </message>
    <message>
      <location filename="../qml/NoticesScreen.qml" line="13" />
      <source>Community finances</source>
      <translation>Community finances</translation>
    </message>
    <message>
      <location filename="../qml/NoticesScreen.qml" line="14" />
      <source>Policies</source>
      <translation>Policies</translation>
    </message>
    <message>
      <location filename="../qml/NoticesScreen.qml" line="15" />
      <source>Activities</source>
      <translation>Activities</translation>
    </message>
    <message>
      <location filename="../qml/NoticesScreen.qml" line="25" />
      <source>Community notices</source>
      <translation>Community notices</translation>
    </message>
  </context>
  <context>
    <name>QueueScreen</name>
    <message>
      <location filename="../qml/QueueScreen.qml" line="18" />
      <source>Take a queue number</source>
      <translation>Take a queue number</translation>
    </message>
    <message>
      <location filename="../qml/QueueScreen.qml" line="19" />
      <source>Choose what you need at the counter. Your number is printed and called on the screen above the counters.</source>
      <translation>Choose what you need at the counter. Your number is printed and called on the screen above the counters.</translation>
    </message>
  </context>
  <context>
    <name>RatingScreen</name>
    <message>
      <location filename="../qml/RatingScreen.qml" line="12" />
      <source>Very poor</source>
      <translation>Very poor</translation>
    </message>
    <message>
      <location filename="../qml/RatingScreen.qml" line="12" />
      <source>Poor</source>
      <translation>Poor</translation>
    </message>
    <message>
      <location filename="../qml/RatingScreen.qml" line="12" />
      <source>OK</source>
      <translation>OK</translation>
    </message>
    <message>
      <location filename="../qml/RatingScreen.qml" line="12" />
      <source>Good</source>
      <translation>Good</translation>
    </message>
    <message>
      <location filename="../qml/RatingScreen.qml" line="12" />
      <source>Very good</source>
      <translation>Very good</translation>
    </message>
    <message>
      <location filename="../qml/RatingScreen.qml" line="23" />
      <source>How was your visit today?</source>
      <translation>How was your visit today?</translation>
    </message>
    <message>
      <location filename="../qml/RatingScreen.qml" line="24" />
      <source>Your rating helps the centre improve. It is anonymous.</source>
      <translation>Your rating helps the centre improve. It is anonymous.</translation>
    </message>
    <message>
      <location filename="../qml/RatingScreen.qml" line="71" />
      <source>Skip</source>
      <translation>Skip</translation>
    </message>
    <message>
      <location filename="../qml/RatingScreen.qml" line="79" />
      <source>Send</source>
      <translation>Send</translation>
    </message>
  </context>
  <context>
    <name>ReceiptScreen</name>
    <message>
      <location filename="../qml/ReceiptScreen.qml" line="30" />
      <source>Your application has been submitted</source>
      <translation>Your application has been submitted</translation>
    </message>
    <message>
      <location filename="../qml/ReceiptScreen.qml" line="43" />
      <source>Your receipt has been printed. Please take it from the slot below.</source>
      <translation>Your receipt has been printed. Please take it from the slot below.</translation>
    </message>
    <message>
      <location filename="../qml/ReceiptScreen.qml" line="44" />
      <source>Still not printed. Staff have been called and will bring your receipt. Your application is saved.</source>
      <translation>Still not printed. Staff have been called and will bring your receipt. Your application is saved.</translation>
    </message>
    <message>
      <location filename="../qml/ReceiptScreen.qml" line="46" />
      <source>The printer has run out of paper. Your application is saved. Write down the tracking number below, or ask staff to print your receipt. You can also check progress later with your ID card.</source>
      <translation>The printer has run out of paper. Your application is saved. Write down the tracking number below, or ask staff to print your receipt. You can also check progress later with your ID card.</translation>
    </message>
    <message>
      <location filename="../qml/ReceiptScreen.qml" line="47" />
      <source>The receipt could not be printed. Your application is saved. Write down the tracking number below, or ask staff to print your receipt. You can also check progress later with your ID card.</source>
      <translation>The receipt could not be printed. Your application is saved. Write down the tracking number below, or ask staff to print your receipt. You can also check progress later with your ID card.</translation>
    </message>
    <message>
      <location filename="../qml/ReceiptScreen.qml" line="66" />
      <source>Service</source>
      <translation>Service</translation>
    </message>
    <message>
      <location filename="../qml/ReceiptScreen.qml" line="67" />
      <source>Tracking number</source>
      <translation>Tracking number</translation>
    </message>
    <message>
      <location filename="../qml/ReceiptScreen.qml" line="68" />
      <source>Applicant</source>
      <translation>Applicant</translation>
    </message>
    <message>
      <location filename="../qml/ReceiptScreen.qml" line="69" />
      <source>ID number</source>
      <translation>ID number</translation>
    </message>
    <message>
      <location filename="../qml/ReceiptScreen.qml" line="70" />
      <source>Submitted</source>
      <translation>Submitted</translation>
    </message>
    <message>
      <location filename="../qml/ReceiptScreen.qml" line="71" />
      <source>Where to go</source>
      <translation>Where to go</translation>
    </message>
    <message>
      <location filename="../qml/ReceiptScreen.qml" line="97" />
      <source>What happens next</source>
      <translation>What happens next</translation>
    </message>
    <message>
      <location filename="../qml/ReceiptScreen.qml" line="130" />
      <source>Print again</source>
      <translation>Print again</translation>
    </message>
    <message>
      <location filename="../qml/ReceiptScreen.qml" line="130" />
      <source>Try printing again</source>
      <translation>Try printing again</translation>
    </message>
    <message>
      <location filename="../qml/ReceiptScreen.qml" line="140" />
      <source>Staff called</source>
      <translation>Staff called</translation>
    </message>
    <message>
      <location filename="../qml/ReceiptScreen.qml" line="140" />
      <source>Call staff</source>
      <translation>Call staff</translation>
    </message>
    <message>
      <location filename="../qml/ReceiptScreen.qml" line="148" />
      <source>Done</source>
      <translation>Done</translation>
    </message>
  </context>
  <context>
    <name>ReviewMaterials</name>
    <message>
      <location filename="../qml/ReviewMaterials.qml" line="17" />
      <source>Your papers</source>
      <translation>Your papers</translation>
    </message>
    <message numerus="yes">
      <location filename="../qml/ReviewMaterials.qml" line="49" />
      <source>%n page(s) photographed</source>
      <translation>
        <numerusform>%n page photographed</numerusform>
        <numerusform>%n pages photographed</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../qml/ReviewMaterials.qml" line="50" />
      <source>You will bring it to the counter</source>
      <translation>You will bring it to the counter</translation>
    </message>
    <message>
      <location filename="../qml/ReviewMaterials.qml" line="51" />
      <source>Not needed: you do not have it</source>
      <translation>Not needed: you do not have it</translation>
    </message>
  </context>
  <context>
    <name>ReviewScreen</name>
    <message>
      <location filename="../qml/ReviewScreen.qml" line="17" />
      <source>Check your answers</source>
      <translation>Check your answers</translation>
    </message>
    <message>
      <location filename="../qml/ReviewScreen.qml" line="18" />
      <source>Touch "Change" to correct anything. Nothing is sent until you press Submit.</source>
      <translation>Touch "Change" to correct anything. Nothing is sent until you press Submit.</translation>
    </message>
    <message>
      <location filename="../qml/ReviewScreen.qml" line="73" />
      <source>Hold to show</source>
      <translation>Hold to show</translation>
    </message>
    <message>
      <location filename="../qml/ReviewScreen.qml" line="83" />
      <source>Change</source>
      <translation>Change</translation>
    </message>
    <message>
      <location filename="../qml/ReviewScreen.qml" line="102" />
      <source>This terminal cannot save applications right now, so nothing was submitted and no receipt was given. Staff have been called: please wait here, or apply at the counter.</source>
      <translation>This terminal cannot save applications right now, so nothing was submitted and no receipt was given. Staff have been called: please wait here, or apply at the counter.</translation>
    </message>
    <message>
      <location filename="../qml/ReviewScreen.qml" line="104" />
      <source>This terminal's clock is wrong, so it cannot give dated receipts right now and nothing was submitted. Staff have been called: please wait here, or apply at the counter.</source>
      <translation>This terminal's clock is wrong, so it cannot give dated receipts right now and nothing was submitted. Staff have been called: please wait here, or apply at the counter.</translation>
    </message>
    <message>
      <location filename="../qml/ReviewScreen.qml" line="105" />
      <source>Your application could not be saved. Nothing was lost: please try again, or ask staff for help.</source>
      <translation>Your application could not be saved. Nothing was lost: please try again, or ask staff for help.</translation>
    </message>
    <message>
      <location filename="../qml/ReviewScreen.qml" line="112" />
      <source>Submit application</source>
      <translation>Submit application</translation>
    </message>
  </context>
  <context>
    <name>SearchScreen</name>
    <message>
      <location filename="../qml/SearchScreen.qml" line="18" />
      <source>Search services</source>
      <translation>Search services</translation>
    </message>
    <message>
      <location filename="../qml/SearchScreen.qml" line="19" />
      <source>Type a name, its pinyin, or the first letters (jzzm finds 居住证明).</source>
      <translation>Type a name, its pinyin, or the first letters (jzzm finds 居住证明).</translation>
    </message>
    <message>
      <location filename="../qml/SearchScreen.qml" line="27" />
      <source>For example: 居住证明, juzhu, jzzm</source>
      <translation>For example: 居住证明, juzhu, jzzm</translation>
    </message>
    <message>
      <location filename="../qml/SearchScreen.qml" line="54" />
      <source>Nothing found. Try fewer letters, or go back and choose a kind of service.</source>
      <translation>Nothing found. Try fewer letters, or go back and choose a kind of service.</translation>
    </message>
  </context>
  <context>
    <name>SignaturePad</name>
    <message>
      <location filename="../qml/SignaturePad.qml" line="21" />
      <source>Sign here with your finger</source>
      <translation>Sign here with your finger</translation>
    </message>
    <message>
      <location filename="../qml/SignaturePad.qml" line="71" />
      <source>Clear and sign again</source>
      <translation>Clear and sign again</translation>
    </message>
  </context>
  <context>
    <name>Stepper</name>
    <message>
      <location filename="../qml/Stepper.qml" line="45" />
      <source>Fewer</source>
      <translation>Fewer</translation>
    </message>
    <message>
      <location filename="../qml/Stepper.qml" line="59" />
      <source>Tap +</source>
      <translation>Tap +</translation>
    </message>
    <message>
      <location filename="../qml/Stepper.qml" line="70" />
      <source>More</source>
      <translation>More</translation>
    </message>
  </context>
  <context>
    <name>TechnicianCodes</name>
    <message>
      <location filename="../qml/TechnicianCodes.qml" line="35" />
      <source>stops service</source>
      <translation>stops service</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianCodes.qml" line="44" />
      <source>Likely cause: %1</source>
      <translation>Likely cause: %1</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianCodes.qml" line="51" />
      <source>Next step: %1</source>
      <translation>Next step: %1</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianCodes.qml" line="52" />
      <source>Spare part: %1</source>
      <translation>Spare part: %1</translation>
    </message>
  </context>
  <context>
    <name>TechnicianEntry</name>
    <message>
      <location filename="../qml/TechnicianEntry.qml" line="24" />
      <source>Card not recognised</source>
      <translation>Card not recognised</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianEntry.qml" line="28" />
      <source>Too many wrong entries. Try again in %1 s</source>
      <translation>Too many wrong entries. Try again in %1 s</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianEntry.qml" line="30" />
      <source>Something went wrong; try again</source>
      <translation>Something went wrong; try again</translation>
    </message>
    <message numerus="yes">
      <location filename="../qml/TechnicianEntry.qml" line="35" />
      <source>%n more wrong entries before a lock.</source>
      <translation>
        <numerusform>%n more wrong entries before a lock.</numerusform>
        <numerusform>%n more wrong entries before a lock.</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../qml/TechnicianEntry.qml" line="44" />
      <source>Technician entry with a one-time code</source>
      <translation>Technician entry with a one-time code</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianEntry.qml" line="44" />
      <source>Staff card detected</source>
      <translation>Staff card detected</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianEntry.qml" line="52" />
      <source>Enter your staff ID, then the 6-digit code for this terminal.</source>
      <translation>Enter your staff ID, then the 6-digit code for this terminal.</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianEntry.qml" line="53" />
      <source>Enter your PIN. Remove the card to cancel.</source>
      <translation>Enter your PIN. Remove the card to cancel.</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianEntry.qml" line="63" />
      <source>Staff ID</source>
      <translation>Staff ID</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianEntry.qml" line="113" />
      <source>Next: code</source>
      <translation>Next: code</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianEntry.qml" line="128" />
      <source>Code</source>
      <translation>Code</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianEntry.qml" line="128" />
      <source>PIN</source>
      <translation>PIN</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianEntry.qml" line="109" />
      <location filename="../qml/TechnicianEntry.qml" line="165" />
      <source>Clear</source>
      <translation>Clear</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianEntry.qml" line="25" />
      <source>Wrong PIN.</source>
      <translation>Wrong PIN.</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianEntry.qml" line="26" />
      <source>Wrong staff ID or code.</source>
      <translation>Wrong staff ID or code.</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianEntry.qml" line="165" />
      <source>Enter</source>
      <translation>Enter</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianEntry.qml" line="185" />
      <source>Use a one-time code</source>
      <translation>Use a one-time code</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianEntry.qml" line="192" />
      <source>Cancel</source>
      <translation>Cancel</translation>
    </message>
  </context>
  <context>
    <name>TechnicianExport</name>
    <message>
      <location filename="../qml/TechnicianExport.qml" line="18" />
      <source>The diagnostics bundle holds versions, settings without secrets, recent logs, test results and database statistics. It holds no personal data.</source>
      <translation>The diagnostics bundle holds versions, settings without secrets, recent logs, test results and database statistics. It holds no personal data.</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianExport.qml" line="24" />
      <source>Write to USB stick</source>
      <translation>Write to USB stick</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianExport.qml" line="25" />
      <source>Upload to platform</source>
      <translation>Upload to platform</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianExport.qml" line="33" />
      <source>Bundle written: %1 (%2 bytes)</source>
      <translation>Bundle written: %1 (%2 bytes)</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianExport.qml" line="34" />
      <source>Bundle queued for the platform (%1 bytes); waiting for the next sync…</source>
      <translation>Bundle queued for the platform (%1 bytes); waiting for the next sync…</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianExport.qml" line="35" />
      <source>Bundle delivered to the platform (%1 bytes)</source>
      <translation>Bundle delivered to the platform (%1 bytes)</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianExport.qml" line="36" />
      <source>The platform refused the bundle: %1</source>
      <translation>The platform refused the bundle: %1</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianExport.qml" line="37" />
      <source>No USB stick found. Insert a USB stick and try again.</source>
      <translation>No USB stick found. Insert a USB stick and try again.</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianExport.qml" line="38" />
      <source>The bundle is too large to upload; write it to a USB stick.</source>
      <translation>The bundle is too large to upload; write it to a USB stick.</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianExport.qml" line="40" />
      <source>Bundle not written: %1</source>
      <translation>Bundle not written: %1</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianExport.qml" line="50" />
      <source>Restart the app</source>
      <translation>Restart the app</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianExport.qml" line="56" />
      <source>Exit to the desktop</source>
      <translation>Exit to the desktop</translation>
    </message>
  </context>
  <context>
    <name>TechnicianFaults</name>
    <message>
      <location filename="../qml/TechnicianFaults.qml" line="19" />
      <source>No state changes recorded yet.</source>
      <translation>No state changes recorded yet.</translation>
    </message>
    <message numerus="yes">
      <location filename="../qml/TechnicianFaults.qml" line="20" />
      <source>%n state change(s), newest first</source>
      <translation>
        <numerusform>%n state change, newest first</numerusform>
        <numerusform>%n state changes, newest first</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../qml/TechnicianFaults.qml" line="29" />
      <source>Refresh</source>
      <translation>Refresh</translation>
    </message>
  </context>
  <context>
    <name>TechnicianLogs</name>
    <message>
      <location filename="../qml/TechnicianLogs.qml" line="20" />
      <source>All</source>
      <translation>All</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianLogs.qml" line="20" />
      <source>Technician</source>
      <translation>Technician</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianLogs.qml" line="21" />
      <source>Printing</source>
      <translation>Printing</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianLogs.qml" line="21" />
      <source>Devices</source>
      <translation>Devices</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianLogs.qml" line="22" />
      <source>Sessions</source>
      <translation>Sessions</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianLogs.qml" line="22" />
      <source>Sync</source>
      <translation>Sync</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianLogs.qml" line="37" />
      <source>Staff ID</source>
      <translation>Staff ID</translation>
    </message>
  </context>
  <context>
    <name>TechnicianMode</name>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="19" />
      <source>ID card reader</source>
      <translation>ID card reader</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="20" />
      <source>Staff card reader</source>
      <translation>Staff card reader</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="21" />
      <source>Receipt printer</source>
      <translation>Receipt printer</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="22" />
      <source>A4 printer</source>
      <translation>A4 printer</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="23" />
      <source>Touch screen</source>
      <translation>Touch screen</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="24" />
      <source>Network</source>
      <translation>Network</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="25" />
      <source>Platform and certificate</source>
      <translation>Platform and certificate</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="26" />
      <source>Sync queue</source>
      <translation>Sync queue</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="27" />
      <source>Storage</source>
      <translation>Storage</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="28" />
      <source>Clock</source>
      <translation>Clock</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="34" />
      <source>Warning</source>
      <translation>Warning</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="34" />
      <source>Fault</source>
      <translation>Fault</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="34" />
      <source>Normal</source>
      <translation>Normal</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="35" />
      <source>Running…</source>
      <translation>Running…</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="35" />
      <source>Not checked</source>
      <translation>Not checked</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="60" />
      <source>Technician mode</source>
      <translation>Technician mode</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="61" />
      <source>Administrator</source>
      <translation>Administrator</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="61" />
      <source>Technician</source>
      <translation>Technician</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="62" />
      <source>Terminal %1</source>
      <translation>Terminal %1</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="71" />
      <source>Exit</source>
      <translation>Exit</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="83" />
      <source>Overview</source>
      <translation>Overview</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="84" />
      <source>Self-tests</source>
      <translation>Self-tests</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="85" />
      <source>Readiness</source>
      <translation>Readiness</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="18" />
      <location filename="../qml/TechnicianMode.qml" line="86" />
      <source>Settings</source>
      <translation>Settings</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="87" />
      <source>Audit log</source>
      <translation>Audit log</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="88" />
      <source>Fault history</source>
      <translation>Fault history</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="89" />
      <source>Export &amp; restart</source>
      <translation>Export &amp; restart</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="90" />
      <source>Codes</source>
      <translation>Codes</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="157" />
      <source>Saved settings take effect only after the app restarts. Restart now?</source>
      <translation>Saved settings take effect only after the app restarts. Restart now?</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="164" />
      <source>Restart the app</source>
      <translation>Restart the app</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="166" />
      <source>Exit without restart</source>
      <translation>Exit without restart</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="185" />
      <source>No touch for a while: technician mode ends in %1 s. Touch the screen to stay.</source>
      <translation>No touch for a while: technician mode ends in %1 s. Touch the screen to stay.</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianMode.qml" line="206" />
      <source>Working…</source>
      <translation>Working…</translation>
    </message>
  </context>
  <context>
    <name>TechnicianOverview</name>
    <message>
      <location filename="../qml/TechnicianOverview.qml" line="17" />
      <source>Checking…</source>
      <translation>Checking…</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianOverview.qml" line="18" />
      <source>Overall: %1</source>
      <translation>Overall: %1</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianOverview.qml" line="27" />
      <source>Check again</source>
      <translation>Check again</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianOverview.qml" line="78" />
      <source>Next step: %1</source>
      <translation>Next step: %1</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianOverview.qml" line="79" />
      <source>Spare part: %1</source>
      <translation>Spare part: %1</translation>
    </message>
  </context>
  <context>
    <name>TechnicianReport</name>
    <message>
      <location filename="../qml/TechnicianReport.qml" line="19" />
      <source>Runs every check, prints the report on the receipt printer and sends it to the platform.</source>
      <translation>Runs every check, prints the report on the receipt printer and sends it to the platform.</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianReport.qml" line="26" />
      <source>Run readiness report</source>
      <translation>Run readiness report</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianReport.qml" line="34" />
      <source>Overall: %1</source>
      <translation>Overall: %1</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianReport.qml" line="35" />
      <source>Printed on the receipt printer.</source>
      <translation>Printed on the receipt printer.</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianReport.qml" line="35" />
      <source>Not printed: %1</source>
      <translation>Not printed: %1</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianReport.qml" line="36" />
      <source>Queued for upload to the platform.</source>
      <translation>Queued for upload to the platform.</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianReport.qml" line="36" />
      <source>Not queued for upload.</source>
      <translation>Not queued for upload.</translation>
    </message>
  </context>
  <context>
    <name>TechnicianSettings</name>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="16" />
      <source>Platform URL</source>
      <translation>Platform URL</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="17" />
      <source>Terminal ID</source>
      <translation>Terminal ID</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="18" />
      <source>ID reader driver</source>
      <translation>ID reader driver</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="19" />
      <source>ID reader port</source>
      <translation>ID reader port</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="20" />
      <source>ID reader speed</source>
      <translation>ID reader speed</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="21" />
      <source>Printer driver</source>
      <translation>Printer driver</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="22" />
      <source>Printer address</source>
      <translation>Printer address</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="23" />
      <source>Paper width (mm)</source>
      <translation>Paper width (mm)</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="24" />
      <source>Printer profile</source>
      <translation>Printer profile</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="25" />
      <source>A4 printer queue</source>
      <translation>A4 printer queue</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="26" />
      <source>Staff card reader on</source>
      <translation>Staff card reader on</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="27" />
      <source>Staff card reader name</source>
      <translation>Staff card reader name</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="28" />
      <source>Idle timeout (s)</source>
      <translation>Idle timeout (s)</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="29" />
      <source>Screen size / orientation</source>
      <translation>Screen size / orientation</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="30" />
      <source>Default language</source>
      <translation>Default language</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="31" />
      <source>Languages</source>
      <translation>Languages</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="39" />
      <source>Test</source>
      <translation>Test</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="40" />
      <source>Test and save</source>
      <translation>Test and save</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="41" />
      <source>Discard changes</source>
      <translation>Discard changes</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="42" />
      <source>Detect ports</source>
      <translation>Detect ports</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="52" />
      <source>Saved. Restart the app for device changes to take effect.</source>
      <translation>Saved. Restart the app for device changes to take effect.</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="52" />
      <source>Saved.</source>
      <translation>Saved.</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="53" />
      <source>Test passed. Not saved yet.</source>
      <translation>Test passed. Not saved yet.</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="53" />
      <source>Not saved: the previous settings stay in force.</source>
      <translation>Not saved: the previous settings stay in force.</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="72" />
      <source>Ports found: %1</source>
      <translation>Ports found: %1</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianSettings.qml" line="95" />
      <source>(saved; applies after a restart)</source>
      <translation>(saved; applies after a restart)</translation>
    </message>
  </context>
  <context>
    <name>TechnicianTests</name>
    <message>
      <location filename="../qml/TechnicianTests.qml" line="16" />
      <source>Name (masked)</source>
      <translation>Name (masked)</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianTests.qml" line="17" />
      <source>ID number (masked)</source>
      <translation>ID number (masked)</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianTests.qml" line="18" />
      <source>Sex code</source>
      <translation>Sex code</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianTests.qml" line="19" />
      <source>Valid until</source>
      <translation>Valid until</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianTests.qml" line="92" />
      <source>Did it print correctly?</source>
      <translation>Did it print correctly?</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianTests.qml" line="97" />
      <source>Yes</source>
      <translation>Yes</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianTests.qml" line="98" />
      <source>No</source>
      <translation>No</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianTests.qml" line="103" />
      <source>Sync now</source>
      <translation>Sync now</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianTests.qml" line="104" />
      <source>Retry quarantined items</source>
      <translation>Retry quarantined items</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianTests.qml" line="119" />
      <source>Last results</source>
      <translation>Last results</translation>
    </message>
  </context>
  <context>
    <name>TechnicianTouch</name>
    <message>
      <location filename="../qml/TechnicianTouch.qml" line="62" />
      <source>Tap every circle. Hit %1 of %2, missed %3</source>
      <translation>Tap every circle. Hit %1 of %2, missed %3</translation>
    </message>
    <message>
      <location filename="../qml/TechnicianTouch.qml" line="69" />
      <source>Finish test</source>
      <translation>Finish test</translation>
    </message>
  </context>
  <context>
    <name>TicketScreen</name>
    <message>
      <location filename="../qml/TicketScreen.qml" line="20" />
      <source>Your number</source>
      <translation>Your number</translation>
    </message>
    <message>
      <location filename="../qml/TicketScreen.qml" line="49" />
      <source>You are next.</source>
      <translation>You are next.</translation>
    </message>
    <message numerus="yes">
      <location filename="../qml/TicketScreen.qml" line="50" />
      <source>About %n person(s) ahead of you.</source>
      <translation>
        <numerusform>About %n person ahead of you.</numerusform>
        <numerusform>About %n people ahead of you.</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../qml/TicketScreen.qml" line="51" />
      <source>%1, roughly %2.</source>
      <translation>%1, roughly %2.</translation>
    </message>
    <message numerus="yes">
      <location filename="../qml/TicketScreen.qml" line="51" />
      <source>About %n person(s) ahead of you</source>
      <translation>
        <numerusform>About %n person ahead of you</numerusform>
        <numerusform>About %n people ahead of you</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../qml/TicketScreen.qml" line="52" />
      <source>%n minute(s)</source>
      <translation>
        <numerusform>%n minute</numerusform>
        <numerusform>%n minutes</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../qml/TicketScreen.qml" line="59" />
      <source>Your ticket has been printed. Please take it.</source>
      <translation>Your ticket has been printed. Please take it.</translation>
    </message>
    <message>
      <location filename="../qml/TicketScreen.qml" line="60" />
      <source>The ticket could not be printed. Please remember your number.</source>
      <translation>The ticket could not be printed. Please remember your number.</translation>
    </message>
    <message>
      <location filename="../qml/TicketScreen.qml" line="67" />
      <source>Done</source>
      <translation>Done</translation>
    </message>
  </context>
</TS>
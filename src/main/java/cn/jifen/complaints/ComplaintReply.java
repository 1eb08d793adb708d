package cn.jifen.complaints;

import cn.jifen.shared.PlainText;

/** An admin's answer to a complaint (the API's body, the page's form): the text, and whether it is shown publicly. */
public record ComplaintReply(@PlainText(max = Complaints.REPLY_MAX, required = true) String reply, boolean publicReply) { }

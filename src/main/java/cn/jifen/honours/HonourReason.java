package cn.jifen.honours;

import cn.jifen.shared.PlainText;

/**
 * Why an admin decides as it does on an honour or a certificate: choosing another household for the red flag than
 * the one proposed, or revoking a reference certificate. Plain text of at most 500 characters (the columns' width);
 * when it is required depends on the decision, so each service says so with its own message.
 */
record HonourReason(@PlainText(max = 500) String reason) { }

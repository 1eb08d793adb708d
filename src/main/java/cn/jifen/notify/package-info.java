/**
 * Telling people: an outbox written in the same transaction as the change it reports, a dispatcher that delivers
 * each message at least once, and the channels (inbox, SMS, WeChat, e-mail, webhooks).
 */
package cn.jifen.notify;

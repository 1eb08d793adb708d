package cn.jifen.claims;

/** A claim photo's bytes and their content type: the display copy, or the upload as sent. */
public record PhotoBytes(String contentType, byte[] bytes) { }

package cn.jifen.market;

/** A stored photo (of a product, or of a 六有 check) and its content type, as served. */
public record Photo(byte[] bytes, String type) { }

package cn.jifen.directory;

/** Published inside the transaction that creates the county, so other modules can set up its defaults. */
public record CountyCreated(long countyId, String code) { }

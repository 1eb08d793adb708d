package cn.jifen.directory;

/**
 * Who holds a passbook, as the supermarket counter needs it: the household, its status (only an ACTIVE household may
 * redeem) and the name of its head (printed on the receipt).
 */
public record PassbookHolder(long villageId, long householdId, String number, String status, String headName) { }

package cn.jifen.complaints;


/** Published inside the transaction that answers a complaint: the filer's household is told (notify module). */
public record ComplaintAnswered(long villageId, long complaintId, long householdId, ComplaintKind kind) { }

package cn.jifen.complaints;


/**
 * Published inside the transaction that escalates an overdue complaint to the town: the village's admins and the
 * town's admins are told. It carries no household, so the notice cannot reveal an anonymous filer to the village.
 */
public record ComplaintOverdue(long villageId, long complaintId, ComplaintKind kind) { }

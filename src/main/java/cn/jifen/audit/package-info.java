/**
 * The audit trail (审计日志): every change a person makes, who, when, what before and after.
 * <p>Owns {@code audit_log}. Invariant: entries are only appended, never changed or deleted by the application.
 * <p>Published API: {@link cn.jifen.audit.AuditLog} (record and read entries).
 */
@ApplicationModule(displayName = "Audit log", allowedDependencies = {})
package cn.jifen.audit;

import org.springframework.modulith.ApplicationModule;

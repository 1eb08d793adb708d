/**
 * Value types every module speaks: who acts ({@link cn.jifen.shared.Actor}, {@link cn.jifen.shared.Role}), periods,
 * paging, request keys, sealing, and the errors a request can end in.
 * <p>Owns the ShedLock table that {@link cn.jifen.shared.JobLocks} locks scheduled jobs with; depends on no other module.
 * <p>A <em>shared</em> module ({@code @Modulithic(sharedModules)} on {@code JifenApplication}), not an open one: every
 * module may use it without listing it, and every module test bootstraps it; it has no internals to open up.
 */
@ApplicationModule(displayName = "Shared kernel", allowedDependencies = {})
package cn.jifen.shared;

import org.springframework.modulith.ApplicationModule;

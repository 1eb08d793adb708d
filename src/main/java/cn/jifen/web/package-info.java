/**
 * Shared web plumbing: error handling, locale, clock, layout helpers, upload limits, the API documentation groups.
 * <p>Owns no tables. A shared module like {@code shared} (every module's controllers use it); depends on {@code shared} only.
 */
@ApplicationModule(displayName = "Web", allowedDependencies = {})
package cn.jifen.web;

import org.springframework.modulith.ApplicationModule;

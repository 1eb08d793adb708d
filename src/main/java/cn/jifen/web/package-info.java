/** Shared web plumbing: error handling, locale, clock, layout helpers. */
@ApplicationModule(type = Type.OPEN)
package cn.jifen.web;

import org.springframework.modulith.ApplicationModule;
import org.springframework.modulith.ApplicationModule.Type;

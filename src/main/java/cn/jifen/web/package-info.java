/** Shared web plumbing: error handling, locale, clock, layout helpers. */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package cn.jifen.web;

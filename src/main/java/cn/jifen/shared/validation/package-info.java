/**
 * Jakarta Validation constraints for request records and forms, implemented by {@code cn.jifen.shared.Texts} (one
 * rule for services and requests). Messages come from the bundles; the API answers a violation as it answers the
 * same problem raised by a service.
 */
package cn.jifen.shared.validation;

/**
 * The validators of the Jakarta Validation constraints {@code cn.jifen.shared.PlainText}, {@code Code}, {@code Phone} and {@code Between} (published in the base package, so every module may annotate its request records with them), implemented by {@code cn.jifen.shared.Texts} (one
 * rule for services and requests). Messages come from the bundles; the API answers a violation as it answers the
 * same problem raised by a service.
 */
package cn.jifen.shared.validation;

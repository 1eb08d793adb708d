/**
 * The wish list (心愿清单): goods villagers ask the supermarket to stock, with support, duplicates and forbidden goods.
 * <p>Owns {@code wish}, {@code wish_support}, {@code wish_open_name}, {@code wish_forbidden_term} and {@code wish_forbidden_county}. Invariant: one wish per household and goods name while open. (identity is needed by the wishes' tests only.)
 * <p>Published API: {@link cn.jifen.wishes.Wishes} and its records.
 */
@ApplicationModule(displayName = "Wishes", allowedDependencies = {"audit", "directory", "market", "identity"})
package cn.jifen.wishes;

import org.springframework.modulith.ApplicationModule;

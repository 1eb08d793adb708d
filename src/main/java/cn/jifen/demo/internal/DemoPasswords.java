package cn.jifen.demo.internal;

import java.util.Map;

/**
 * The BCrypt hashes of the demo county's published passwords (the banner prints them; they protect nothing),
 * computed once at development time. A first start used to hash each of these eight passwords with BCrypt
 * (cost 10) while the JIT was still cold, about a second of the loader's CPU; a stored hash of a public password
 * is as good as a fresh one. A password not listed here is hashed by the application's encoder as before, and
 * DemoPasswordsTest checks that every hash here is one the encoder accepts for its password.
 */
final class DemoPasswords {
    static final Map<String, String> HASHES = Map.of(
            "demo-admin", "$2a$10$yN8umaNW5TFG7LITsVbW4uwMycSdwqyaOpyPyEy2HYikB5AotDhl.",
            "demo-auditor", "$2a$10$2DqBkOiuK1AltaTxgxnX0uTiEfubfxBUUUwBgrE6p4thOyEYoZUA2",
            "demo-town", "$2a$10$s1m5Ndbv545E4SQ7KzkHAeGxXW8QcZtx0RuAF5YKB.TG3niymxjuG",
            "demo-village", "$2a$10$w4fQDWfbEunwoj2tjMb2muzGAEfu/twjWKuD3Y2J4b5hmcuYcqLeO",
            "demo-grid", "$2a$10$vegkRw2E5OrZb.sqXgSCse8EVKqa9jOreerl3pdSYyVkuyDCGIddG",
            "demo-keeper", "$2a$10$yokj/EMX2ATkfm3dBL7.BuxtHyfc18DbYqhfPy/HaKTK3L/.kNF7i",
            "123456", "$2a$10$zRA0q4uGsacfyXYYO3qLF.N49pDbkA/iYzkKURgPUGCV/u36wckna",
            "demo-bank", "$2a$10$U5GfEHkaFqg3A.naYcHkFe59pupQfJeZs.RdIqfvcMGnxwHmPYMUS");

    private DemoPasswords() {
    }
}

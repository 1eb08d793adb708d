/**
 * The workbench (工作台): each role's home page after login — a villager's passbook, goods, claims and what is
 * new since the last visit; the staff's queues. Owns the table villager_visit (when each villager account last
 * opened its home). Invariant: a villager's "new since" mark only moves forward. It composes other modules'
 * APIs and writes nothing of theirs. Published API: none (pages and their JSON twin, GET /api/v1/me/home).
 */
@ApplicationModule(displayName = "Workbench",
        allowedDependencies = {"shared", "claims", "complaints", "directory", "documents", "honours", "identity", "ledger",
                "market", "party", "proposals"})
package cn.jifen.workbench;

import org.springframework.modulith.ApplicationModule;

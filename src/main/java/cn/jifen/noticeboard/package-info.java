/**
 * The public notice board (公示栏): a village's board page for everyone (claims in publicity, postings, rankings,
 * honours, supermarket goods and proposals), its A3 poster, and the village's privacy setting for it. Owns the
 * table board_setting. Invariants: the board shows only what the village's privacy setting allows (names
 * masked or passbook numbers only); it is read-only and cached for a short time. Names and passbook numbers are
 * read through the directory's reporting views (household_v, resident_v, passbook_v).
 * Published API: {@link cn.jifen.noticeboard.Board}, {@link cn.jifen.noticeboard.BoardView},
 * {@link cn.jifen.noticeboard.BoardSettings}, {@link cn.jifen.noticeboard.Privacy}.
 */
@ApplicationModule(displayName = "Notice board",
        allowedDependencies = {"shared", "audit", "claims", "directory", "documents", "honours", "ledger", "market",
                "party", "proposals", "rules"})
package cn.jifen.noticeboard;

import org.springframework.modulith.ApplicationModule;

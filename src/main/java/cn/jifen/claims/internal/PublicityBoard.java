package cn.jifen.claims.internal;

import cn.jifen.claims.Claim;
import cn.jifen.claims.Claims.BoardLine;
import cn.jifen.directory.OrgUnit;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import java.util.List;
import org.springframework.stereotype.Service;

/** The publicity board (公示栏): a village's claims in publicity or held by an objection, with their objections. */
@Service
public class PublicityBoard {
    private static final List<String> PUBLIC = ClaimAccess.PUBLIC.stream().map(Enum::name).toList();

    private final ClaimListSql lists;
    private final ObjectionSql objections;
    private final ClaimAccess access;

    PublicityBoard(ClaimListSql lists, ObjectionSql objections, ClaimAccess access) {
        this.lists = lists;
        this.objections = objections;
        this.access = access;
    }

    /** A page of the claims of the village on the public board (in publicity or objected). */
    public Page<Claim> inPublicity(OrgUnit village, Paging paging) {
        return paging.of(lists.list(village.id(), null, PUBLIC, null, null, paging.size(), paging.offset()),
                lists.count(village.id(), null, PUBLIC, null, null));
    }

    /** The board without an actor, for the public notice board: objectors unnamed. Reads only. */
    public Page<BoardLine> publicity(long villageId, Paging paging) {
        return lines(null, villageId, paging);
    }

    /** A page of the board as a logged-in villager of the village, or staff working in it, sees it. */
    public Page<BoardLine> board(Actor actor, String villageCode, Paging paging) {
        return lines(actor, access.village(actor, villageCode).id(), paging);
    }

    private Page<BoardLine> lines(Actor actor, long villageId, Paging paging) {
        return paging.of(lists.list(villageId, null, PUBLIC, null, null, paging.size(), paging.offset()).stream()
                        .map(c -> new BoardLine(c, ObjectorPrivacy.objectionsFor(actor, objections.objections(villageId, c.id()))))
                        .toList(),
                lists.count(villageId, null, PUBLIC, null, null));
    }
}

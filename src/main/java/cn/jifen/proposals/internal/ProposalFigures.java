package cn.jifen.proposals.internal;

import cn.jifen.proposals.Proposals;
import cn.jifen.shared.PracticeFigures;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The votes' figures for the statistics: proposals put to the vote (voting opened in the range), votes cast in the
 * range, and turnout of the proposals whose voting ended in the range (votes ÷ electorate fixed at publishing).
 */
@Component
class ProposalFigures implements PracticeFigures {
    private final Proposals proposals;

    ProposalFigures(Proposals proposals) {
        this.proposals = proposals;
    }

    @Override
    public String sectionKey() {
        return "stats.practice.votes";
    }

    @Override
    public int order() {
        return 50;
    }

    @Override
    public List<Figure> figures(Collection<Long> villageIds, LocalDate from, LocalDate to) {
        List<Long> ids = List.copyOf(villageIds);
        List<Figure> out = new ArrayList<>();
        out.add(Figure.count("stats.practice.votes.held", proposals.held(ids, from, to), "stats.practice.votes.unitHeld"));
        out.add(Figure.count("stats.practice.votes.cast", proposals.votesCast(ids, from, to), "stats.practice.votes.unitCast"));
        var turnout = proposals.turnout(ids, from, to);
        if (turnout != null) {
            out.add(new Figure("stats.practice.votes.turnout", turnout, "stats.unit.percent"));
        }
        return out;
    }
}

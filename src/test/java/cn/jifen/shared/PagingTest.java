package cn.jifen.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A page cut from a whole list held in memory. */
class PagingTest {
    private static final List<Integer> SEVEN = IntStream.rangeClosed(1, 7).boxed().toList();

    @Test
    void anEmptyListGivesAnEmptyFirstPageWithTotalZero() {
        Page<Integer> p = new Paging(0, 3).slice(List.of());
        assertThat(p.items()).isEmpty();
        assertThat(p.total()).isZero();
        assertThat(p.pages()).isZero();
    }

    @Test
    void aMiddlePageIsFullAndCountsTheWholeList() {
        Page<Integer> p = new Paging(1, 3).slice(SEVEN);
        assertThat(p.items()).containsExactly(4, 5, 6);
        assertThat(p.total()).isEqualTo(7);
        assertThat(p.hasNext()).isTrue();
        assertThat(p.hasPrevious()).isTrue();
    }

    @Test
    void theLastPageHoldsOnlyWhatIsLeft() {
        Page<Integer> p = new Paging(2, 3).slice(SEVEN);
        assertThat(p.items()).containsExactly(7);
        assertThat(p.hasNext()).isFalse();
        assertThat(p.pages()).isEqualTo(3);
    }

    @Test
    void aPagePastTheEndIsEmptyButKeepsTheTotal() {
        Page<Integer> p = new Paging(5, 3).slice(SEVEN);
        assertThat(p.items()).isEmpty();
        assertThat(p.total()).isEqualTo(7);
        assertThat(p.page()).isEqualTo(5);
    }

    @Test
    void aPageExactlyAsLongAsTheListIsTheWholeList() {
        assertThat(new Paging(0, 7).slice(SEVEN).items()).isEqualTo(SEVEN);
        assertThat(new Paging(1, 7).slice(SEVEN).items()).isEmpty();
    }
}

package cn.jifen.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jifen.shared.InvalidInput;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** A date typed into a page's form: blank is absent, year-month-day is read, anything else is the page's refusal. */
class FormValuesTest {

    @Test
    void aBlankDateIsNoDate() {
        assertThat(FormValues.date("heldOn", "  ", "error.meetings.dateFormat")).isNull();
        assertThat(FormValues.date("heldOn", null, "error.meetings.dateFormat")).isNull();
    }

    @Test
    void aDateIsReadAsYearMonthDayWithTheSpacesAroundItIgnored() {
        assertThat(FormValues.date("heldOn", " 2026-03-15 ", "error.meetings.dateFormat"))
                .isEqualTo(LocalDate.of(2026, 3, 15));
    }

    @Test
    void anUnreadableDateIsRefusedNamingTheFieldWithThePagesMessage() {
        assertThatThrownBy(() -> FormValues.date("opens", "2026/03/15", "error.party.date"))
                .isInstanceOfSatisfying(InvalidInput.class, e -> {
                    assertThat(e.problems()).hasSize(1);
                    assertThat(e.problems().get(0).field()).isEqualTo("opens");
                    assertThat(e.problems().get(0).messageKey()).isEqualTo("error.party.date");
                });
    }
}

package cn.jifen.complaints;

import cn.jifen.shared.PlainText;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** The filer's household's rating of an answer (the API's body, the page's form): 1 to 5 stars and a comment. */
public record ComplaintRating(@NotNull(message = "{error.complaints.rating}")
                              @Min(value = 1, message = "{error.complaints.rating}")
                              @Max(value = 5, message = "{error.complaints.rating}") Integer rating,
                              @PlainText(max = Complaints.COMMENT_MAX) String comment) { }

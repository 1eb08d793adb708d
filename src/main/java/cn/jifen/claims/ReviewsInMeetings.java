package cn.jifen.claims;

/**
 * Whether a village reviews its claims in meetings (评议会) rather than by a single reviewer, for the claim page to
 * say so. Implemented by the meetings module (which reads claims, so claims cannot read it); absent, no village does.
 */
public interface ReviewsInMeetings {
    boolean reviewsInMeetings(long villageId);
}

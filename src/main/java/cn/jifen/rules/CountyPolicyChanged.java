package cn.jifen.rules;

/**
 * Published when the county admin saves the county's policy, so a module that keeps something derived from it
 * (the notice board's assembled boards) drops it at once. Listeners that cache should act after the commit.
 */
public record CountyPolicyChanged(long countyId) { }

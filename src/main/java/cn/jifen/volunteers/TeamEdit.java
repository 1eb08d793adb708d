package cn.jifen.volunteers;

import cn.jifen.shared.PlainText;

/**
 * A change to a team (the API's body, the page's form): a new name, service type or captain; a blank or null field
 * keeps what the team has. The name's rule is its constraint; the type and the captain are checked by
 * {@link VolunteerTeams}.
 */
public record TeamEdit(@PlainText(max = 100) String name, String serviceType, Long captainResidentId) { }

package cn.jifen.volunteers;

import cn.jifen.shared.PlainText;

/**
 * A volunteer team to set up (the API's body, the page's form): the village or town by code, the name, the service
 * type, the captain's household by passbook and, optionally, which of its residents (else the head). The name's rule
 * is its constraint; the unit, the service type and the captain are checked by {@link VolunteerTeams} (they need the
 * database, and its answers name them {@code teamUnit} and {@code captain} as the form does).
 */
public record TeamDraft(String unit,
                        @PlainText(max = 100, required = true) String name,
                        String serviceType, String captainPassbookNumber, Long captainResidentId) { }

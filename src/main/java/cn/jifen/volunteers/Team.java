package cn.jifen.volunteers;

import cn.jifen.volunteers.internal.ServiceType;
import java.time.OffsetDateTime;

/**
 * A volunteer team (志愿服务队) of a village or a town. {@code villageId} routes its rows: the team's own village, or
 * for a town team its home village. {@code unitCode}/{@code unitName} name the village or town it belongs to.
 */
public record Team(long villageId, long id, String unitCode, String unitName, String orgPath, String name,
                   ServiceType serviceType, long captainVillageId, long captainResidentId, String captainName,
                   int members, OffsetDateTime createdAt) { }

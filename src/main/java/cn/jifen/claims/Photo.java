package cn.jifen.claims;

import java.time.OffsetDateTime;

/** A photo (evidence) attached to a claim; the bytes are read separately. */
public record Photo(long id, long claimId, String contentType, int sizeBytes, String uploadedByName,
                    OffsetDateTime uploadedAt) { }

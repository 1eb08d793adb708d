package cn.jifen.claims.internal;

import cn.jifen.claims.Photo;
import cn.jifen.claims.PhotoBytes;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The evidence photos of claims (claim_photo): the upload as sent and its display copy. */
@Repository
public class PhotoSql {
    private final JdbcClient jdbc;

    PhotoSql(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long insertPhoto(long villageId, long claimId, String type, byte[] original, byte[] display, Long by, String byName,
                     OffsetDateTime at) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO claim_photo (village_id, claim_id, content_type, original, display, size_bytes, uploaded_by,
                                         uploaded_by_name, uploaded_at)
                VALUES (:v, :c, :t, :o, :d, :n, :by, :byName, :at)""")
                .param("v", villageId).param("c", claimId).param("t", type).param("o", original).param("d", display)
                .param("n", original.length).param("by", by).param("byName", byName).param("at", at)
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    public List<Photo> photos(long villageId, long claimId) {
        return jdbc.sql("""
                SELECT id, claim_id, content_type, size_bytes, uploaded_by_name, uploaded_at FROM claim_photo
                WHERE village_id = :v AND claim_id = :c ORDER BY id""")
                .param("v", villageId).param("c", claimId)
                .query((rs, i) -> new Photo(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getInt(4), rs.getString(5),
                        rs.getObject(6, OffsetDateTime.class))).list();
    }

    public Optional<PhotoBytes> photo(long villageId, long claimId, long photoId, boolean original) {
        return jdbc.sql("SELECT content_type, original, display FROM claim_photo WHERE village_id = :v AND claim_id = :c AND id = :id")
                .param("v", villageId).param("c", claimId).param("id", photoId)
                .query((rs, i) -> {
                    byte[] display = rs.getBytes(3);
                    return original || display == null ? new PhotoBytes(rs.getString(1), rs.getBytes(2))
                            : new PhotoBytes("image/jpeg", display);
                }).optional();
    }
}

package cn.jifen.claims.internal;

import cn.jifen.audit.AuditLog;
import cn.jifen.claims.Claim;
import cn.jifen.claims.ClaimStatus;
import cn.jifen.claims.Photo;
import cn.jifen.claims.PhotoBytes;
import cn.jifen.claims.internal.ClaimLifecycle.Step;
import cn.jifen.shared.Actor;
import cn.jifen.shared.InvalidInput;
import java.time.OffsetDateTime;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Evidence photos of a claim under review: checked before anything is saved, at most {@link #MAX_PHOTOS} a claim. */
@Service
public class ClaimPhotos {
    public static final int MAX_PHOTOS = 9;

    private final ClaimSql sql;
    private final PhotoSql photos;
    private final ClaimEventSql history;
    private final ClaimAccess access;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final long photoMaxBytes;

    ClaimPhotos(ClaimSql sql, PhotoSql photos, ClaimEventSql history, ClaimAccess access, AuditLog audit,
                TransactionTemplate tx, @Value("${jifen.claims.photo-max-bytes:8388608}") long photoMaxBytes) {
        this.sql = sql;
        this.photos = photos;
        this.history = history;
        this.access = access;
        this.audit = audit;
        this.tx = tx;
        this.photoMaxBytes = photoMaxBytes;
    }

    /** Checks a photo before anything is saved: size, type by content, decodable; returns its type. */
    public String checkPhoto(byte[] data) {
        if (data == null || data.length == 0) {
            throw InvalidInput.of("photo", "error.required");
        }
        if (data.length > photoMaxBytes) {
            throw InvalidInput.of("photo", "error.claims.photoTooLarge", photoMaxBytes / (1024 * 1024));
        }
        String type = PhotoCheck.contentType(data);
        PhotoCheck.displayCopy(data, type); // decodes it: a broken image is refused before anything is saved
        return type;
    }

    /** Adds a photo to a claim still under review: by the household's villager or staff in scope. */
    public Photo addPhoto(Actor actor, long villageId, long id, byte[] data) {
        Claim seen = access.visible(actor, villageId, id);
        ClaimAccess.requireHouseholdOrRecorder(actor, seen);
        String type = checkPhoto(data);
        byte[] display = PhotoCheck.displayCopy(data, type);
        long photoId = tx.execute(s -> {
            Claim c = sql.lock(villageId, id).orElseThrow(ClaimAccess::notFound);
            ClaimStatus to = ClaimLifecycle.next(c.status(), Step.ADD_PHOTO);
            if (photos.photos(villageId, id).size() >= MAX_PHOTOS) {
                throw InvalidInput.of("photo", "error.claims.tooManyPhotos", MAX_PHOTOS);
            }
            OffsetDateTime now = access.now();
            long pid = photos.insertPhoto(villageId, id, type, data, display, ClaimAccess.actorId(actor), actor.username(), now);
            history.event(villageId, id, now, ClaimAccess.actorId(actor), actor.username(), Step.ADD_PHOTO.action(),
                    c.status(), to, null, null);
            audit.record(actor, "claims.photo", access.path(villageId), "claim", villageId + "/" + id, null,
                    "photo " + pid + " " + type + " " + data.length, null);
            return pid;
        });
        return photos.photos(villageId, id).stream().filter(p -> p.id() == photoId).findFirst().orElseThrow();
    }

    /** A photo's bytes (the display copy, or the upload as sent), for whoever may see the claim. */
    public PhotoBytes photo(Actor actor, long villageId, long id, long photoId, boolean original) {
        access.visible(actor, villageId, id);
        return photos.photo(villageId, id, photoId, original).orElseThrow(ClaimAccess::notFound);
    }
}

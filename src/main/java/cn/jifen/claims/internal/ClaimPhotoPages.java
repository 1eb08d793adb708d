package cn.jifen.claims.internal;

import cn.jifen.claims.Claims;
import cn.jifen.claims.PhotoBytes;
import cn.jifen.shared.Actor;
import cn.jifen.web.FormValues;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/** A claim's evidence photos on its page: adding one, and showing one (the display copy, or the upload as sent). */
@Controller
class ClaimPhotoPages {
    private final Claims claims;

    ClaimPhotoPages(Claims claims) {
        this.claims = claims;
    }

    @PostMapping({"/console/claims/{villageId}/{id}/photos", "/me/claims/{villageId}/{id}/photos"})
    String addPhoto(Actor actor, @PathVariable long villageId, @PathVariable long id,
                    @RequestParam(required = false) MultipartFile photo) {
        claims.addPhoto(actor, villageId, id, FormValues.photo(photo));
        return "redirect:" + (actor.isStaff() ? "/console/claims/" : "/me/claims/") + villageId + "/" + id;
    }

    @GetMapping({"/console/claims/{villageId}/{id}/photos/{photoId}", "/me/claims/{villageId}/{id}/photos/{photoId}"})
    ResponseEntity<byte[]> photo(Actor actor, @PathVariable long villageId, @PathVariable long id,
                                 @PathVariable long photoId, @RequestParam(defaultValue = "false") boolean original) {
        PhotoBytes p = claims.photo(actor, villageId, id, photoId, original);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(p.contentType()))
                .header(HttpHeaders.CACHE_CONTROL, "private, max-age=3600")
                .header("X-Content-Type-Options", "nosniff").body(p.bytes());
    }
}

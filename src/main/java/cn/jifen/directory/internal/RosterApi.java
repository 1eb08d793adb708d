package cn.jifen.directory.internal;

import cn.jifen.directory.RosterImport;
import cn.jifen.shared.Actor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Roster import for clients: the same engine as the import page ({@link RosterImport}), so the same
 * checks, the same all-or-nothing write and the same audit record.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "households", description = "农户、家庭成员与积分存折")
class RosterApi {
    record Imported(int householdsAdded, int residentsAdded, int unchanged) { }

    record RowError(int row, String column, String message) { }

    private final RosterImport rosters;

    RosterApi(RosterImport rosters) {
        this.rosters = rosters;
    }

    @PostMapping(path = "/villages/{code}/roster", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "导入花名册（.xlsx 或 .csv，字段 file）：全部通过才写入；否则 422 列出每行每列的问题，什么也不写")
    ResponseEntity<?> importRoster(@Parameter(hidden = true) Actor actor, @PathVariable String code,
                                   @RequestParam(required = false) MultipartFile file) throws IOException {
        byte[] content = file == null || file.isEmpty() ? null : file.getBytes();
        Locale locale = LocaleContextHolder.getLocale();
        RosterImport.Outcome outcome = rosters.importRoster(actor, code, file == null ? null : file.getOriginalFilename(),
                content, locale);
        if (outcome.imported()) {
            return ResponseEntity.ok(new Imported(outcome.householdsAdded(), outcome.residentsAdded(),
                    outcome.residentsUnchanged()));
        }
        List<RowError> errors = outcome.problems().stream()
                .map(p -> new RowError(p.row(), p.column(), p.message())).toList();
        return ResponseEntity.unprocessableEntity().contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("errors", errors, "errorCount", outcome.problemCount()));
    }
}

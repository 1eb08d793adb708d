package cn.jifen.volunteers.internal;

import cn.jifen.shared.Actor;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import cn.jifen.volunteers.InformantReport;
import cn.jifen.volunteers.Informants;
import cn.jifen.web.FormValues;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@Tag(name = "informants", description = "信息员：按网格任命；信息员用手机报告（可带照片），网格员核实后转为积分记录或扣分，或说明理由不予采纳")
class InformantApi {
    record AppointBody(String village, String grid, String passbookNumber, Long residentId, LocalDate appointedOn) { }

    record EndBody(LocalDate endedOn, String reason) { }

    record ConfirmBody(String itemCode, Integer points, String subjectPassbook, String note) { }

    record DismissBody(String reason) { }

    private final Informants informants;

    InformantApi(Informants informants) {
        this.informants = informants;
    }

    @GetMapping("/api/v1/informants")
    @Operation(summary = "本村信息员（在任的在前，含历任）；分页（page、size），附总数 total")
    Page<Informant> list(@Parameter(hidden = true) Actor actor, @RequestParam(required = false) String village,
                         @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        Paging paging = Paging.of(page, size);
        List<Informant> all = informants.list(actor, village);
        return paging.slice(all);
    }

    @PostMapping("/api/v1/informants")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "村管理员任命信息员：网格编码、存折编号（和 residentId，不填为户主），任命日期（不填为今天）")
    Informant appoint(@Parameter(hidden = true) Actor actor, @RequestBody AppointBody b) {
        return informants.appoint(actor, b.village(), b.grid(), b.passbookNumber(), b.residentId(), b.appointedOn());
    }

    @PostMapping("/api/v1/informants/{villageId}/{id}/end")
    @Operation(summary = "免去信息员：结束日期（不填为今天，不得早于任命日期）与原因")
    Informant end(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id,
                  @RequestBody(required = false) EndBody b) {
        return informants.end(actor, villageId, id, b == null ? null : b.endedOn(), b == null ? null : b.reason());
    }

    @GetMapping("/api/v1/informant-reports")
    @Operation(summary = "本村（网格员：本网格）信息员报告，未处理的在前；分页（page、size），附总数 total")
    Page<InformantReport> reports(@Parameter(hidden = true) Actor actor, @RequestParam(required = false) String village,
                                  @RequestParam(required = false) Integer page,
                                  @RequestParam(required = false) Integer size) {
        return informants.reports(actor, village, Paging.of(page, size));
    }

    @GetMapping("/api/v1/informant-reports/mine")
    @Operation(summary = "信息员（村民账号）自己的报告，最新的在前")
    List<InformantReport> mine(@Parameter(hidden = true) Actor actor) {
        return informants.myReports(actor);
    }

    @PostMapping(path = "/api/v1/informant-reports", consumes = "multipart/form-data")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "信息员报告（村民账号）：kind（LIVESTOCK 禽畜散养、CLUTTER 乱堆乱放、SAFETY 安全隐患、GOOD_DEED 好人好事、OTHER）、"
            + "note、可选 subjectPassbook（须在本网格）、可选照片 photo")
    InformantReport report(@Parameter(hidden = true) Actor actor, @RequestParam(required = false) String kind,
                           @RequestParam(required = false) String note,
                           @RequestParam(required = false) String subjectPassbook,
                           @RequestParam(required = false) MultipartFile photo) {
        return informants.report(actor, kind, note, subjectPassbook, FormValues.photo(photo));
    }

    @GetMapping("/api/v1/informant-reports/{villageId}/{id}")
    InformantReport get(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id) {
        return informants.get(actor, villageId, id);
    }

    @GetMapping("/api/v1/informant-reports/{villageId}/{id}/photo")
    ResponseEntity<byte[]> photo(@Parameter(hidden = true) Actor actor, @PathVariable long villageId,
                                 @PathVariable long id) {
        byte[][] p = informants.photo(actor, villageId, id).orElseThrow(() -> new NotFound("error.informants.noPhoto"));
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(Informants.photoType(p))).body(p[1]);
    }

    @PostMapping("/api/v1/informant-reports/{villageId}/{id}/confirm")
    @Operation(summary = "网格员核实：按细则项目 itemCode 和分值 points 为相关农户生成积分记录（好人好事或负面清单扣分），照片随附；"
            + "已处理的报告为 409")
    InformantReport confirm(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id,
                            @RequestBody ConfirmBody b) {
        return informants.confirm(actor, villageId, id, b.itemCode(), b.points(), b.subjectPassbook(), b.note());
    }

    @PostMapping("/api/v1/informant-reports/{villageId}/{id}/dismiss")
    @Operation(summary = "不予采纳，须写理由；已处理的报告为 409")
    InformantReport dismiss(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id,
                            @RequestBody(required = false) DismissBody b) {
        return informants.dismiss(actor, villageId, id, b == null ? null : b.reason());
    }
}

package io.tbmock.admin.internal.endpoints;

import io.tbmock.admin.internal.ApiRequest;
import io.tbmock.admin.internal.ApiResponse;
import io.tbmock.admin.internal.Endpoint;
import io.tbmock.admin.internal.Json;
import io.tbmock.admin.internal.JsonViews;
import io.tbmock.server.TbMock;
import io.tbmock.server.model.ChecksumAlgorithm;
import io.tbmock.server.model.NewOtaPackage;
import io.tbmock.server.model.OtaPackageType;

import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /admin/ota/packages?title&version&type&checksumAlgorithm&checksum&tag&url}, body: the package's
 * raw bytes (empty for a URL package). 201 with the package; the query names what ThingsBoard's package form
 * holds, so a {@code curl --data-binary @fw.bin} is the whole upload.
 */
public final class UploadOtaPackage implements Endpoint {
    private final TbMock tb;

    public UploadOtaPackage(TbMock tb) {
        this.tb = tb;
    }

    @Override
    public CompletableFuture<ApiResponse> handle(ApiRequest request) {
        String type = request.query("type");
        String algorithm = request.query("checksumAlgorithm");
        NewOtaPackage spec = NewOtaPackage.firmware(request.query("title"), request.query("version"))
            .type(type == null ? OtaPackageType.FIRMWARE : Json.enumValue(OtaPackageType.class, type, "type"))
            .checksumAlgorithm(algorithm == null ? null : Json.enumValue(ChecksumAlgorithm.class, algorithm,
                "checksumAlgorithm"))
            .checksum(request.query("checksum"))
            .tag(request.query("tag"))
            .url(request.query("url"));
        return ApiResponse.created(JsonViews.otaPackage(tb.uploadOtaPackage(spec, request.body()))).done();
    }
}

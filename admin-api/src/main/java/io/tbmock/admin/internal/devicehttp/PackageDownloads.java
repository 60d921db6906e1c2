package io.tbmock.admin.internal.devicehttp;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.tbmock.admin.internal.ApiRequest;
import io.tbmock.admin.internal.ApiResponse;
import io.tbmock.admin.internal.tbrest.OtaFile;
import io.tbmock.server.device.DeviceLink;
import io.tbmock.server.device.OtaDownload;
import io.tbmock.server.model.OtaPackageType;

import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v1/{token}/firmware} and {@code …/software} (docs/thingsboard-http.md §12): the device's assigned
 * package, whole or by chunk, with ThingsBoard's headers; 404 for none, 400 for another title or version, both
 * empty.
 */
final class PackageDownloads {
    /** What Spring's MediaType.parseMediaType accepts, roughly: {@code type/subtype[;parameters]}. */
    private static final Pattern MEDIA_TYPE = Pattern.compile("[\\w.+\\-]+/[\\w.+\\-]+(\\s*;.*)?");

    /** The file name and content type a package's data was uploaded with, by the core's package id. */
    private final Function<String, Optional<OtaFile>> files;

    PackageDownloads(Function<String, Optional<OtaFile>> files) {
        this.files = files;
    }

    /** A download's query: title and version are required, size and chunk default to 0. */
    record Query(String title, String version, int size, int chunk) {
        static Query of(ApiRequest request) {
            return new Query(RequestParams.required(request, "title"), RequestParams.required(request, "version"),
                RequestParams.intOrZero(request, "size"), RequestParams.intOrZero(request, "chunk"));
        }
    }

    ApiResponse download(DeviceLink link, String where, ApiRequest request, OtaPackageType type) {
        Query query = Query.of(request);
        OtaDownload download;
        try {
            download = link.ota(where, type, query.title(), query.version(), query.size(), query.chunk());
        } catch (IndexOutOfBoundsException e) {
            return new ApiResponse(HttpResponseStatus.INTERNAL_SERVER_ERROR, null);
        }
        if (download instanceof OtaDownload.NotFound) {
            return new ApiResponse(HttpResponseStatus.NOT_FOUND, null);
        }
        if (download instanceof OtaDownload.Mismatch) {
            return new ApiResponse(HttpResponseStatus.BAD_REQUEST, null);
        }
        OtaDownload.Chunk bytes = (OtaDownload.Chunk) download;
        Optional<OtaFile> file = files.apply(bytes.packageId());
        String fileName = file.map(OtaFile::fileName).orElse(bytes.title());
        String contentType = file.map(OtaFile::contentType).filter(given -> MEDIA_TYPE.matcher(given).matches())
            .orElse(HttpHeaderValues.APPLICATION_OCTET_STREAM.toString());
        return ApiResponse.bytes(HttpResponseStatus.OK, contentType, bytes.data())
            .withHeader(HttpHeaderNames.CONTENT_DISPOSITION, "attachment;filename=" + fileName)
            .withHeader("x-filename", fileName);
    }
}

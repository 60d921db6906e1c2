package io.tbmock.admin.internal.tbrest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import io.tbmock.admin.internal.ApiRequest;
import io.tbmock.admin.internal.ApiResponse;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static io.netty.handler.codec.http.HttpMethod.DELETE;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;

/** OTA packages (docs/thingsboard-rest.md §7): the info, then its data as a multipart upload; assigned through a device's ids. */
final class OtaRoutes {
    private OtaRoutes() {
    }

    static void register(TbRoutes routes, TbOtaPackages packages, DeviceProfiles profiles) {
        routes.add(POST, "/api/otaPackage",
            (request, user) -> TbRoutes.ok(packages.create(TbRoutes.object(request), profiles)));
        routes.add(POST, "/api/otaPackage/{id}", (request, user) -> upload(packages, request));
        routes.add(GET, "/api/otaPackage/{id}", (request, user) -> TbRoutes.ok(packages.get(request.path("id"))));
        routes.add(GET, "/api/otaPackage/info/{id}", (request, user) -> TbRoutes.ok(packages.get(request.path("id"))));
        routes.add(DELETE, "/api/otaPackage/{id}", (request, user) -> {
            packages.delete(request.path("id"));
            return TbRoutes.empty();
        });
        routes.add(GET, "/api/otaPackages", (request, user) -> TbRoutes.ok(TbPages.page(packages.all(), request,
            "title")));
        routes.add(GET, "/api/otaPackages/{deviceProfileId}/{type}", (request, user) -> {
            String profileId = TbIds.uuid(request.path("deviceProfileId"));
            List<ObjectNode> matching = packages.all().stream()
                .filter(info -> info.path("deviceProfileId").path("id").asText().equals(profileId)
                    && info.get("type").asText().equals(request.path("type")))
                .collect(Collectors.toList());
            return TbRoutes.ok(TbPages.page(matching, request, "title"));
        });
    }

    /** The multipart form's part {@code file}; {@code checksumAlgorithm} and {@code checksum} in the query or form. */
    private static CompletableFuture<ApiResponse> upload(TbOtaPackages packages, ApiRequest request) {
        FullHttpRequest form = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/",
            Unpooled.wrappedBuffer(request.body()), request.headers(), EmptyHttpHeaders.INSTANCE);
        HttpPostRequestDecoder decoder;
        try {
            decoder = new HttpPostRequestDecoder(new DefaultHttpDataFactory(false), form);
        } catch (HttpPostRequestDecoder.ErrorDataDecoderException notAForm) {
            throw TbError.badRequest("Current request is not a multipart request");
        }
        try {
            FileUpload file = null;
            String algorithm = request.query("checksumAlgorithm");
            String checksum = request.query("checksum");
            for (InterfaceHttpData part : decoder.getBodyHttpDatas()) {
                if (part instanceof FileUpload upload && part.getName().equals("file")) {
                    file = upload;
                } else if (part instanceof Attribute field && field.getName().equals("checksumAlgorithm")) {
                    algorithm = field.getValue();
                } else if (part instanceof Attribute field && field.getName().equals("checksum")) {
                    checksum = field.getValue();
                }
            }
            if (file == null) {
                throw TbError.badRequest("Required part 'file' is not present.");
            }
            return TbRoutes.ok(packages.upload(request.path("id"), file.get(), file.getFilename(),
                file.getContentType(), algorithm, checksum));
        } catch (IOException | HttpPostRequestDecoder.ErrorDataDecoderException broken) {
            throw TbError.badRequest("Failed to parse multipart servlet request: " + broken.getMessage());
        } finally {
            decoder.destroy();
            form.release();
        }
    }
}

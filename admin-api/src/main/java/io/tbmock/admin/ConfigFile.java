package io.tbmock.admin;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tbmock.admin.internal.ApiError;
import io.tbmock.admin.internal.ApiRequest;
import io.tbmock.admin.internal.ApiResponse;
import io.tbmock.admin.internal.Endpoint;
import io.tbmock.admin.internal.Json;
import io.tbmock.admin.internal.endpoints.AddClientRpcStub;
import io.tbmock.admin.internal.endpoints.AddFault;
import io.tbmock.admin.internal.endpoints.AssignOtaPackage;
import io.tbmock.admin.internal.endpoints.CreateDevice;
import io.tbmock.admin.internal.endpoints.CreateProvisionProfile;
import io.tbmock.admin.internal.endpoints.SaveDeviceProfile;
import io.tbmock.admin.internal.endpoints.UploadOtaPackage;
import io.tbmock.server.InvalidRequestException;
import io.tbmock.server.MockSetup;
import io.tbmock.server.TbMock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file describing a mock's fleet and options, in YAML ({@code .yml}, {@code .yaml}) or JSON: the state the
 * server starts in and every reset returns to. Each element has the shape of the admin API request that makes
 * it, so one document describes both (docs/config-file.md):
 * <pre>
 * server:            {mqtt-port: 1883, client-rpc-timeout: 5s}      # options, named as the flags
 * provisionProfiles: [POST /admin/provision-profiles bodies]
 * deviceProfiles:    [POST /admin/device-profiles bodies]
 * devices:           [POST /admin/devices bodies, plus sharedAttributes and clientAttributes objects]
 * otaPackages:       [POST /admin/ota/packages queries, plus file (relative to this file) and assign:
 *                     [{device, faults}]]
 * clientRpcStubs:    [POST /admin/client-rpc/stubs bodies]
 * faults:            [POST /admin/faults bodies], armed again at every reset
 * </pre>
 * The file is read and its structure checked by {@link #load}; its elements are checked as the admin API
 * checks them when {@link #setup()} applies them, at start, so a bad element stops the start. Every error names
 * the file, the line and the field.
 */
public final class ConfigFile {
    private static final List<String> SECTIONS = List.of("server", "provisionProfiles", "deviceProfiles", "devices",
        "otaPackages", "clientRpcStubs", "faults");
    private static final List<String> PACKAGE_QUERY = List.of("title", "version", "type", "checksumAlgorithm",
        "checksum", "tag", "url");
    /** A field path quoted in an admin API 400, such as {@code 'credentials.token'}. */
    private static final Pattern QUOTED_FIELD = Pattern.compile("'([A-Za-z][\\w.]*)'");

    private final Path file;
    private final ObjectNode root;
    private final Map<String, Integer> lines;
    /** Each package's bytes, by its element's pointer ({@code /otaPackages/0}). */
    private final Map<String, byte[]> packageBytes = new HashMap<>();

    private ConfigFile(Path file, ObjectNode root, Map<String, Integer> lines) {
        this.file = file;
        this.root = root;
        this.lines = lines;
    }

    /**
     * Reads the file and checks its structure: known sections, arrays of objects, package files that exist.
     *
     * @throws ConfigException it cannot be read, is not YAML or JSON, or is not shaped as a config file
     */
    public static ConfigFile load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file (looked for at " + file.toAbsolutePath() + ")");
        } catch (AccessDeniedException e) {
            throw new ConfigException(file + ": cannot be read: permission denied");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot be read: " + e);
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        JsonFactory factory = name.endsWith(".json") ? new JsonFactory() : new YAMLFactory();
        JsonNode root;
        Map<String, Integer> lines;
        try {
            root = new ObjectMapper(factory).readTree(bytes);
            lines = lines(factory, bytes);
        } catch (JsonProcessingException e) {
            throw new ConfigException(file + ":" + e.getLocation().getLineNr() + ": not valid "
                + (factory instanceof YAMLFactory ? "YAML" : "JSON") + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot be read: " + e.getMessage());
        }
        if (!(root instanceof ObjectNode object)) {
            throw new ConfigException(file + ":1: the file must hold an object with the sections "
                + String.join(", ", SECTIONS));
        }
        ConfigFile config = new ConfigFile(file, object, lines);
        config.checkStructure();
        return config;
    }

    /** Each JSON pointer's line, from a streaming pass over the same bytes. */
    private static Map<String, Integer> lines(JsonFactory factory, byte[] bytes) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = factory.createParser(bytes)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token != JsonToken.FIELD_NAME && token != JsonToken.END_OBJECT && token != JsonToken.END_ARRAY) {
                    lines.putIfAbsent(parser.getParsingContext().pathAsPointer().toString(),
                        parser.currentTokenLocation().getLineNr());
                }
            }
        }
        return lines;
    }

    private void checkStructure() {
        root.fieldNames().forEachRemaining(section -> {
            if (!SECTIONS.contains(section)) {
                throw error("/" + section, section + ": unknown section; a config file has " + String.join(", ", SECTIONS));
            }
        });
        JsonNode server = root.get("server");
        if (server != null && !server.isObject()) {
            throw error("/server", "server: must be an object of options, named as the command-line flags");
        }
        if (server != null) {
            server.fields().forEachRemaining(option -> {
                if (option.getValue().isContainerNode() && !option.getKey().equals("tls-san")) {
                    throw error("/server/" + option.getKey(), "server." + option.getKey() + ": must be a single value");
                }
            });
        }
        for (String section : SECTIONS.subList(1, SECTIONS.size())) {
            JsonNode elements = root.get(section);
            if (elements == null) {
                continue;
            }
            if (!elements.isArray()) {
                throw error("/" + section, section + ": must be a list");
            }
            for (int i = 0; i < elements.size(); i++) {
                if (!elements.get(i).isObject()) {
                    throw error("/" + section + "/" + i, section + "[" + i + "]: must be an object");
                }
            }
        }
        JsonNode packages = root.get("otaPackages");
        for (int i = 0; packages != null && i < packages.size(); i++) {
            readPackage(i, (ObjectNode) packages.get(i));
        }
        JsonNode devices = root.get("devices");
        for (int i = 0; devices != null && i < devices.size(); i++) {
            JsonNode credentials = devices.get(i).get("credentials");
            if (credentials != null && "X509_CERTIFICATE".equals(credentials.path("type").asText())
                && !credentials.has("certificatePem")) {
                throw error("/devices/" + i + "/credentials", "devices[" + i + "].credentials: give certificatePem; "
                    + "a certificate minted at each start would have a private key nobody receives");
            }
        }
    }

    /** A package's fields, and its bytes, read now: a missing file fails the load, not a later reset. */
    private void readPackage(int index, ObjectNode pkg) {
        String at = "/otaPackages/" + index;
        pkg.fieldNames().forEachRemaining(field -> {
            if (!PACKAGE_QUERY.contains(field) && !field.equals("file") && !field.equals("assign")) {
                throw error(at + "/" + field, "otaPackages[" + index + "]." + field + ": unknown field; a package has "
                    + "file, assign, " + String.join(", ", PACKAGE_QUERY));
            }
        });
        JsonNode path = pkg.get("file");
        if (path == null || path.isNull()) {
            if (!pkg.hasNonNull("url")) {
                throw error(at, "otaPackages[" + index + "].file: required (or a url for a package hosted elsewhere)");
            }
            packageBytes.put(at, new byte[0]);
            return;
        }
        if (!path.isTextual()) {
            throw error(at + "/file", "otaPackages[" + index + "].file: must be a path");
        }
        Path resolved = file.toAbsolutePath().getParent().resolve(path.asText());
        try {
            packageBytes.put(at, Files.readAllBytes(resolved));
        } catch (IOException e) {
            throw error(at + "/file", "otaPackages[" + index + "].file: " + resolved + " cannot be read");
        }
    }

    /** The file this config was read from. */
    public Path file() {
        return file;
    }

    /**
     * The {@code server} section: option names as the flags have them (without {@code --}) and their values
     * as text ({@code tls-san} may be a list: its items joined by commas).
     */
    public Map<String, String> serverOptions() {
        Map<String, String> options = new LinkedHashMap<>();
        JsonNode server = root.get("server");
        if (server != null) {
            server.fields().forEachRemaining(option -> {
                JsonNode value = option.getValue();
                List<String> items = new ArrayList<>();
                if (value.isArray()) {
                    value.forEach(item -> items.add(item.asText()));
                } else {
                    items.add(value.asText());
                }
                options.put(option.getKey(), String.join(",", items));
            });
        }
        return options;
    }

    /** Where a server option is written: {@code tbmock.yml:3 (server.mqtt-port)}. */
    public String whereIs(String serverOption) {
        return file + ":" + line("/server/" + serverOption) + " (server." + serverOption + ")";
    }

    /**
     * Makes the file's profiles, devices (with their attributes), packages (with their assignments) and stubs
     * through the admin API's own request handling, in that order.
     */
    public MockSetup setup() {
        return tb -> {
            CompletableFuture<Void> done = CompletableFuture.completedFuture(null);
            for (Step step : steps(tb)) {
                done = done.thenCompose(previous -> step.run());
            }
            return done;
        };
    }

    /**
     * One admin API call the setup makes, then what follows from its answer; a refusal becomes a config error
     * naming the element's line.
     */
    private record Step(Endpoint endpoint, Map<String, String> path, Map<String, List<String>> query, byte[] body,
                        Function<ApiResponse, CompletableFuture<Void>> then,
                        Function<Throwable, ConfigException> onError) {

        CompletableFuture<Void> run() {
            CompletableFuture<ApiResponse> response;
            try {
                response = endpoint.handle(new ApiRequest(path, query, body));
            } catch (RuntimeException refused) {
                response = CompletableFuture.failedFuture(refused);
            }
            return response.thenCompose(then).exceptionallyCompose(failure -> CompletableFuture.failedFuture(
                onError.apply(failure)));
        }
    }

    private List<Step> steps(TbMock tb) {
        List<Step> steps = new ArrayList<>();
        forEach("provisionProfiles", (at, label, profile) ->
            steps.add(step(at, label, new CreateProvisionProfile(tb), Map.of(), Map.of(), profile)));
        forEach("deviceProfiles", (at, label, profile) ->
            steps.add(step(at, label, new SaveDeviceProfile(tb), Map.of(), Map.of(), profile)));
        forEach("devices", (at, label, device) -> {
            ObjectNode body = device.deepCopy();
            JsonNode shared = body.remove("sharedAttributes");
            JsonNode client = body.remove("clientAttributes");
            steps.add(step(at, label, new CreateDevice(tb), Map.of(), Map.of(), body));
            String name = body.path("name").asText();
            if (shared != null) {
                steps.add(attributesStep(at, label, "sharedAttributes", shared,
                    json -> tb.setSharedAttributesJson(name, json)));
            }
            if (client != null) {
                steps.add(attributesStep(at, label, "clientAttributes", client,
                    json -> tb.setClientAttributesJson(name, json)));
            }
        });
        forEach("otaPackages", (at, label, pkg) -> steps.add(packageStep(tb, at, label, pkg)));
        forEach("clientRpcStubs", (at, label, stub) ->
            steps.add(step(at, label, new AddClientRpcStub(tb), Map.of(), Map.of(), stub)));
        forEach("faults", (at, label, fault) -> steps.add(step(at, label, new AddFault(tb), Map.of(), Map.of(), fault)));
        return steps;
    }

    /** Uploads the package, then assigns it to each device its {@code assign} list names. */
    private Step packageStep(TbMock tb, String at, String label, ObjectNode pkg) {
        Map<String, List<String>> query = new HashMap<>();
        PACKAGE_QUERY.stream().filter(pkg::has).forEach(field -> query.put(field, List.of(pkg.get(field).asText())));
        JsonNode assign = pkg.path("assign");
        byte[] bytes = packageBytes.get(at);
        return new Step(new UploadOtaPackage(tb), Map.of(), query, bytes, uploaded -> {
            String packageId = uploaded.body().get("id").asText();
            CompletableFuture<Void> assigned = CompletableFuture.completedFuture(null);
            for (int i = 0; i < assign.size(); i++) {
                JsonNode assignment = assign.get(i);
                String assignmentAt = at + "/assign/" + i;
                String assignmentLabel = label + ".assign[" + i + "]";
                if (!assignment.isObject() || !assignment.path("device").isTextual()) {
                    return CompletableFuture.failedFuture(error(assignmentAt, assignmentLabel
                        + ": must be {\"device\":\"name\",\"faults\":{…}} (faults optional)"));
                }
                ObjectNode body = Json.object().put("packageId", packageId);
                if (assignment.has("faults")) {
                    body.set("faults", assignment.get("faults"));
                }
                Step step = step(assignmentAt, assignmentLabel, new AssignOtaPackage(tb),
                    Map.of("device", assignment.get("device").asText()), Map.of(), body);
                assigned = assigned.thenCompose(previous -> step.run());
            }
            return assigned;
        }, failure -> refused(at, label, failure));
    }

    private Step step(String at, String label, Endpoint endpoint, Map<String, String> path,
                      Map<String, List<String>> query, JsonNode body) {
        return new Step(endpoint, path, query, Json.bytes(body), response -> CompletableFuture.completedFuture(null),
            failure -> refused(at, label, failure));
    }

    private interface ElementVisitor {
        void visit(String at, String label, ObjectNode element);
    }

    private void forEach(String section, ElementVisitor visitor) {
        JsonNode elements = root.get(section);
        for (int i = 0; elements != null && i < elements.size(); i++) {
            visitor.visit("/" + section + "/" + i, section + "[" + i + "]", (ObjectNode) elements.get(i));
        }
    }

    /** A device's attributes, set as the attributes endpoints set them (the object as its JSON text). */
    private Step attributesStep(String at, String label, String field, JsonNode values, Consumer<String> set) {
        return step(at + "/" + field, label + "." + field, request -> {
            set.accept(new String(request.body(), StandardCharsets.UTF_8));
            return ApiResponse.NO_CONTENT.done();
        }, Map.of(), Map.of(), values);
    }

    // --- errors -------------------------------------------------------------------------------------------

    private ConfigException error(String pointer, String message) {
        return new ConfigException(file + ":" + line(pointer) + ": " + message);
    }

    /** The line of the nearest node the file has on the pointer's way (the element, if not the field). */
    private int line(String pointer) {
        for (String at = pointer; !at.isEmpty(); at = at.substring(0, at.lastIndexOf('/'))) {
            Integer line = lines.get(at);
            if (line != null) {
                return line;
            }
        }
        return 1;
    }

    /** An element the admin API refused, as a config error naming its line and field. */
    private ConfigException refused(String at, String label, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof ConfigException config) {
            return config;
        }
        String field = cause instanceof InvalidRequestException invalid ? invalid.field()
            : cause instanceof ApiError ? quotedField(cause.getMessage()) : null;
        String pointer = field == null || field.equals("attributes") ? at : at + "/" + field.replace('.', '/');
        return error(pointer, label + ": " + cause.getMessage());
    }

    private static String quotedField(String message) {
        if (message == null) {
            return null;
        }
        Matcher quoted = QUOTED_FIELD.matcher(message);
        return quoted.find() ? quoted.group(1) : null;
    }
}

package io.tbmock.server.internal.tb;

import io.tbmock.server.ConflictException;
import io.tbmock.server.InvalidRequestException;
import io.tbmock.server.internal.state.DeviceEntry;
import io.tbmock.server.internal.state.DeviceRegistry;
import io.tbmock.server.internal.state.ProvisionProfiles;
import io.tbmock.server.internal.tb.proto.ProvisionMessages;
import io.tbmock.server.model.DeviceCredentials;
import io.tbmock.server.model.NewDevice;
import io.tbmock.server.model.ProvisionProfile;
import io.tbmock.server.model.ProvisionStrategy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Device provisioning (docs/thingsboard-mqtt.md §9.2–9.4, DeviceProvisionServiceImpl): a provision request is read as
 * ThingsBoard's JsonConverter reads it, answered by the profile its key names, and the answer is written
 * byte for byte as ThingsBoard writes it.
 */
public final class ProvisionService {
    /** ThingsBoard's two failure answers, written when first given rather than at every server's start. */
    private static final class Failures {
        static final String NOT_FOUND = failure("Provision data was not found!", "NOT_FOUND");
        static final String FAILURE = failure("Failed to provision device!", "FAILURE");
    }

    private final ProvisionProfiles profiles;
    private final DeviceRegistry devices;
    private final DeviceFactory factory;

    public ProvisionService(ProvisionProfiles profiles, DeviceRegistry devices, DeviceFactory factory) {
        this.profiles = profiles;
        this.devices = devices;
        this.factory = factory;
    }

    /**
     * Adds a profile devices provision themselves through.
     *
     * @throws InvalidRequestException the name, key or secret is missing
     * @throws ConflictException       the name or the key is taken
     */
    public ProvisionProfile createProfile(ProvisionProfile profile) {
        if (profile.name() == null || profile.name().isBlank()) {
            throw new InvalidRequestException("name", "name is required and must not be blank");
        }
        if (profile.provisionDeviceKey() == null || profile.provisionDeviceKey().isEmpty()) {
            throw new InvalidRequestException("provisionDeviceKey", "provisionDeviceKey is required");
        }
        if (profile.provisionDeviceSecret() == null || profile.provisionDeviceSecret().isEmpty()) {
            throw new InvalidRequestException("provisionDeviceSecret", "provisionDeviceSecret is required");
        }
        profiles.add(profile);
        return profile;
    }

    public List<ProvisionProfile> profiles() {
        return profiles.all();
    }

    /** @throws io.tbmock.server.NotFoundException no profile has that name */
    public void deleteProfile(String name) {
        profiles.remove(name);
    }

    /** What the transport does with a provision request. */
    public sealed interface Outcome {
        /**
         * PUBACK, then this answer on {@code /provision/response}. {@code device} names the device, if any;
         * {@code protobuf} is the answer to a protobuf request, else null.
         */
        record Answer(String json, String device, byte[] protobuf) implements Outcome {
            Answer(String json, String device) {
                this(json, device, null);
            }

            /** What the device is sent. */
            public byte[] payload() {
                return protobuf != null ? protobuf : json.getBytes(StandardCharsets.UTF_8);
            }
        }

        /** Not a JSON object: over MQTT 3.x the connection is closed without a PUBACK. */
        record Invalid(String reason) implements Outcome {
        }

        /** A field ThingsBoard fails on (a missing key or secret, an unknown type): PUBACK, then close. */
        record Failed(String reason) implements Outcome {
        }
    }

    private record Request(String deviceName, String credentialsType, String token, String clientId,
                           String username, String password, String hash, String key, String secret, boolean gateway) {
        boolean carriesCredentials() {
            return !(token.isEmpty() && hash.isEmpty() && username.isEmpty() && password.isEmpty() && clientId.isEmpty());
        }
    }

    /** A request in JSON (HTTP). */
    public Outcome provision(byte[] payload) {
        return provision(payload, false);
    }

    /**
     * A request in JSON or, when {@code orProtobuf} and it is not JSON, in ThingsBoard's protobuf (MQTT retries a
     * request so, whatever the device's profile), answered in the format it came in.
     */
    public Outcome provision(byte[] payload, boolean orProtobuf) {
        Object json;
        try {
            json = DeviceJson.parse(payload);
        } catch (PayloadException notJson) {
            if (!orProtobuf) {
                return new Outcome.Invalid(notJson.getMessage());
            }
            try {
                json = ProvisionMessages.request(payload);
            } catch (PayloadException notProtobuf) {
                return new Outcome.Invalid(notJson.getMessage() + "; nor is it a protobuf ProvisionDeviceRequestMsg: "
                    + notProtobuf.getMessage());
            }
            Outcome outcome = provisionObject((Map<?, ?>) json);
            return outcome instanceof Outcome.Answer answer
                ? new Outcome.Answer(answer.json(), answer.device(), ProvisionMessages.response(answer.json())) : outcome;
        }
        if (!(json instanceof Map<?, ?> object)) {
            return new Outcome.Invalid(UploadParser.CANT_PARSE + JsonWriter.tree(json));
        }
        return provisionObject(object);
    }

    private Outcome provisionObject(Map<?, ?> object) {
        Request request;
        try {
            request = read(object);
        } catch (PayloadException e) {
            return new Outcome.Failed(e.getMessage());
        }
        return answer(request);
    }

    private Outcome answer(Request request) {
        String name = request.deviceName();
        if (!name.isEmpty()) {
            name = name.trim();
            if (name.isEmpty()) {
                return new Outcome.Answer(Failures.FAILURE, null);
            }
        }
        ProvisionProfile profile = request.key().isEmpty() || request.secret().isEmpty() ? null
            : profiles.byKey(request.key());
        if (profile == null || !profile.provisionDeviceSecret().equals(request.secret())
            || profile.strategy() == ProvisionStrategy.DISABLED) {
            return new Outcome.Answer(Failures.NOT_FOUND, null);
        }
        DeviceEntry existing = name.isEmpty() ? null : devices.byName(name);
        if (profile.strategy() == ProvisionStrategy.CHECK_PRE_PROVISIONED_DEVICES) {
            // Pre-provisioned: made in the profile, or of the device profile of that name (ThingsBoard's only rule).
            if (existing == null || !(profile.name().equals(existing.provisionProfile())
                || profile.name().equals(existing.type()))
                || !existing.markProvisioned(profile.name())) {
                return new Outcome.Answer(Failures.FAILURE, name.isEmpty() ? null : name);
            }
            return new Outcome.Answer(success(existing.credentials()), existing.name());
        }
        if (existing != null) {
            // "The device is present and could not be provisioned once more"
            return new Outcome.Answer(Failures.FAILURE, name);
        }
        return create(profile, name.isEmpty() ? DeviceFactory.randomAlphanumeric() : name, request);
    }

    /**
     * Creates the device with the credentials the request carries, or its default random token when it
     * carries none. Credentials ThingsBoard cannot save leave the device created with its random token, and
     * the answer is FAILURE, as in ThingsBoard (it saves the device first).
     */
    private Outcome create(ProvisionProfile profile, String name, Request request) {
        NewDevice spec = NewDevice.named(name).type(profile.name()).gateway(request.gateway())
            .provisionProfile(profile.name());
        DeviceEntry device;
        boolean saved = true;
        try {
            device = factory.createProvisioned(spec.credentials(
                request.carriesCredentials() ? credentials(request) : DeviceFactory.randomToken()));
        } catch (InvalidRequestException | ConflictException credentialsRefused) {
            saved = false;
            try {
                device = factory.createProvisioned(spec.credentials(DeviceFactory.randomToken()));
            } catch (ConflictException nameTakenMeanwhile) {
                return new Outcome.Answer(Failures.FAILURE, name);
            }
        }
        device.markProvisioned(profile.name());
        return new Outcome.Answer(saved ? success(device.credentials()) : Failures.FAILURE, name);
    }

    private static DeviceCredentials credentials(Request request) {
        switch (request.credentialsType()) {
            case "MQTT_BASIC":
                return DeviceCredentials.basic(request.clientId(), request.username(), request.password());
            case "X509_CERTIFICATE":
                return DeviceCredentials.x509(CredentialsIds.stripArmour(request.hash()));
            default:
                return DeviceCredentials.token(request.token());
        }
    }

    /** ThingsBoard's success answer: credentialsValue, credentialsType, status, in that order. */
    static String success(DeviceCredentials credentials) {
        return JsonWriter.object(json -> {
            if (credentials instanceof DeviceCredentials.MqttBasic basic) {
                json.object("credentialsValue", value -> value.field("clientId", orEmpty(basic.clientId()))
                    .field("userName", orEmpty(basic.username())).field("password", orEmpty(basic.password())));
            } else if (credentials instanceof DeviceCredentials.X509 x509) {
                json.field("credentialsValue", CredentialsIds.stripArmour(x509.certificatePem()));
            } else {
                json.field("credentialsValue", ((DeviceCredentials.AccessToken) credentials).token());
            }
            json.field("credentialsType", credentials.type().name()).field("status", "SUCCESS");
        });
    }

    /**
     * JsonConverter.buildProvisionRequestMsg: optional fields default to "", the key and secret are required;
     * what it fails on is said in its words, which an HTTP device reads (docs/thingsboard-http.md §11).
     */
    private static Request read(Map<?, ?> object) throws PayloadException {
        String credentialsType = object.containsKey("credentialsType")
            ? GsonValues.asString(object.get("credentialsType"), "credentialsType") : "ACCESS_TOKEN";
        if (!credentialsType.equals("ACCESS_TOKEN") && !credentialsType.equals("MQTT_BASIC")
            && !credentialsType.equals("X509_CERTIFICATE")) {
            throw new PayloadException("No enum constant org.thingsboard.server.gen.transport.TransportProtos."
                + "CredentialsType." + credentialsType);
        }
        return new Request(optional(object, "deviceName"), credentialsType, optional(object, "token"),
            optional(object, "clientId"), optional(object, "username"), optional(object, "password"),
            optional(object, "hash"), required(object, "provisionDeviceKey"), required(object, "provisionDeviceSecret"),
            object.containsKey("gateway") && GsonValues.asBoolean(object.get("gateway"), "gateway"));
    }

    private static String optional(Map<?, ?> object, String field) throws PayloadException {
        return object.containsKey(field) ? GsonValues.asString(object.get(field), field) : "";
    }

    private static String required(Map<?, ?> object, String field) throws PayloadException {
        if (!object.containsKey(field)) {
            throw new PayloadException("Failed to find the field " + field + " in JSON body " + JsonWriter.tree(object)
                + "!");
        }
        return GsonValues.asString(object.get(field), field);
    }

    private static String failure(String message, String status) {
        return JsonWriter.object(json -> json.field("errorMsg", message).field("status", status));
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}

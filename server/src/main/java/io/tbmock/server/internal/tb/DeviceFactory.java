package io.tbmock.server.internal.tb;

import io.tbmock.certs.Credential;
import io.tbmock.certs.Pem;
import io.tbmock.certs.PemException;
import io.tbmock.server.ConflictException;
import io.tbmock.server.InvalidRequestException;
import io.tbmock.server.internal.state.DeviceEntry;
import io.tbmock.server.internal.state.DeviceRegistry;
import io.tbmock.server.internal.tls.ServerPki;
import io.tbmock.server.model.DeviceCredentials;
import io.tbmock.server.model.NewDevice;

import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Makes devices, for the test (Java and admin API) and for devices that provision themselves: validates
 * the request, fills in ThingsBoard's defaults (a random 20-character token; a minted certificate) and
 * registers the device, atomically refusing taken names and credentials.
 */
public final class DeviceFactory {
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int GENERATED_LENGTH = 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DeviceRegistry devices;
    private final DeviceStates states;
    private final Supplier<CompletableFuture<ServerPki>> pki;
    private final LongSupplier clock;
    private final int maxValuesPerKey;

    /** A new device, and the private key of a certificate minted for it (null if none was minted). */
    public record Created(DeviceEntry device, String mintedPrivateKeyPem) {
    }

    /** @param pki the server's CA, made on first use (perhaps in the background) */
    public DeviceFactory(DeviceRegistry devices, DeviceStates states, Supplier<CompletableFuture<ServerPki>> pki,
                         LongSupplier clock, int maxValuesPerKey) {
        this.devices = devices;
        this.states = states;
        this.pki = pki;
        this.clock = clock;
        this.maxValuesPerKey = maxValuesPerKey;
    }

    /**
     * A device the test asks for. A given certificate must be PEM and is stored in canonical form; a
     * certificate to mint waits for the CA, without holding a thread.
     *
     * @return completes with the device, or with a {@link io.tbmock.server.ConflictException} when the name or
     *         the credentials are taken
     * @throws InvalidRequestException a field is missing or invalid
     */
    public CompletableFuture<Created> create(NewDevice spec) {
        if (spec == null || spec.name() == null || spec.name().isBlank()) {
            throw new InvalidRequestException("name", "name is required and must not be blank");
        }
        if (spec.type() == null || spec.type().isBlank()) {
            throw new InvalidRequestException("type", "type must not be blank");
        }
        DeviceCredentials credentials = spec.credentials() != null ? spec.credentials() : randomToken();
        if (credentials instanceof DeviceCredentials.X509 x509 && x509.certificatePem() == null) {
            return pki.get().thenApply(ready -> {
                Credential minted = ready.ca().clientCertificate(spec.name());
                return new Created(register(spec, DeviceCredentials.x509(minted.certificatePem())),
                    minted.privateKeyPem());
            });
        }
        if (credentials instanceof DeviceCredentials.X509 x509) {
            credentials = DeviceCredentials.x509(canonicalPem(x509.certificatePem()));
        }
        try {
            return CompletableFuture.completedFuture(new Created(register(spec, credentials), null));
        } catch (RuntimeException refused) {
            return CompletableFuture.failedFuture(refused);
        }
    }

    /**
     * A device provisioning creates: credentials are stored as the device sent them (an X.509 value
     * verbatim, as ThingsBoard does).
     */
    public DeviceEntry createProvisioned(NewDevice spec) {
        return register(spec, spec.credentials());
    }

    private DeviceEntry register(NewDevice spec, DeviceCredentials credentials) {
        DeviceEntry entry = new DeviceEntry(DeviceRegistry.newDeviceId(), spec.name(), spec.type(), spec.gateway(),
            credentials, CredentialsIds.of(credentials), clock.getAsLong(), spec.provisionProfile(), maxValuesPerKey);
        devices.add(entry);
        states.added(entry);
        return entry;
    }

    /**
     * A device a gateway connects by a name no device has (docs/thingsboard-mqtt.md §11.1): the type the gateway gave, a random
     * token. A device of that name made meanwhile (by the test, another gateway) is the one.
     */
    public DeviceEntry createForGateway(String name, String type) {
        try {
            return register(NewDevice.named(name).type(type), randomToken());
        } catch (ConflictException raced) {
            DeviceEntry made = devices.byName(name);
            if (made == null) {
                throw raced;
            }
            return made;
        }
    }

    public static DeviceCredentials randomToken() {
        return DeviceCredentials.token(randomAlphanumeric());
    }

    /** ThingsBoard's generated tokens and device names: 20 random letters and digits. */
    public static String randomAlphanumeric() {
        StringBuilder text = new StringBuilder(GENERATED_LENGTH);
        for (int i = 0; i < GENERATED_LENGTH; i++) {
            text.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        return text.toString();
    }

    private static String canonicalPem(String pem) {
        try {
            return Pem.write(Pem.readCertificate(pem));
        } catch (PemException e) {
            throw new InvalidRequestException("credentials.certificatePem",
                "credentials.certificatePem is not a PEM certificate: " + e.getMessage());
        }
    }
}

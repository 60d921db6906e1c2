package io.tbmock.server.internal.tb;

import io.tbmock.server.device.DeviceLink;
import io.tbmock.server.device.DevicePort;
import io.tbmock.server.device.ProvisionAnswer;
import io.tbmock.server.internal.state.DeviceEntry;
import io.tbmock.server.model.DeviceCredentials;
import io.tbmock.server.model.Direction;
import io.tbmock.server.model.EventType;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The device port over the core's rules: what the HTTP device API reaches tbmock through. */
public final class CoreDevicePort implements DevicePort {
    private final ThingsBoardCore core;

    public CoreDevicePort(ThingsBoardCore core) {
        this.core = core;
    }

    @Override
    public Optional<DeviceLink> byAccessToken(String token, String transport) {
        DeviceEntry device = core.devices().byCredentialsId(token);
        if (device == null || !(device.credentials() instanceof DeviceCredentials.AccessToken)) {
            return Optional.empty();
        }
        return Optional.of(new SyncLink(device, transport, core));
    }

    @Override
    public ProvisionAnswer provision(byte[] request, String transport, String where) {
        String text = new String(request, StandardCharsets.UTF_8);
        ProvisionService.Outcome outcome = core.provisioning().provision(request);
        if (outcome instanceof ProvisionService.Outcome.Answer answer) {
            core.journal().append(answer.device(), null, transport, Direction.IN, EventType.PROVISION_REQUEST, where, text,
                null);
            core.journal().append(answer.device(), null, transport, Direction.OUT, EventType.PROVISION_RESPONSE, where,
                answer.json(), null);
            return new ProvisionAnswer(answer.json(), null);
        }
        String reason = outcome instanceof ProvisionService.Outcome.Invalid invalid ? invalid.reason()
            : ((ProvisionService.Outcome.Failed) outcome).reason();
        core.journal().append(null, null, transport, Direction.IN, EventType.REJECTED, where, text, reason);
        return new ProvisionAnswer(null, reason);
    }

    @Override
    public String credentialsId(DeviceCredentials credentials) {
        return CredentialsIds.of(credentials);
    }
}

package io.tbmock.server.internal.tb;

import io.tbmock.server.device.DeviceLink;
import io.tbmock.server.device.DevicePort;
import io.tbmock.server.device.ProvisionAnswer;
import io.tbmock.server.internal.state.DeviceEntry;
import io.tbmock.server.internal.state.DeviceRegistry;
import io.tbmock.server.internal.state.EventJournal;
import io.tbmock.server.model.DeviceCredentials;
import io.tbmock.server.model.Direction;
import io.tbmock.server.model.EventType;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The device port over the core's rules: what the HTTP device API reaches tbmock through. */
public final class CoreDevicePort implements DevicePort {
    private final DeviceRegistry devices;
    private final ProvisionService provisioning;
    private final EventJournal journal;
    private final SyncLink.Rules rules;

    public CoreDevicePort(DeviceRegistry devices, ProvisionService provisioning, EventJournal journal, Uploads uploads,
                          AttributeService attributes, ServerRpcService rpc, ClientRpcService clientRpc,
                          ClaimHandler claims, OtaService ota, SyncPolls polls, DeviceStates states,
                          Exchanges exchanges) {
        this.devices = devices;
        this.provisioning = provisioning;
        this.journal = journal;
        this.rules = new SyncLink.Rules(uploads, attributes, rpc, clientRpc, claims, ota, polls, states, exchanges);
    }

    @Override
    public Optional<DeviceLink> byAccessToken(String token, String transport) {
        DeviceEntry device = devices.byCredentialsId(token);
        if (device == null || !(device.credentials() instanceof DeviceCredentials.AccessToken)) {
            return Optional.empty();
        }
        return Optional.of(new SyncLink(device, transport, rules));
    }

    @Override
    public ProvisionAnswer provision(byte[] request, String transport, String where) {
        String text = new String(request, StandardCharsets.UTF_8);
        ProvisionService.Outcome outcome = provisioning.provision(request);
        if (outcome instanceof ProvisionService.Outcome.Answer answer) {
            journal.append(answer.device(), null, transport, Direction.IN, EventType.PROVISION_REQUEST, where, text,
                null);
            journal.append(answer.device(), null, transport, Direction.OUT, EventType.PROVISION_RESPONSE, where,
                answer.json(), null);
            return new ProvisionAnswer(answer.json(), null);
        }
        String reason = outcome instanceof ProvisionService.Outcome.Invalid invalid ? invalid.reason()
            : ((ProvisionService.Outcome.Failed) outcome).reason();
        journal.append(null, null, transport, Direction.IN, EventType.REJECTED, where, text, reason);
        return new ProvisionAnswer(null, reason);
    }

    @Override
    public String credentialsId(DeviceCredentials credentials) {
        return CredentialsIds.of(credentials);
    }
}

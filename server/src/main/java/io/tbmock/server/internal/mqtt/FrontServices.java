package io.tbmock.server.internal.mqtt;

import io.netty.channel.group.ChannelGroup;
import io.tbmock.server.internal.state.EventJournal;
import io.tbmock.server.internal.tb.DeviceStates;
import io.tbmock.server.internal.tb.FaultService;
import io.tbmock.server.internal.tb.ProfileService;
import io.tbmock.server.internal.tb.ProvisionService;
import io.tbmock.server.internal.tb.ServerRpcService;
import io.tbmock.server.internal.tb.SessionRegistry;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * What every stage of the front works with; one instance per server. {@code connections} holds every open
 * device connection, so a stopping server can tell each one; {@code downlinks} is how its sessions send.
 */
record FrontServices(CredentialsResolver credentials, SessionRegistry sessions, DeviceStates states,
                     UplinkProcessor uplink, ServerRpcService rpc, ProvisionService provisioning, Duration provisionCloseDelay,
                     EventJournal journal, MqttEngine engine, LongSupplier clock, ChannelGroup connections,
                     MqttDownlinks downlinks, ProfileService profiles, FaultService faults) {
}

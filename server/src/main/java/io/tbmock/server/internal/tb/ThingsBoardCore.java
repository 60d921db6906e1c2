package io.tbmock.server.internal.tb;

import io.tbmock.server.internal.state.DeviceRegistry;
import io.tbmock.server.internal.state.EventJournal;

import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;

/**
 * The core a device transport is built on, one per server: the devices and their sessions, the device state, the
 * ThingsBoard rules and the journal (ThingsBoard's TransportService and what stands behind it). Nothing in the
 * core knows a transport.
 */
public record ThingsBoardCore(DeviceRegistry devices, SessionRegistry sessions, DeviceStates states,
                              DeviceFactory factory, Exchanges exchanges, Uploads uploads, AttributeService attributes,
                              ServerRpcService rpc, ClientRpcService clientRpc, ClaimHandler claims, OtaService ota,
                              ProvisionService provisioning, ProfileService profiles, FaultService faults,
                              SyncPolls polls, EventJournal journal,
                              ScheduledExecutorService scheduler, LongSupplier clock) {
}

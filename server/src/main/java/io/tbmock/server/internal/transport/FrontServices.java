package io.tbmock.server.internal.transport;

import io.tbmock.server.internal.state.EventJournal;
import io.tbmock.server.internal.tb.SessionRegistry;
import io.tbmock.server.internal.tb.CredentialsResolver;
import io.tbmock.server.internal.tb.ServerRpcService;
import io.tbmock.server.internal.tb.UplinkProcessor;

import java.util.function.LongSupplier;

/** What every {@link DeviceFrontHandler} works with; one instance per server. */
record FrontServices(CredentialsResolver credentials, SessionRegistry sessions, UplinkProcessor uplink,
                     ServerRpcService rpc, EventJournal journal, MqttEngine engine, LongSupplier clock) {
}

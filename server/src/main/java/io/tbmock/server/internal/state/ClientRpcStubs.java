package io.tbmock.server.internal.state;

import io.tbmock.server.model.ClientRpcStub;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** The answers to give client-side RPCs; a stub for the device wins over one for all, newer over older. */
public final class ClientRpcStubs {
    private final List<ClientRpcStub> stubs = new CopyOnWriteArrayList<>();

    public void add(ClientRpcStub stub) {
        stubs.add(stub);
    }

    public Optional<ClientRpcStub> find(String device, String method) {
        ClientRpcStub forAll = null;
        for (int i = stubs.size() - 1; i >= 0; i--) {
            ClientRpcStub stub = stubs.get(i);
            if (!stub.method().equals(method)) {
                continue;
            }
            if (device.equals(stub.device())) {
                return Optional.of(stub);
            }
            if (stub.device() == null && forAll == null) {
                forAll = stub;
            }
        }
        return Optional.ofNullable(forAll);
    }

    /** Every stub, oldest first. */
    public List<ClientRpcStub> all() {
        return List.copyOf(stubs);
    }

    public void clear() {
        stubs.clear();
    }
}

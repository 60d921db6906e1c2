package io.tbmock.client;

import io.tbmock.server.TbMockOptions;
import io.tbmock.server.TbMockServer;

/** The contract through the in-process handle: the reference the other doors are held to. */
class InProcessDoorTest extends TbMockContract {
    @Override
    protected Door open() {
        TbMockServer server = TbMockServer.start(TbMockOptions.builder().bindAddress("127.0.0.1").mqttPort(0)
            .mqttsPort(TbMockOptions.DISABLED).build());
        return new Door(server.mock(), server.mqttPort(), server);
    }
}

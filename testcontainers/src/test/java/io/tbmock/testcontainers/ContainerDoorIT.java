package io.tbmock.testcontainers;

import io.tbmock.client.TbMockContract;
import org.junit.jupiter.api.extension.ExtendWith;

/** The contract through {@link TbMockContainer#admin()}: tbmock's image, driven over its published ports. */
@ExtendWith(TbMockImage.class)
class ContainerDoorIT extends TbMockContract {
    @Override
    protected Door open() throws Exception {
        TbMockContainer container = new TbMockContainer(TbMockImage.build());
        container.start();
        return new Door(container.admin(), container.getMappedPort(TbMockContainer.MQTT_PORT), container::stop);
    }
}

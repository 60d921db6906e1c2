package io.tbmock.server.internal.mqtt;


/** Told when a message to a device was written, and when the device acknowledged it (QoS 1). */
public interface DeliveryListener {
    void written(int qos);

    void acknowledged();
}

package org.eclipse.kura.cloudconnection;

/**
 * Declaration of Kura's {@code CloudConnectionConstants}: property names shared by cloud endpoints and their
 * publishers and subscribers.
 */
public enum CloudConnectionConstants {

    /** In a publisher's or subscriber's configuration: the {@code kura.service.pid} of its cloud endpoint. */
    CLOUD_ENDPOINT_SERVICE_PID_PROP_NAME("cloud.endpoint.service.pid"),
    /** On a publisher or subscriber component description: the factory pid of the connections it works with. */
    CLOUD_CONNECTION_FACTORY_PID_PROP_NAME("cloud.connection.factory.pid");

    private String value;

    private CloudConnectionConstants(final String value) {
        this.value = value;
    }

    /** @return the property name */
    public String value() {
        return this.value;
    }
}

package org.eclipse.kura.cloudconnection.listener;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Declaration of Kura's {@code CloudConnectionListener}: told when a cloud connection goes down or comes up.
 */
@ConsumerType
public interface CloudConnectionListener {

    /** The connection was closed on request. */
    public void onDisconnected();

    /** The connection was lost. */
    public void onConnectionLost();

    /** The connection is up. */
    public void onConnectionEstablished();
}

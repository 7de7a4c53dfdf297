package org.eclipse.kura.cloudconnection;

import org.eclipse.kura.KuraConnectException;
import org.eclipse.kura.KuraDisconnectException;
import org.eclipse.kura.cloudconnection.listener.CloudConnectionListener;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Declaration of Kura's {@code CloudConnectionManager}: a long-lived cloud connection the web console can connect
 * and disconnect.
 */
@ProviderType
public interface CloudConnectionManager {

    /** @throws KuraConnectException if the connection could not be established */
    public void connect() throws KuraConnectException;

    /** @throws KuraDisconnectException if the connection could not be closed */
    public void disconnect() throws KuraDisconnectException;

    /** @return whether the connection is up */
    public boolean isConnected();

    /** @param cloudConnectionListener called on connection changes */
    public void registerCloudConnectionListener(CloudConnectionListener cloudConnectionListener);

    /** @param cloudConnectionListener a listener registered before */
    public void unregisterCloudConnectionListener(CloudConnectionListener cloudConnectionListener);
}

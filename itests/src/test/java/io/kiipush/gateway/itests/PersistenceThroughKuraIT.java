package io.kiipush.gateway.itests;

import org.osgi.framework.BundleContext;

import io.kiipush.gateway.itests.support.Gateway;
import io.kiipush.gateway.itests.support.Kii;
import io.kiipush.gateway.itests.support.Kura;

/**
 * Scenario 5 as on a Kura gateway: the same restarts, configured through Kura's configuration service and web console
 * ({@link Kura}); Kura re-seeds the forms on every start of the bundle. The fresh framework starts Kura with no
 * snapshot, so only the data directory carries the installation over (a reboot from Kura's snapshot is
 * {@link KuraConfigurationIT}).
 */
public class PersistenceThroughKuraIT extends PersistenceIT {

    @Override
    protected Gateway openGateway(BundleContext context, Kii kii) {
        return new Gateway(context, Kura.start(context, kii.newDir("kura-snapshots")));
    }
}

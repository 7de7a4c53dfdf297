package io.kiipush.gateway.itests;

import org.osgi.framework.BundleContext;

import io.kiipush.gateway.itests.support.Gateway;
import io.kiipush.gateway.itests.support.Kii;
import io.kiipush.gateway.itests.support.Kura;

/**
 * Scenario 1 as on a Kura gateway: the same identity modes, configured through Kura's configuration service and web
 * console ({@link Kura}): the forms are seeded with their defaults, Password fields are applied encrypted and the
 * bundle decrypts them.
 */
public class IdentityModesThroughKuraIT extends IdentityModesIT {

    @Override
    protected Gateway openGateway(BundleContext context, Kii kii) {
        return new Gateway(context, Kura.start(context, kii.newDir("kura-snapshots")));
    }
}

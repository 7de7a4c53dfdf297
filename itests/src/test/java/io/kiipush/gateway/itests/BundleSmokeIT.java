package io.kiipush.gateway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;

import javax.inject.Inject;

import org.junit.Test;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

import io.kiipush.gateway.PushNotificationListener;

/** The bundle resolves and starts on a bare framework with Kura's service bundles, and its metatype is readable. */
public class BundleSmokeIT extends FrameworkItest {

    @Inject
    private MetaTypeService metaTypes;

    @Override
    protected Option options() {
        return ItestSupport.baseOptions();
    }

    @Test(timeout = 60_000)
    public void theBundleIsActiveWithJava8ClassesAndEmbeddedPaho() throws Exception {
        Bundle b = bundle();
        assertEquals(Bundle.ACTIVE, b.getState());
        assertNotNull("Paho is inside the bundle", b.getEntry("org/eclipse/paho/client/mqttv3/MqttAsyncClient.class"));
        assertNotNull(b.getEntry("META-INF/services/org.eclipse.paho.client.mqttv3.spi.NetworkModuleFactory"));
        String imports = b.getHeaders().get("Import-Package");
        assertTrue(imports, !imports.contains("org.eclipse.paho"));
        assertTrue("the EventAdmin bridge is registered", context.getServiceReferences(PushNotificationListener.class, null).size() >= 1);
    }

    @Test(timeout = 60_000)
    public void theSessionMetatypeMatchesItsPid() {
        ObjectClassDefinition ocd = metaTypes.getMetaTypeInformation(bundle()).getObjectClassDefinition("io.kiipush.gateway.PushSession", null);
        assertEquals("io.kiipush.gateway.PushSession", ocd.getID());
        assertTrue(Arrays.stream(ocd.getAttributeDefinitions(ObjectClassDefinition.ALL)).anyMatch(a -> a.getID().equals("keepAliveSec")
                && a.getType() == AttributeDefinition.INTEGER));
    }

    private Bundle bundle() {
        return Arrays.stream(context.getBundles()).filter(b -> "io.kiipush.gateway".equals(b.getSymbolicName())).findFirst()
                .orElseThrow(() -> new AssertionError("bundle not installed"));
    }
}

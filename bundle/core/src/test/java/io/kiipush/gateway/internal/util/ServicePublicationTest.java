package io.kiipush.gateway.internal.util;

import static org.junit.Assert.assertEquals;

import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.TreeSet;

import org.junit.Test;

/** Only the PIDs and the component name reach the service properties; configuration values, secrets among them, do not. */
public class ServicePublicationTest {

    @Test
    public void keepsThePidsKuraReadsAndNothingElse() {
        Hashtable<String, Object> component = new Hashtable<>();
        component.put("service.pid", "io.kiipush.gateway.Onboarding");
        component.put("kura.service.pid", "io.kiipush.gateway.Onboarding");
        component.put("component.name", "io.kiipush.gateway.Onboarding");
        component.put("component.id", 7L);
        component.put("app.id", "app1");
        component.put("app.key", "S3CRET-key");
        component.put("thing.password", "S3CRET-password");
        component.put(".private", "x");
        component.put("kura.ui.service.hide", Boolean.TRUE);

        Dictionary<String, Object> kept = ServicePublication.kept(component);

        assertEquals(new TreeSet<>(java.util.Arrays.asList("service.pid", "kura.service.pid", "component.name",
                "kura.ui.service.hide")),
                new TreeSet<>(Collections.list(kept.keys())));
        assertEquals("a plain string, as Kura reads it", "io.kiipush.gateway.Onboarding", kept.get("service.pid"));
    }
}

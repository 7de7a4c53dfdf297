package io.kiipush.gateway.console;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class KiiPushConsolePluginTest {

    @Test
    public void theBasePathIsThePluginsOwn() {
        assertEquals("/system/console/kiipush", KiiPushConsolePlugin.base("/system/console/kiipush"));
        assertEquals("/system/console/kiipush", KiiPushConsolePlugin.base("/system/console/kiipush/"));
        assertEquals("/system/console/kiipush", KiiPushConsolePlugin.base("/system/console/kiipush/status.json"));
        assertEquals("kiipush", KiiPushConsolePlugin.base(null));
    }
}

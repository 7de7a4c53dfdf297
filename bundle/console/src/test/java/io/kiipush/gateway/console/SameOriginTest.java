package io.kiipush.gateway.console;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class SameOriginTest {

    @Test
    public void theConsolesOwnPagesAndScriptsMayPost() {
        assertTrue(SameOrigin.allowed("http://127.0.0.1:8180", null, "127.0.0.1:8180"));
        assertTrue(SameOrigin.allowed(null, "http://127.0.0.1:8180/system/console/kiipush", "127.0.0.1:8180"));
        assertTrue(SameOrigin.allowed(null, "http://admin:admin@gw.local/system/console/kiipush", "gw.local:80"));
        assertTrue(SameOrigin.allowed("https://gw.local", null, "gw.local:443"));
        assertTrue("curl sends neither", SameOrigin.allowed(null, null, "127.0.0.1:8180"));
    }

    @Test
    public void anotherSitesPageMayNot() {
        assertFalse(SameOrigin.allowed("http://evil.example", null, "127.0.0.1:8180"));
        assertFalse(SameOrigin.allowed("http://127.0.0.1:9999", null, "127.0.0.1:8180"));
        assertFalse(SameOrigin.allowed(null, "http://evil.example/page", "127.0.0.1:8180"));
        assertFalse("a sandboxed page", SameOrigin.allowed("null", null, "127.0.0.1:8180"));
        assertFalse(SameOrigin.allowed("not a uri %%", null, "127.0.0.1:8180"));
        assertFalse("no Host to compare with", SameOrigin.allowed("http://127.0.0.1:8180", null, null));
        assertFalse("the Origin wins over a matching Referer",
                SameOrigin.allowed("http://evil.example", "http://127.0.0.1:8180/system/console/kiipush", "127.0.0.1:8180"));
    }
}

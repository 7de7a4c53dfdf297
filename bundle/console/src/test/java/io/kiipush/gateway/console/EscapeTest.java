package io.kiipush.gateway.console;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class EscapeTest {

    @Test
    public void htmlEscapesMarkupAndQuotes() {
        assertEquals("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;",
                Escape.html("<script>alert(\"x\")</script> & 'y'"));
        assertEquals("", Escape.html(null));
    }

    @Test
    public void jsonEscapesQuotesControlsAndMarkup() {
        assertEquals("\"a\\\"b\\\\c\\n\\u0001\\u003c/script\\u003e\\u0026\"", Escape.json("a\"b\\c\n\u0001</script>&"));
        assertEquals("null", Escape.json(null));
    }
}

package io.kiipush.emulator.internal.util;

import java.util.Base64;

/** PEM armour for DER bytes. */
public final class Pem {

    private Pem() {
    }

    public static String encode(String type, byte[] der) {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + b64 + "\n-----END " + type + "-----\n";
    }

    /** @return the DER bytes of the first block of {@code type} in {@code pem} */
    public static byte[] decode(String type, String pem) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int b = pem.indexOf(begin);
        int e = pem.indexOf(end, b + 1);
        if (b < 0 || e < 0) {
            throw new IllegalArgumentException("no " + type + " block in PEM text");
        }
        String body = pem.substring(b + begin.length(), e).replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }
}

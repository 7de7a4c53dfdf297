package io.kiipush.emulator;

/** How a REST request identified itself (strongest present wins: bearer, then basic, then app headers). */
public enum AuthKind {
    /** {@code Authorization: Bearer <token>} (case-insensitive scheme). */
    BEARER,
    /** {@code Authorization: Basic base64(appID:appKey)}. */
    BASIC,
    /** Only the legacy {@code X-Kii-AppID}/{@code X-Kii-AppKey} headers. */
    APP_HEADERS,
    /** Nothing. */
    NONE
}

package io.kiipush.gateway.internal.endpoint;

/** Why the session asks the onboarding service for a fresh endpoint. */
public enum RefreshReason {
    /** The broker refused the credentials (CONNACK 4 or 5, or 2: client id refused). */
    CREDENTIALS_REFUSED,
    /** The broker refused the SUBSCRIBE of the push topic (SUBACK failure). */
    SUBSCRIBE_REFUSED,
    /** The endpoint's TTL ran out. */
    TTL_EXPIRED
}

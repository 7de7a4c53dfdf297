package io.kiipush.gateway;

/**
 * Classification of every failure the session and the onboarding service report.
 */
public enum ErrorKind {

    /** A configuration value is missing or wrong (or the server refused it as such); nothing is retried until the configuration changes. */
    CONFIGURATION,

    /** Credentials were refused; the session fetches a fresh endpoint, or re-onboards when the token itself is refused. */
    AUTHENTICATION,

    /** Network, timeout or server-side problem; retried with capped exponential backoff. */
    TRANSIENT
}

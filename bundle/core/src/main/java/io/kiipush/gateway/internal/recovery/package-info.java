/**
 * Gap windows and catch-up after a disconnection (docs/session.md "Gaps and catch-up"): the last-alive watermark,
 * the window of each gap, the bucket queries and command lists that recover what Kii stores, and the bounded
 * ledger that keeps recovered notifications from being delivered twice. Plain classes built with {@code new}; the
 * session component owns the one {@code kii-catchup} thread.
 */
package io.kiipush.gateway.internal.recovery;

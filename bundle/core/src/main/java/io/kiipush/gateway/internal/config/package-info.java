/**
 * The configuration keys and form labels of both components in one place
 * ({@link io.kiipush.gateway.internal.config.ConfigField}), and reading a DS configuration without throwing
 * ({@link io.kiipush.gateway.internal.config.ConfigReader}).
 */
package io.kiipush.gateway.internal.config;

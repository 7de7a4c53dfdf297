/**
 * Compile-only declaration of Kura's {@code org.eclipse.kura.cloudconnection.listener} package, at the version Kura 5.0.0 exports (1.0.0).
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.eclipse.kura.cloudconnection.listener;

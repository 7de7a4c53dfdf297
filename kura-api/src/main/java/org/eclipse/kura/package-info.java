/**
 * Compile-only declaration of Kura's {@code org.eclipse.kura} package, at the version Kura 5.0.0 exports (1.6.0).
 */
@org.osgi.annotation.versioning.Version("1.6.0")
package org.eclipse.kura;

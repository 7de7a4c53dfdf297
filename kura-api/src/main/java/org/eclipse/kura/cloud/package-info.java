/**
 * Compile-only declaration of Kura's {@code org.eclipse.kura.cloud} package, at the version Kura 5.0.0 exports (1.1.0).
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package org.eclipse.kura.cloud;

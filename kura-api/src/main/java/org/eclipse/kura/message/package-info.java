/**
 * Compile-only declaration of Kura's {@code org.eclipse.kura.message} package, at the version Kura 5.0.0 exports (1.4.0).
 */
@org.osgi.annotation.versioning.Version("1.4.0")
package org.eclipse.kura.message;

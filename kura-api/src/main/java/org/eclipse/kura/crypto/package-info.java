/**
 * Compile-only declaration of Kura's {@code org.eclipse.kura.crypto} package, at its Kura 5.x version.
 */
@org.osgi.annotation.versioning.Version("1.3.0")
package org.eclipse.kura.crypto;

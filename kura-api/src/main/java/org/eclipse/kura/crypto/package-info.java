/**
 * Compile-only declaration of Kura's {@code org.eclipse.kura.crypto} package (1.2.x on Kura 4.x, 1.3.x on 5.x).
 */
@org.osgi.annotation.versioning.Version("1.2.0")
package org.eclipse.kura.crypto;

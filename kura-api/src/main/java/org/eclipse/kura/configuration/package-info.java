/**
 * Compile-only declaration of Kura's {@code org.eclipse.kura.configuration} package (1.1.x on Kura 4.0, 1.2.x later).
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package org.eclipse.kura.configuration;

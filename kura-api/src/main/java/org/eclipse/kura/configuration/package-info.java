/**
 * Compile-only declaration of Kura's {@code org.eclipse.kura.configuration} package, at its Kura 5.x version.
 */
@org.osgi.annotation.versioning.Version("1.2.0")
package org.eclipse.kura.configuration;

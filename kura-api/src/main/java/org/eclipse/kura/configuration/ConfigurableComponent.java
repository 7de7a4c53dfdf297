package org.eclipse.kura.configuration;

/**
 * Declaration of Kura's marker interface (package {@code org.eclipse.kura.configuration}).
 * <p>
 * Kura's ConfigurationService tracks every service registered under this interface and renders a form in the web
 * console from the metatype at {@code OSGI-INF/metatype/<pid>.xml}. Compile-only: the bundle imports the real
 * package from the gateway at runtime.
 */
public interface ConfigurableComponent {
}

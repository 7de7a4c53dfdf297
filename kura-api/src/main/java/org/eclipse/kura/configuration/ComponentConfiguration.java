package org.eclipse.kura.configuration;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Declaration of part of Kura's {@code ComponentConfiguration}: what {@link ConfigurationService#getComponentConfiguration
 * (String)} answers for one component. Only the methods used here are declared; Kura's type also has
 * {@code getDefinition()}, whose type lives in {@code org.eclipse.kura.configuration.metatype}, not declared here.
 */
@ProviderType
public interface ComponentConfiguration {

    /** @return the component's {@code kura.service.pid} */
    String getPid();

    /** @return the current configuration, Password values as {@link Password}, or {@code null} when there is none */
    Map<String, Object> getConfigurationProperties();
}

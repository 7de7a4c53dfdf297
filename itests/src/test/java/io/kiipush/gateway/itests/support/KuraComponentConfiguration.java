package io.kiipush.gateway.itests.support;

import java.util.Map;

import org.eclipse.kura.configuration.ComponentConfiguration;

/**
 * Kura's {@code ComponentConfigurationImpl}: one component's {@code kura.service.pid}, its OCD and its properties.
 *
 * @param pid the {@code kura.service.pid}
 * @param definition the OCD Kura renders the form from, may be {@code null}
 * @param properties the properties, {@code null} when Config Admin has none under the PID Kura uses
 */
public record KuraComponentConfiguration(String pid, KuraOcd definition, Map<String, Object> properties)
        implements ComponentConfiguration {

    @Override
    public String getPid() {
        return pid;
    }

    /** @return the OCD (Kura's {@code getDefinition()}), may be {@code null} */
    public KuraOcd getDefinition() {
        return definition;
    }

    @Override
    public Map<String, Object> getConfigurationProperties() {
        return properties;
    }
}

package io.kiipush.demo.consumer;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.util.Arrays;
import java.util.Collections;

import org.junit.Test;

public class ActionNamesTest {

    @Test
    public void flatAndGroupedActions() {
        assertEquals(Arrays.asList("turnPower", "setPresetTemperature"), ActionNames.of(
                "[{\"turnPower\":{\"power\":true}}, {\"setPresetTemperature\":{\"value\":[1,{\"a\":\"}\"}]}}]"));
        assertEquals(Arrays.asList("turnPower", "setFanSpeed"), ActionNames.of(
                "[{\"AirConditionerAlias\":[{\"turnPower\":true},{\"setFanSpeed\":5}]}]"));
        assertEquals(Collections.singletonList("say \"hi\""), ActionNames.of("[{\"say \\\"hi\\\"\":null}]"));
        assertEquals(Collections.emptyList(), ActionNames.of(" [ ] "));
    }

    @Test
    public void notAnActionsArray() {
        for (String bad : new String[] { null, "", "{}", "[{\"a\":1", "[1]", "[{\"a\":1}] x" }) {
            try {
                ActionNames.of(bad);
                fail(bad);
            } catch (IllegalArgumentException expected) {
                // the message names the position
            }
        }
    }
}

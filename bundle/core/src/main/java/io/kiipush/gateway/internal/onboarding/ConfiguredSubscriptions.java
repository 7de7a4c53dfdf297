package io.kiipush.gateway.internal.onboarding;

import java.util.List;
import java.util.Set;

import io.kiipush.gateway.Subscription;
import io.kiipush.gateway.internal.config.ConfigField;

/** Reads the bucket and topic subscription fields: one entry per slot, commas accepted, each checked. */
final class ConfiguredSubscriptions {

    private ConfiguredSubscriptions() {
    }

    /**
     * @param target bucket or topic
     * @param field the field the entries come from, for messages
     * @param entries the entries, may be {@code null} or hold {@code null}s
     * @param identity the gateway's identity: an own scope it cannot address is a problem
     * @param out where valid subscriptions are added (duplicates collapse)
     * @param problems where invalid entries are reported, naming the field and the entry number
     */
    static void read(Subscription.Target target, ConfigField field, String[] entries, IdentityConfig identity,
            Set<Subscription> out, List<String> problems) {
        if (entries == null) {
            return;
        }
        for (int i = 0; i < entries.length; i++) {
            if (entries[i] == null) {
                continue;
            }
            // A comma-separated slot is accepted too: handy outside Kura's one-field-per-entry form.
            for (String part : entries[i].split(",")) {
                String spec = part.trim();
                if (spec.isEmpty()) {
                    continue;
                }
                String where = field.key() + " entry " + (i + 1) + " ('" + spec + "'): ";
                try {
                    Subscription sub = Subscription.parse(target, spec);
                    String ownProblem = IdentityRules.ownScopeProblem(identity, sub);
                    if (ownProblem != null) {
                        problems.add(where + ownProblem);
                    } else {
                        out.add(sub);
                    }
                } catch (IllegalArgumentException e) {
                    problems.add(where + e.getMessage());
                }
            }
        }
    }
}

package io.kiipush.gateway.internal.onboarding;

import static io.kiipush.gateway.internal.config.ConfigField.DATA_DIR;

import java.util.Objects;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identity the onboarding works for and what is known about it: the current settings, the current identity's
 * state and its state file. Owns the onboarding's one {@link #lock}, which also guards the state of the collaborators
 * that work on the identity (flights, subscriptions) and is never held during network I/O.
 * <p>
 * An identity change (other app, identity or credentials) loads the new identity's state file; work still running
 * for the old one finishes against its own {@link Identity} object and is then no longer current.
 */
final class IdentityStore {

    private static final Logger logger = LoggerFactory.getLogger(IdentityStore.class);

    /** One identity's state and the file it is kept in. Its state is read and changed only under the lock. */
    static final class Identity {
        final IdentityState state;
        private StateStore file;

        Identity(IdentityState state, StateStore file) {
            this.state = state;
            this.file = file;
        }

        StateStore file() {
            return file;
        }
    }

    /** What a configuration change changed. */
    static final class Change {
        /** Another identity, or other credentials: previous targets are obsolete and the state is another one. */
        final boolean identity;
        /** Same identity, other MQTT connection settings (transport, TLS): previous targets are obsolete. */
        final boolean connection;
        /** The configured subscriptions changed for an identity that can already subscribe. */
        final boolean subscriptions;

        Change(boolean identity, boolean connection, boolean subscriptions) {
            this.identity = identity;
            this.connection = connection;
            this.subscriptions = subscriptions;
        }
    }

    /** The onboarding's one lock. */
    final Object lock = new Object();

    private final LongSupplier clock;
    private OnboardingSettings settings;
    private Identity current;
    private String lastPersistProblem;
    private boolean closed;

    /**
     * @param settings the initial settings; an invalid configuration has no identity
     * @param clock the time for subscription records, ms since the epoch
     */
    IdentityStore(OnboardingSettings settings, LongSupplier clock) {
        this.clock = clock;
        synchronized (lock) {
            this.settings = settings;
            this.current = settings.isValid() ? load(settings) : null;
        }
    }

    OnboardingSettings settings() {
        synchronized (lock) {
            return settings;
        }
    }

    /** @return the current identity, {@code null} while the configuration is invalid */
    Identity current() {
        synchronized (lock) {
            return current;
        }
    }

    boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /**
     * Refuses every further change.
     *
     * @return false if it was closed already
     */
    boolean close() {
        synchronized (lock) {
            boolean wasOpen = !closed;
            closed = true;
            return wasOpen;
        }
    }

    long now() {
        return clock.getAsLong();
    }

    /** @return the last failure to write the state file, {@code null} after a successful write */
    String lastPersistProblem() {
        synchronized (lock) {
            return lastPersistProblem;
        }
    }

    /**
     * @param next the new settings
     * @return what changed
     */
    Change update(OnboardingSettings next) {
        synchronized (lock) {
            OnboardingSettings prev = settings;
            settings = next;
            boolean identityChanged = !prev.sameIdentity(next);
            boolean subscriptionsChanged = false;
            if (identityChanged) {
                current = next.isValid() ? load(next) : null;
                logger.info("Kii identity changed to {} {}", next.identity.mode, next.identity.identityId());
            } else if (current != null) {
                if (!Objects.equals(prev.dataDir, next.dataDir)) {
                    current.file = new StateStore(next.dataDir, next.stateFileName());
                    logger.info("Kii onboarding state moves to {}", current.file.file());
                    save(current);
                }
                if (current.state.mergeConfigured(next.subscriptions, now())) {
                    save(current);
                    subscriptionsChanged = current.state.onboarded();
                }
            }
            return new Change(identityChanged, !prev.sameConnection(next), subscriptionsChanged);
        }
    }

    /** Writes the identity's state; a failure is logged once and the gateway goes on. */
    void save(Identity id) {
        synchronized (lock) {
            try {
                id.file.save(id.state);
                if (lastPersistProblem != null) {
                    logger.info("Kii onboarding state written again to {}", id.file.file());
                    lastPersistProblem = null;
                }
            } catch (Exception e) {
                String problem = e.getClass().getSimpleName() + ": " + e.getMessage();
                if (!problem.equals(lastPersistProblem)) {
                    logger.warn("Cannot write the Kii onboarding state file {} ({}); the gateway keeps working but may "
                            + "onboard again after a restart: check {}", id.file.file(), problem, DATA_DIR);
                }
                lastPersistProblem = problem;
            }
        }
    }

    private Identity load(OnboardingSettings s) {
        StateStore file = new StateStore(s.dataDir, s.stateFileName());
        IdentityState st = file.load();
        boolean dirty = false;
        if (st != null && !st.belongsTo(s)) {
            logger.warn("Kii onboarding state file {} belongs to another identity; ignoring it", file.file());
            st = null;
        }
        if (st == null) {
            st = IdentityState.fresh(s);
        } else {
            logger.info("Loaded Kii onboarding state of {} from {}: installation {}, endpoint {}",
                    s.identity.identityId(), file.file(), st.installationId, st.endpoint == null ? "none" : "present");
            if (!st.credentialsMatch(s)) {
                logger.info("Kii credentials of {} changed since the last onboarding; onboarding again",
                        s.identity.identityId());
                st.forgetCredentials(s);
                dirty = true;
            }
        }
        if (st.mergeConfigured(s.subscriptions, now())) {
            dirty = true;
        }
        Identity id = new Identity(st, file);
        if (dirty) {
            save(id);
        }
        return id;
    }
}

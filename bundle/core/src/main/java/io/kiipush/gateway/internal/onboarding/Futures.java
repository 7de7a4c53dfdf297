package io.kiipush.gateway.internal.onboarding;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kiipush.gateway.ErrorKind;
import io.kiipush.gateway.internal.endpoint.OnboardingException;
import io.kiipush.gateway.internal.failure.FailureClassifier;

/** The few future helpers the onboarding flows need on Java 8, and how their failures become onboarding failures. */
final class Futures {

    private static final Logger logger = LoggerFactory.getLogger(Futures.class);

    private Futures() {
    }

    /** A step that may throw, started as a future. */
    interface Step<T> {
        CompletableFuture<T> run() throws OnboardingException;
    }

    /** @return the step's future, or a failed one when starting it threw */
    static <T> CompletableFuture<T> start(Step<T> step) {
        try {
            return step.run();
        } catch (Throwable t) {
            return failed(t);
        }
    }

    /** Java 8 has no exceptionallyCompose: continue with {@code handler} when {@code f} fails. */
    static <T> CompletableFuture<T> recover(CompletableFuture<T> f,
            Function<OnboardingException, CompletableFuture<T>> handler) {
        return f.handle((value, error) -> error == null ? CompletableFuture.completedFuture(value)
                : handler.apply(onboardingFailure(error))).thenCompose(Function.identity());
    }

    static <T> CompletableFuture<T> failed(Throwable t) {
        CompletableFuture<T> f = new CompletableFuture<>();
        f.completeExceptionally(t);
        return f;
    }

    /**
     * @param t a failure of a flow, possibly wrapped
     * @return the onboarding failure inside it, or a TRANSIENT "internal error" for anything else (logged: a bug)
     */
    static OnboardingException onboardingFailure(Throwable t) {
        Throwable e = FailureClassifier.unwrap(t);
        if (e instanceof OnboardingException) {
            return (OnboardingException) e;
        }
        logger.error("Unexpected error during Kii onboarding", e);
        return new OnboardingException(ErrorKind.TRANSIENT, "internal error during onboarding ("
                + e.getClass().getSimpleName() + ")", null, 0, e);
    }
}

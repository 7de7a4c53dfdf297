package io.kiipush.gateway.itests;

import javax.inject.Inject;

import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/**
 * The Pax Exam frame of an integration test class: the runner, one framework for the whole class (a class that needs
 * a fresh framework per method says {@code @ExamReactorStrategy(PerMethod.class)} itself), the test's bundle context,
 * and the framework's content, which the class states in {@link #options()} from {@link ItestSupport}'s parts.
 * Classes that test the running gateway extend {@link GatewayItest}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public abstract class FrameworkItest {

    /** The probe's bundle context in the framework under test. */
    @Inject
    protected BundleContext context;

    /** Called by Pax Exam on the driver side, outside the framework: the class's {@link #options()}. */
    @Configuration
    public final Option[] config() {
        return new Option[] { options() };
    }

    /** @return what the framework holds for this class (runs on the driver side; see {@link ItestSupport}) */
    protected abstract Option options();
}

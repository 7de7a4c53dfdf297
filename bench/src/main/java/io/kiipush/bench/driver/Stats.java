package io.kiipush.bench.driver;

import java.util.Arrays;
import java.util.Locale;

/** Median and spread of a few trials. */
record Stats(double median, double min, double max, int n) {

    static Stats of(double... values) {
        double[] v = Arrays.stream(values).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0) {
            return new Stats(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        return new Stats(median, v[0], v[v.length - 1], v.length);
    }

    /** @return e.g. {@code 0.97 [0.91-1.02]}, or just the value for one trial */
    String show(String format) {
        String m = String.format(Locale.ROOT, format, median);
        return n <= 1 ? m : m + " [" + String.format(Locale.ROOT, format, min) + ".." + String.format(Locale.ROOT, format, max) + "]";
    }
}

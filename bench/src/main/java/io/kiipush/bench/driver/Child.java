package io.kiipush.bench.driver;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM (a receiver, or the fleet storm) and its line protocol. Its log (stderr) goes to a
 * file; protocol replies are read by one named thread per child.
 */
final class Child implements AutoCloseable {

    /** JVM options of every receiver, so the baseline and the pipeline get the same heap and collector. */
    static final List<String> JVM_OPTIONS = List.of("-Xms256m", "-Xmx256m", "-XX:+UseSerialGC");

    private final String name;
    private final Process process;
    private final PrintWriter in;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final Thread reader;

    /** A receiver: {@code io.kiipush.bench.child.ReceiverMain} with {@link #JVM_OPTIONS}. */
    Child(String name, List<String> classPath, Path lib, Path work, Path log, String... args) throws IOException {
        this(name, JVM_OPTIONS, "io.kiipush.bench.child.ReceiverMain", classPath, lib, work, log, args);
    }

    Child(String name, List<String> jvmOptions, String mainClass, List<String> classPath, Path lib, Path work, Path log,
            String... args) throws IOException {
        this.name = name;
        Files.createDirectories(work);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        // Extra receiver options for profiling, e.g. -Dkiipush.bench.childJvmArgs=-XX:StartFlightRecording=...
        String extra = System.getProperty("kiipush.bench.childJvmArgs", "").trim();
        if (!extra.isEmpty()) {
            cmd.addAll(List.of(extra.replace("{name}", name).split("\\s+")));
        }
        cmd.add("-Dbench.lib=" + lib);
        cmd.add("-Dbench.work=" + work);
        cmd.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
        cmd.add("-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, classPath));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = pb.start();
        in = new PrintWriter(new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
        reader = new Thread(this::read, "bench-child-" + name);
        reader.setDaemon(true);
        reader.start();
        Map<String, String> ready = await("ready", 60);
        if (ready == null) {
            throw new IOException("child " + name + " did not start; see " + log);
        }
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("@")) {
                    replies.add(line);
                }
            }
        } catch (IOException e) {
            // process gone
        }
        replies.add("@err child " + name + " exited");
    }

    /**
     * Sends a command and waits for its reply.
     *
     * @return the reply's key=value pairs
     * @throws IllegalStateException if the child answers @err or does not answer in time
     */
    Map<String, String> call(String command, int timeoutSec) {
        in.println(command);
        return await(command, timeoutSec);
    }

    Map<String, String> call(String command) {
        return call(command, 120);
    }

    private Map<String, String> await(String what, int timeoutSec) {
        String line;
        try {
            line = replies.poll(timeoutSec, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (line == null) {
            throw new IllegalStateException("child " + name + ": no reply to '" + what + "' within " + timeoutSec + " s");
        }
        if (line.startsWith("@err")) {
            throw new IllegalStateException("child " + name + ": '" + what + "' failed: " + line.substring(4).trim());
        }
        Map<String, String> m = new HashMap<>();
        for (String part : line.substring(3).trim().split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                m.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return m;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                in.println("quit");
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            }
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

}

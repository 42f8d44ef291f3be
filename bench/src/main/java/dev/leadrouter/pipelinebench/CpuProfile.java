package dev.leadrouter.pipelinebench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JDK Flight Recorder CPU profile of this JVM (the stack's: handlers, event sources, ElasticMQ, HTTP API,
 * and the bench's own HTTP client) over one phase, with the CPU time the JVM and the Dynoxide process
 * spent, per lead. Samples are grouped by thread (numbers in names folded) and by top frame.
 */
final class CpuProfile implements AutoCloseable {
    private static final Duration SAMPLE_PERIOD = Duration.ofMillis(10);
    private static final int TOP = 12;
    /** Linux reports process CPU in clock ticks of 1/100 s. */
    private static final double TICK_MILLIS = 10;

    /** Shares are of all execution samples; times are CPU milliseconds per lead. */
    record Figures(Path file, int leads, long samples, Map<String, Long> byThreadGroup, Map<String, Long> topFrames,
                   Map<String, Long> topOwnFrames, double jvmCpuMillisPerLead, double dynamoDbCpuMillisPerLead,
                   double wallSeconds) {
        double share(long count) {
            return samples == 0 ? 0 : 100.0 * count / samples;
        }
    }

    private final Recording recording;
    private final Path file;
    private final long jvmCpuNanosAtStart;
    private final double dynamoDbCpuMillisAtStart;
    private final long startedNanos = System.nanoTime();

    private CpuProfile(Recording recording, Path file) {
        this.recording = recording;
        this.file = file;
        this.jvmCpuNanosAtStart = jvmCpuNanos();
        this.dynamoDbCpuMillisAtStart = childCpuMillis();
    }

    /** Starts recording CPU samples; the recording goes to {@code file}. */
    static CpuProfile start(Path file) {
        try {
            Recording recording = new Recording(Configuration.getConfiguration("default"));
            recording.enable("jdk.ExecutionSample").withPeriod(SAMPLE_PERIOD);
            recording.start();
            return new CpuProfile(recording, file);
        } catch (IOException | ParseException e) {
            throw new IllegalStateException("cannot start a flight recording", e);
        }
    }

    /** Stops recording and reads what it holds, as the cost of {@code leads} leads. */
    Figures stop(int leads) {
        double jvmMillis = (jvmCpuNanos() - jvmCpuNanosAtStart) / 1e6;
        double dynamoDbMillis = childCpuMillis() - dynamoDbCpuMillisAtStart;
        double wall = (System.nanoTime() - startedNanos) / 1e9;
        recording.stop();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            recording.dump(file);
            return read(file, leads, jvmMillis / leads, dynamoDbMillis / leads, wall);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the flight recording " + file, e);
        }
    }

    @Override
    public void close() {
        recording.close();
    }

    static Figures read(Path file, int leads, double jvmPerLead, double dynamoDbPerLead, double wall) throws IOException {
        Map<String, Long> byThread = new HashMap<>();
        Map<String, Long> frames = new HashMap<>();
        Map<String, Long> own = new HashMap<>();
        long samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            samples++;
            var thread = event.getThread("sampledThread");
            byThread.merge(threadGroup(thread == null ? null : thread.getJavaName()), 1L, Long::sum);
            List<RecordedFrame> stack = event.getStackTrace().getFrames();
            if (!stack.isEmpty()) {
                frames.merge(name(stack.get(0)), 1L, Long::sum);
            }
            stack.stream().filter(f -> f.getMethod().getType().getName().startsWith("dev.leadrouter.")).findFirst()
                    .ifPresent(f -> own.merge(name(f), 1L, Long::sum));
        }
        return new Figures(file, leads, samples, top(byThread, Integer.MAX_VALUE), top(frames, TOP), top(own, TOP),
                jvmPerLead, dynamoDbPerLead, wall);
    }

    /** A thread's name with its numbers folded, so a pool is one group; virtual threads have no name. */
    static String threadGroup(String name) {
        if (name == null || name.isEmpty()) {
            return "(virtual threads: HTTP API requests)";
        }
        return name.replaceAll("\\d+", "N");
    }

    private static String name(RecordedFrame frame) {
        String type = frame.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
    }

    private static Map<String, Long> top(Map<String, Long> counts, int limit) {
        Map<String, Long> top = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(limit)
                .forEach(e -> top.put(e.getKey(), e.getValue()));
        return top;
    }

    private static long jvmCpuNanos() {
        return ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class).getProcessCpuTime();
    }

    /** CPU time of this JVM's child processes (the Dynoxide server), from /proc; 0 where there is none. */
    private static double childCpuMillis() {
        return ProcessHandle.current().descendants().mapToDouble(child -> {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(child.pid()), "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * TICK_MILLIS;
            } catch (IOException | RuntimeException gone) {
                return 0;
            }
        }).sum();
    }
}

package io.github.mlplatform.spark;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mlplatform.core.util.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Spark standalone cluster on localhost: Spark's own {@code Master} and {@code Worker}, started
 * from {@code target/spark} (the Spark home this build assembles), each in a JVM of its own; the
 * driver is started as {@code ./ml sweep} starts it (the {@code -all} jar and Spark's jars, the same
 * JVM options) with {@code --master spark://127.0.0.1:PORT}, so the tasks run in an executor JVM that
 * the worker launches and that loads the experiments from the application jar the driver ships. A
 * small linear-regression sweep with one configuration that fails at run time.
 */
class StandaloneClusterIT {

    @TempDir
    Path tmp;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopCluster() throws InterruptedException {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        for (Process p : started) {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void aSweepRunsItsTasksInExecutorsOfAStandaloneCluster() throws Exception {
        Path sparkHome = Path.of(System.getProperty("ml.spark.home"));
        Path appJar = Path.of(System.getProperty("ml.spark.appJar"));
        List<String> sparkOptions = Arrays.asList(System.getProperty("ml.spark.javaOptions").trim().split("\\s+"));
        assertThat(appJar).isRegularFile();
        int port = freePort();
        String master = "spark://127.0.0.1:" + port;
        String sparkClassPath = sparkHome.resolve("conf") + File.pathSeparator + sparkHome.resolve("jars") + File.separator + "*";

        start("master", sparkOptions, sparkClassPath, "org.apache.spark.deploy.master.Master",
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--webui-port", Integer.toString(freePort()));
        awaitPort(port);
        start("worker", sparkOptions, sparkClassPath, "org.apache.spark.deploy.worker.Worker",
                "--host", "127.0.0.1", "--cores", "2", "--memory", "3g", "--webui-port", Integer.toString(freePort()),
                "--work-dir", tmp.resolve("work").toString(), master);

        // the driver's class path as ./ml sweep builds it: the application jar, then Spark's jars less Logback
        String driverClassPath;
        try (Stream<Path> jars = Files.list(sparkHome.resolve("jars"))) {
            driverClassPath = appJar + File.pathSeparator + jars.filter(j -> !j.getFileName().toString().startsWith("logback-"))
                    .map(Path::toString).sorted().collect(Collectors.joining(File.pathSeparator));
        }
        Path out = tmp.resolve("sweep");
        Process driver = start("driver", sparkOptions, driverClassPath, "io.github.mlplatform.spark.SweepMain",
                "sweep", "linear-regression", "--grid", "degree=1,5", "--seeds", "2", "-P", "points=3", "-P", "outliers=0",
                "-P", "epochs=2", "--metric", "least_squares_mse", "--master", master, "--out", out.toString(),
                "--conf", "spark.executor.memory=1g", "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.cores.max=2");
        boolean done = driver.waitFor(240, TimeUnit.SECONDS);
        String log = Files.readString(tmp.resolve("driver.log"));
        assertThat(done).as("driver finished in time:\n" + log).isTrue();
        assertThat(driver.exitValue()).as(log).isEqualTo(SweepMain.FAILED);
        assertThat(log).contains("to run on " + master).contains("2 of 4 configurations finished, 2 failed");

        JsonNode sweep = Json.read(out.resolve(SweepReport.JSON));
        assertThat(sweep.path("master").asText()).isEqualTo(master);
        JsonNode configs = sweep.path("configurations");
        assertThat(configs).hasSize(4);
        long driverPid = driver.pid();
        for (JsonNode c : configs) {
            String worker = c.path("worker").asText();
            assertThat(worker).as("ran in an executor JVM, not the driver").doesNotEndWith(":" + driverPid).matches(".+:\\d+");
            boolean good = c.path("params").path("degree").asText().equals("1");
            assertThat(c.path("status").asText()).isEqualTo(good ? "finished" : "failed");
            if (good) {
                assertThat(c.path("final").path("least_squares_mse").asDouble()).isPositive();
                assertThat(out.resolve(c.path("run_dir").asText()).resolve("report.html")).isRegularFile();
            } else {
                assertThat(c.path("error").asText()).contains("expected at least 6 observations");
            }
        }
        assertThat(out.resolve(SweepReport.HTML)).isRegularFile();
    }

    private Process start(String name, List<String> jvmOptions, String classPath, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1g");
        cmd.addAll(jvmOptions);
        cmd.add("-Dorg.bytedeco.javacpp.platform.extension=-onednn-avx2");
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve(name + ".log").toFile());
        pb.environment().put("SPARK_HOME", System.getProperty("ml.spark.home"));
        pb.environment().put("SPARK_SCALA_VERSION", "2.12");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void awaitPort(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(300);
            }
        }
        throw new AssertionError("the master did not listen on port " + port + ":\n" + Files.readString(tmp.resolve("master.log")));
    }
}

package io.fetchflux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * The packaged jar, run as users run it ({@code java @jvm.options -jar target/fetchflux-*.jar})
 * in a process of its own, for the integration tests ({@code *IT}, run by failsafe after
 * {@code package}). Its standard output and error go to files under {@code target/it}, and
 * {@link #close()} always kills it.
 */
public final class PackagedJar implements AutoCloseable {

	private static final Duration STARTUP = Duration.ofSeconds(90);

	private final Process process;

	private final int port;

	private final int managementPort;

	private final Path stdout;

	private final Path stderr;

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private PackagedJar(Process process, int port, int managementPort, Path stdout, Path stderr) {
		this.process = process;
		this.port = port;
		this.managementPort = managementPort;
		this.stdout = stdout;
		this.stderr = stderr;
	}

	/**
	 * Start the jar on a free port, with the actuator on the same port, and wait until it is ready.
	 * @param name names the log files
	 * @param environment variables added to the process's environment
	 * @param arguments application arguments, such as {@code --name=value}
	 * @return the running jar
	 */
	public static PackagedJar start(String name, Map<String, String> environment, String... arguments) {
		return start(name, environment, false, arguments);
	}

	/**
	 * Start the jar on free ports, and wait until it is ready.
	 * @param name names the log files
	 * @param environment variables added to the process's environment; {@code SERVER_PORT} and
	 * {@code MANAGEMENT_SERVER_PORT} are set unless given
	 * @param separateManagementPort whether the actuator gets a port of its own
	 * @param arguments application arguments, such as {@code --name=value}
	 * @return the running jar
	 */
	public static PackagedJar start(String name, Map<String, String> environment, boolean separateManagementPort,
			String... arguments) {
		Path jar = Path.of(System.getProperty("fetchflux.jar", "target/fetchflux-0.1.0-SNAPSHOT.jar")).toAbsolutePath();
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(jar + " is missing: integration tests run in verify, after package");
		}
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> command = new ArrayList<>(List.of(java, "@" + Path.of("jvm.options").toAbsolutePath(), "-jar",
				jar.toString()));
		command.addAll(List.of(arguments));
		ProcessBuilder builder = new ProcessBuilder(command);
		int port = Integer.parseInt(environment.getOrDefault("SERVER_PORT", String.valueOf(freePort())));
		builder.environment().put("SERVER_PORT", String.valueOf(port));
		int managementPort = port;
		if (separateManagementPort) {
			managementPort = Integer
				.parseInt(environment.getOrDefault("MANAGEMENT_SERVER_PORT", String.valueOf(freePort())));
			builder.environment().put("MANAGEMENT_SERVER_PORT", String.valueOf(managementPort));
		}
		builder.environment().putAll(environment);
		Path logs = Path.of("target", "it").toAbsolutePath();
		Path stdout = logs.resolve(name + ".out");
		Path stderr = logs.resolve(name + ".err");
		try {
			Files.createDirectories(logs);
			// No application.yml in the working directory: the jar's packaged defaults apply.
			Process process = builder.directory(logs.toFile())
				.redirectOutput(stdout.toFile())
				.redirectError(stderr.toFile())
				.start();
			PackagedJar started = new PackagedJar(process, port, managementPort, stdout, stderr);
			started.awaitReady();
			return started;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void awaitReady() {
		try {
			await().atMost(STARTUP).pollInterval(Duration.ofMillis(100)).until(() -> {
				if (!this.process.isAlive()) {
					throw new IllegalStateException("The jar exited with " + this.process.exitValue() + ":\n" + output());
				}
				try {
					return get(managementUri("/actuator/health/readiness")).statusCode() == 200;
				}
				catch (IOException ex) {
					return false;
				}
			});
		}
		catch (RuntimeException ex) {
			close();
			throw ex;
		}
	}

	public Process process() {
		return this.process;
	}

	public int port() {
		return this.port;
	}

	public URI uri(String pathAndQuery) {
		return URI.create("http://127.0.0.1:" + this.port + pathAndQuery);
	}

	public URI managementUri(String pathAndQuery) {
		return URI.create("http://127.0.0.1:" + this.managementPort + pathAndQuery);
	}

	/**
	 * A GET on a new connection.
	 */
	public HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * What the process wrote to its standard output so far.
	 */
	public List<String> stdoutLines() {
		try {
			return Files.readAllLines(this.stdout, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Standard output and error, for failure messages.
	 */
	public String output() {
		try {
			return Files.readString(this.stdout) + Files.readString(this.stderr);
		}
		catch (IOException ex) {
			return "(no output: " + ex.getMessage() + ")";
		}
	}

	@Override
	public void close() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * A port that was free a moment ago.
	 */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}

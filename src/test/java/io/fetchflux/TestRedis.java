package io.fetchflux;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} on a free loopback port, started and stopped by a test: Debian's
 * where it is installed, else the Linux build that {@code embedded-redis} ships in its jar. It
 * can be stopped and started again on the same port, to show what the service does while Redis
 * is away.
 */
public final class TestRedis implements AutoCloseable {

	private static final Path DEBIAN = Path.of("/usr/bin/redis-server");

	private static final String EMBEDDED = "/redis-server-6.2.6-v5-linux-amd64";

	private static final Duration READY = Duration.ofSeconds(20);

	private final Path executable;

	private final int port;

	private Process process;

	private TestRedis(Path executable, int port) {
		this.executable = executable;
		this.port = port;
	}

	/**
	 * Start a server on a free loopback port.
	 * @return the running server
	 */
	public static TestRedis start() {
		TestRedis redis = new TestRedis(executable(), freePort());
		redis.startAgain();
		return redis;
	}

	/**
	 * The port the server listens on, on 127.0.0.1.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * The properties that point Spring Data Redis at this server.
	 * @return {@code spring.data.redis.*} properties
	 */
	public String[] properties() {
		return new String[] { "spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + this.port };
	}

	/**
	 * Start the server again on the same port, with no data, after {@link #stop()}.
	 */
	public synchronized void startAgain() {
		if (this.process != null && this.process.isAlive()) {
			return;
		}
		try {
			this.process = new ProcessBuilder(this.executable.toString(), "--port", String.valueOf(this.port), "--bind",
					"127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes", "--loglevel",
					"warning")
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		awaitPing();
	}

	/**
	 * Kill the server, as a crash or a network partition would look to the service.
	 */
	public synchronized void stop() {
		if (this.process == null) {
			return;
		}
		this.process.destroyForcibly();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				throw new IllegalStateException("redis-server did not stop");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Run a command with {@code redis-cli}-like inline syntax and return the raw reply, for
	 * tests that look at what the service stored.
	 * @param command the words of the command
	 * @return the server's reply, as RESP text
	 */
	public String command(String... command) {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(5000);
			StringBuilder request = new StringBuilder("*" + command.length + "\r\n");
			for (String word : command) {
				request.append('$').append(word.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(word)
					.append("\r\n");
			}
			socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
			socket.shutdownOutput();
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		stop();
	}

	private void awaitPing() {
		long deadline = System.nanoTime() + READY.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("redis-server exited with " + this.process.exitValue());
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 200);
				socket.setSoTimeout(1000);
				socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
				byte[] reply = new byte[7];
				if (socket.getInputStream().readNBytes(reply, 0, 7) == 7
						&& new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n")) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		throw new IllegalStateException("redis-server did not answer PING within " + READY);
	}

	private static Path executable() {
		if (Files.isExecutable(DEBIAN)) {
			return DEBIAN;
		}
		try (InputStream in = TestRedis.class.getResourceAsStream(EMBEDDED)) {
			if (in == null) {
				throw new IllegalStateException("No redis-server: install Debian's redis-server or keep embedded-redis on the test classpath");
			}
			Path file = Files.createTempFile("redis-server-", "");
			Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
			file.toFile().setExecutable(true);
			file.toFile().deleteOnExit();
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}

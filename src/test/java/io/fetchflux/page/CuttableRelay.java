package io.fetchflux.page;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A TCP relay on a loopback port in front of the service, whose open connections a test can cut
 * as a flaky network would. It keeps what the clients sent, to read their request headers.
 */
final class CuttableRelay implements AutoCloseable {

	private final ServerSocket server;

	private final int target;

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private final StringBuffer sent = new StringBuffer();

	private final ExecutorService threads = Executors.newCachedThreadPool();

	CuttableRelay(int target) {
		this.target = target;
		try {
			this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.threads.execute(this::accept);
	}

	int port() {
		return this.server.getLocalPort();
	}

	/**
	 * Close every connection open through the relay; new ones are relayed as before.
	 */
	void cut() {
		for (Socket socket : this.open) {
			closeQuietly(socket);
		}
	}

	/**
	 * Everything clients sent through the relay so far, bytes as ISO-8859-1 characters.
	 */
	String sent() {
		return this.sent.toString();
	}

	@Override
	public void close() throws InterruptedException {
		closeQuietly(this.server);
		cut();
		this.threads.shutdownNow();
		this.threads.awaitTermination(5, TimeUnit.SECONDS);
	}

	private void accept() {
		while (!this.server.isClosed()) {
			Socket client;
			try {
				client = this.server.accept();
			}
			catch (IOException ex) {
				// Closed by close(): the loop ends.
				continue;
			}
			try {
				Socket service = new Socket(InetAddress.getLoopbackAddress(), this.target);
				this.open.add(client);
				this.open.add(service);
				this.threads.execute(() -> pump(client, service, true));
				this.threads.execute(() -> pump(service, client, false));
			}
			catch (IOException ex) {
				closeQuietly(client);
			}
		}
	}

	private void pump(Socket from, Socket to, boolean keep) {
		byte[] buffer = new byte[8192];
		try {
			InputStream in = from.getInputStream();
			OutputStream out = to.getOutputStream();
			for (int read = in.read(buffer); read != -1; read = in.read(buffer)) {
				if (keep) {
					this.sent.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
				}
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException ex) {
			// Cut, or closed by the other side: both ends are closed below.
		}
		finally {
			this.open.remove(from);
			this.open.remove(to);
			closeQuietly(from);
			closeQuietly(to);
		}
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// Already closed.
		}
	}

}

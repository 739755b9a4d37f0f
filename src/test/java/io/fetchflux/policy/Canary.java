package io.fetchflux.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP listener that only counts the connections it accepts: a hostile URL aimed at it must
 * never make the service connect.
 */
final class Canary implements AutoCloseable {

	private final ServerSocket socket;

	private final AtomicInteger accepted = new AtomicInteger();

	private Canary(ServerSocket socket) {
		this.socket = socket;
		Thread acceptor = new Thread(this::accept, "canary-" + socket.getLocalSocketAddress());
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/**
	 * Listen on a random port of a local address.
	 * @param address such as {@code 127.0.0.1}, {@code 127.0.0.2} or {@code ::1}
	 * @return the canary, or {@code null} if the address cannot be bound here
	 */
	static Canary listenOn(String address) {
		try {
			ServerSocket socket = new ServerSocket();
			socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
			return new Canary(socket);
		}
		catch (IOException ex) {
			return null;
		}
	}

	static Canary mustListenOn(String address) {
		Canary canary = listenOn(address);
		if (canary == null) {
			throw new UncheckedIOException(new IOException("Cannot listen on " + address));
		}
		return canary;
	}

	int port() {
		return this.socket.getLocalPort();
	}

	int accepted() {
		return this.accepted.get();
	}

	private void accept() {
		while (!this.socket.isClosed()) {
			try (Socket connection = this.socket.accept()) {
				this.accepted.incrementAndGet();
			}
			catch (IOException ex) {
				// closed
			}
		}
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}

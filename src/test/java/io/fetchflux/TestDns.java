package io.fetchflux;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.resolver.AbstractAddressResolver;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;

/**
 * DNS for the tests: chosen names answer chosen addresses, and nothing leaves the machine. A
 * name given several answers returns them in turn, then keeps the last, as a rebinding
 * attacker's DNS server would.
 */
public final class TestDns extends AddressResolverGroup<InetSocketAddress> {

	private final Map<String, Deque<List<InetAddress>>> answers = new ConcurrentHashMap<>();

	/**
	 * Add the next answer for a name.
	 */
	public TestDns answer(String name, String... addresses) {
		List<InetAddress> answer = Arrays.stream(addresses).map(TestDns::literal).toList();
		this.answers.computeIfAbsent(name.toLowerCase(Locale.ROOT), (key) -> new ArrayDeque<>()).add(answer);
		return this;
	}

	@Override
	protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
		return new AbstractAddressResolver<>(executor, InetSocketAddress.class) {

			@Override
			protected boolean doIsResolved(InetSocketAddress address) {
				return !address.isUnresolved();
			}

			@Override
			protected void doResolve(InetSocketAddress unresolved, Promise<InetSocketAddress> promise) {
				List<InetAddress> found = lookup(unresolved.getHostString());
				if (found.isEmpty()) {
					promise.setFailure(new UnknownHostException(unresolved.getHostString()));
				}
				else {
					promise.setSuccess(new InetSocketAddress(found.get(0), unresolved.getPort()));
				}
			}

			@Override
			protected void doResolveAll(InetSocketAddress unresolved, Promise<List<InetSocketAddress>> promise) {
				List<InetAddress> found = lookup(unresolved.getHostString());
				if (found.isEmpty()) {
					promise.setFailure(new UnknownHostException(unresolved.getHostString()));
				}
				else {
					promise.setSuccess(
							found.stream().map((address) -> new InetSocketAddress(address, unresolved.getPort())).toList());
				}
			}

		};
	}

	private List<InetAddress> lookup(String name) {
		Deque<List<InetAddress>> queue = this.answers.get(name.toLowerCase(Locale.ROOT));
		if (queue == null) {
			return List.of();
		}
		synchronized (queue) {
			return (queue.size() > 1) ? queue.poll() : queue.peek();
		}
	}

	private static InetAddress literal(String address) {
		try {
			return InetAddress.getByAddress(address, InetAddress.getByName(address).getAddress());
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

}
